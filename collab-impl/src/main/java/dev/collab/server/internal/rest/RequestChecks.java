package dev.collab.server.internal.rest;

import dev.collab.Access;
import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.Ids;
import dev.collab.User;
import dev.collab.spi.AccessPolicy;
import dev.collab.spi.DocumentStore;
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

  /**
   * The caller's access to an existing document; {@code unknown-document} (404) alike for a
   * document that does not exist and one the caller may not read, so that a user without access
   * learns nothing of its existence; {@code bad-message} for a malformed id.
   */
  static Access access(AccessPolicy policy, DocumentStore store, User user, String id) {
    if (!Ids.isDocumentId(id)) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, "bad document id");
    }
    Access access = policy.access(user, id);
    if (!access.allows(Access.READ)) {
      // Not even its existence is shown to a user without access.
      throw new CollabException(ErrorCode.UNKNOWN_DOCUMENT, "no document " + id);
    }
    if (store.find(id).isEmpty()) {
      throw new CollabException(ErrorCode.UNKNOWN_DOCUMENT, "no document " + id);
    }
    return access;
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
