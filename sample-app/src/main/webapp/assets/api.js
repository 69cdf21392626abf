// Calls to the server's REST resources (Collab's under collab/api, the sample's under app), with
// the session cookie the browser holds. State-changing requests carry X-Collab-Request, which a
// cross-site form cannot send. An expired session sends the page back to the login.

/** The application's root URL (this module lives in {context}/assets/). */
export const root = new URL('..', import.meta.url);

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['X-Collab-Request'] = '1';
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(new URL(path, root), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  // 401 from Collab's REST; the login form itself (HTML) from the sample's, whose pages are behind the login
  const html = (response.headers.get('Content-Type') || '').startsWith('text/html');
  if (response.status === 401 || html) {
    window.location.assign(new URL('login.html', root));
    throw new ApiError(401, 'login', 'the session has ended');
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    throw new ApiError(response.status, 'internal', 'the server answered ' + response.status);
  }
  if (!response.ok) {
    throw new ApiError(response.status, data && data.title, (data && data.detail) || 'the server answered ' + response.status);
  }
  return data;
}

/** Shows who is logged in, in the element with id "me". */
export async function showMe() {
  const me = await api('GET', 'app/me');
  const role = me.roles.map((r) => r.replace('collab-', '')).join(', ') || 'no role';
  document.getElementById('me').textContent = me.name + ' (' + role + ')';
  return me;
}
