package dev.collab.server;

import dev.collab.server.internal.config.CollabSettings;
import dev.collab.server.internal.ws.HandshakeFilter;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Collab's rule for which pages may talk to it, for an application's own forms: a login or
 * settings POST should refuse the same cross-site origins that Collab's WebSocket handshake and
 * REST checks refuse. An origin is accepted when it is in {@code collab.allowed-origins} (or that
 * list holds {@code *}), or, with an empty list, when it is this server's own origin (scheme
 * family, host and port of the request's {@code Host}). The list is the one Collab parsed when
 * the application started; it is not read again per request.
 */
public final class CollabOrigins {
  private CollabOrigins() {}

  /**
   * Whether a browser sent {@code request} from a page of another site: it carries an {@code
   * Origin} header that Collab's configuration does not accept. A request without {@code Origin}
   * (not a browser, or a same-origin GET) is not cross-site by this test.
   *
   * @param request the application's request, as its servlet or filter received it
   * @return true when the request should be refused as cross-site
   */
  public static boolean crossSite(HttpServletRequest request) {
    String origin = request.getHeader("Origin");
    return origin != null
        && !HandshakeFilter.originAllowed(origin, request.getScheme(), request.getHeader("Host"), CollabSettings.deployed().wire());
  }
}
