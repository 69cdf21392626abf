package dev.collab.sample;

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
 * {@code POST login} with {@code username} and {@code password} (the form of {@code login.html}):
 * authenticates through Jakarta Security. On success the browser goes back to the page that sent
 * it to the login (the mechanism redirects), or to the document list; on failure to
 * {@code login.html?error}. The session id changes at login (no session fixation).
 */
@WebServlet("/login")
public class LoginServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject transient SecurityContext security;

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String user = request.getParameter("username");
    String password = request.getParameter("password");
    if (user == null || password == null || user.isEmpty() || user.length() > 128 || password.length() > 1024) {
      response.sendRedirect(request.getContextPath() + "/login.html?error");
      return;
    }
    AuthenticationStatus status = security.authenticate(request, response, AuthenticationParameters.withParams()
        .credential(new UsernamePasswordCredential(user, new Password(password)))
        .newAuthentication(true));
    switch (status) {
      case SUCCESS:
        renewSession(request, response);
        response.sendRedirect(request.getContextPath() + "/");
        break;
      case SEND_CONTINUE:
        // the mechanism has answered: a redirect to the page that asked for the login
        renewSession(request, response);
        break;
      default:
        response.sendRedirect(request.getContextPath() + "/login.html?error");
    }
  }

  private static void renewSession(HttpServletRequest request, HttpServletResponse response) {
    if (request.getSession(false) != null && !response.isCommitted()) {
      request.changeSessionId();
    }
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.sendRedirect(request.getContextPath() + "/login.html");
  }
}
