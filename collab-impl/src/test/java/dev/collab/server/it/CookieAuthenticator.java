package dev.collab.server.it;

import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.security.AuthenticationState;
import org.eclipse.jetty.security.UserIdentity;
import org.eclipse.jetty.security.authentication.LoginAuthenticator;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The browser tests' stand-in for a host application's login: the cookie {@value #COOKIE} names one
 * of the users of {@link TestSecurity}, and every request carrying it (pages, REST, and the
 * WebSocket handshake, as a session cookie would) is authenticated as that user. Stateless, so it
 * survives the server being stopped and started again, which the tests do on purpose.
 */
final class CookieAuthenticator extends LoginAuthenticator {
  static final String COOKIE = "collab-test-user";

  @Override
  public String getAuthenticationType() {
    return "COOKIE";
  }

  @Override
  public AuthenticationState validateRequest(Request request, Response response, Callback callback) {
    for (HttpCookie cookie : Request.getCookies(request)) {
      if (COOKIE.equals(cookie.getName())) {
        UserIdentity user = login(cookie.getValue(), TestSecurity.PASSWORD, request, response);
        if (user != null) {
          return new UserAuthenticationSucceeded(getAuthenticationType(), user);
        }
      }
    }
    return null;
  }
}
