package dev.collab.server.internal.ws;

import dev.collab.server.internal.config.WireConfig;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;

/**
 * Refuses a WebSocket handshake before the upgrade, as the protocol asks: 403 for an
 * {@code Origin} that is neither on the allowlist nor the server's own origin (this closes
 * cross-site WebSocket hijacking, which cookie sessions otherwise invite), 401 without an
 * authenticated principal unless anonymous users are allowed. A handshake without {@code Origin}
 * comes from a non-browser client and is judged on its authentication alone.
 */
public final class HandshakeFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;

  private final WireConfig config;

  public HandshakeFilter(WireConfig config) {
    this.config = config;
  }

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!originAllowed(request.getHeader("Origin"), request.getScheme(), request.getHeader("Host"), config)) {
      response.sendError(HttpServletResponse.SC_FORBIDDEN, "origin not allowed");
      return;
    }
    if (request.getUserPrincipal() == null && !config.allowAnonymous()) {
      response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "authentication required");
      return;
    }
    chain.doFilter(request, response);
  }

  /**
   * True when there is no {@code Origin} (not a browser), or it is on the allowlist, or, with an
   * empty allowlist, it is this server's own origin (same scheme family, host and port as the
   * request's {@code Host}).
   */
  public static boolean originAllowed(String origin, String scheme, String host, WireConfig config) {
    if (origin == null) {
      return true;
    }
    if (!config.allowedOrigins().isEmpty()) {
      return config.allowedOrigins().contains(origin) || config.allowedOrigins().contains("*");
    }
    if (host == null) {
      return false;
    }
    try {
      URI uri = URI.create(origin);
      String originHost = uri.getHost();
      if (originHost == null || uri.getScheme() == null) {
        return false;
      }
      int originPort = uri.getPort() != -1 ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
      URI self = URI.create("http://" + host);
      boolean secure = "https".equalsIgnoreCase(scheme) || "wss".equalsIgnoreCase(scheme);
      int selfPort = self.getPort() != -1 ? self.getPort() : (secure ? 443 : 80);
      return originHost.equalsIgnoreCase(self.getHost()) && originPort == selfPort;
    } catch (IllegalArgumentException malformed) {
      return false; // a malformed Origin or Host is refused: the caller answers 403
    }
  }
}
