// Shows why the login page came back (a failed login, a logout), and sends along the page that
// asked for the login: the server forwards to this page, so the address bar still shows it.
'use strict';
(function () {
  const query = new URLSearchParams(window.location.search);
  const message = document.getElementById('message');
  if (!window.location.pathname.endsWith('/login.html')) {
    document.getElementById('continue').value = window.location.pathname + window.location.search;
  }
  if (query.has('error')) {
    message.textContent = 'Wrong user or password.';
    message.className = 'error';
    message.hidden = false;
  } else if (query.has('bye')) {
    message.textContent = 'You are logged out.';
    message.hidden = false;
  }
})();
