// Shows why the login page came back: a failed login or a logout.
'use strict';
(function () {
  const query = new URLSearchParams(window.location.search);
  const message = document.getElementById('message');
  if (query.has('error')) {
    message.textContent = 'Wrong user or password.';
    message.className = 'error';
    message.hidden = false;
  } else if (query.has('bye')) {
    message.textContent = 'You are logged out.';
    message.hidden = false;
  }
})();
