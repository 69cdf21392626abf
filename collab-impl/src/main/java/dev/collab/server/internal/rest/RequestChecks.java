package dev.collab.server.internal.rest;

import dev.collab.User;
import dev.collab.server.internal.config.WireConfig;
import dev.collab.server.internal.ws.CollabHandshake;
import dev.collab.server.internal.ws.HandshakeFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.SecurityContext;

/**
 * The checks every Collab resource makes: who asks (401 without a login, unless anonymous users
 * are allowed), and, for a state-changing request, that it comes from this site: an {@code Origin}
 * of the server's own (or an allowlisted one), or, without an {@code Origin}, the header
 * {@value #CSRF_HEADER}, which a cross-site form cannot set. That closes cross-site request
 * forgery with cookie sessions.
 */
final class RequestChecks {
  static final String CSRF_HEADER = "X-Collab-Request";

  private RequestChecks() {}

  /** The caller as a Collab user (with its {@code collab-*} roles); 401 when there is none. */
  static User user(SecurityContext security, WireConfig config) {
    User user = CollabHandshake.user(security.getUserPrincipal(), security::isUserInRole, config);
    if (user == null) {
      throw new NotAuthorizedException("authentication required", "Basic");
    }
    return user;
  }

  /** 403 unless a state-changing request comes from this site (see the class comment). */
  static void checkStateChange(HttpServletRequest request, WireConfig config) {
    String origin = request.getHeader("Origin");
    if (origin != null) {
      if (!HandshakeFilter.originAllowed(origin, request.getScheme(), request.getHeader("Host"), config)) {
        throw new ForbiddenException("cross-origin request refused");
      }
    } else if (request.getHeader(CSRF_HEADER) == null) {
      throw new ForbiddenException("a state-changing request needs an Origin of this site or the " + CSRF_HEADER + " header");
    }
  }
}
