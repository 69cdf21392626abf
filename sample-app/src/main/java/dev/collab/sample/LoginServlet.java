package dev.collab.sample;

import dev.collab.server.CollabOrigins;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.Password;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code POST login} with {@code username}, {@code password} and optionally {@code continue} (the
 * form of {@code login.html}): authenticates through Jakarta Security. On success the browser goes
 * to {@code continue} when it is a path inside this application (the page that asked for the
 * login), else to the document list; on failure to {@code login.html?error}. An earlier session is
 * ended first, so a login always gets a new session id (no session fixation). A login posted from
 * another site (its {@code Origin} is not this server's, nor on {@code collab.allowed-origins}) is
 * refused with 403: otherwise a foreign page could log the visitor in as the attacker (login CSRF).
 * A request without {@code Origin} comes from a non-browser client and is let through.
 */
@WebServlet("/login")
public class LoginServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject transient SecurityContext security;

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (CollabOrigins.crossSite(request)) {
      response.sendError(HttpServletResponse.SC_FORBIDDEN, "a login from another site is refused");
      return;
    }
    String user = request.getParameter("username");
    String password = request.getParameter("password");
    if (user == null || password == null || user.isEmpty() || user.length() > 128 || password.length() > 1024) {
      response.sendRedirect(request.getContextPath() + "/login.html?error");
      return;
    }
    // A login always starts a fresh session: whatever an earlier session held (another user, an
    // id an attacker planted) is gone.
    jakarta.servlet.http.HttpSession earlier = request.getSession(false);
    if (earlier != null) {
      try {
        request.logout();
      } catch (jakarta.servlet.ServletException e) {
        throw new IOException("could not end the earlier login", e);
      }
      earlier.invalidate();
    }
    AuthenticationStatus status = security.authenticate(request, response, AuthenticationParameters.withParams()
        .credential(new UsernamePasswordCredential(user, new Password(password)))
        .newAuthentication(true));
    if (status == AuthenticationStatus.SUCCESS) {
      response.sendRedirect(continueTo(request.getContextPath(), request.getParameter("continue")));
    } else if (status != AuthenticationStatus.SEND_CONTINUE) {
      response.sendRedirect(request.getContextPath() + "/login.html?error");
    }
  }

  /**
   * Where to go after the login: {@code requested} when it is a path of this application (starts
   * with the context path and a slash, no scheme, no {@code //}, no backslash, no control
   * characters), else the document list. Never another site: no open redirect.
   */
  static String continueTo(String contextPath, String requested) {
    String home = contextPath + "/";
    if (requested == null || !requested.startsWith(home) || requested.length() > 2048
        || requested.contains("//") || requested.contains("\\") || requested.endsWith("/login.html")
        || requested.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
      return home;
    }
    return requested;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.sendRedirect(request.getContextPath() + "/login.html");
  }
}
