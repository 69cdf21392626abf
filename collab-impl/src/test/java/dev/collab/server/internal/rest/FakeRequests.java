package dev.collab.server.internal.rest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.SecurityContext;
import java.lang.reflect.Proxy;
import java.security.Principal;

/** What a resource test injects for a request: the caller's security context and the servlet request. */
final class FakeRequests {
  private FakeRequests() {}

  /** A form login of {@code userId}, in no role. */
  static SecurityContext security(String userId) {
    return new SecurityContext() {
      @Override public Principal getUserPrincipal() { return () -> userId; }
      @Override public boolean isUserInRole(String role) { return false; }
      @Override public boolean isSecure() { return false; }
      @Override public String getAuthenticationScheme() { return "FORM"; }
    };
  }

  /** A plain http request, with the CSRF header when {@code csrfHeader}, without Origin. */
  static HttpServletRequest request(boolean csrfHeader) {
    return (HttpServletRequest) Proxy.newProxyInstance(FakeRequests.class.getClassLoader(),
        new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getHeader" -> csrfHeader && RequestChecks.CSRF_HEADER.equals(args[0]) ? "1" : null;
          case "getScheme" -> "http";
          default -> null;
        });
  }
}
