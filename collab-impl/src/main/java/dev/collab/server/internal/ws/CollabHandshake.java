package dev.collab.server.internal.ws;

import dev.collab.server.internal.config.WireConfig;

import dev.collab.Ids;
import dev.collab.User;
import dev.collab.server.defaults.RoleAccessPolicy;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.security.Principal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Captures the container's authenticated principal and its {@code collab-*} roles at the
 * handshake, and checks the {@code Origin}. The refusals as HTTP responses (401, 403) happen in
 * {@link HandshakeFilter} before the upgrade; this is the second line: a handshake that got here
 * without passing is marked, and the endpoint closes it with 1008 at once.
 */
public final class CollabHandshake extends ServerEndpointConfig.Configurator {
  static final String USER = "dev.collab.user";
  static final String REFUSED = "dev.collab.refused";
  /** The deployment's {@link WireConfig}, parsed once at start, for the endpoint. */
  static final String WIRE = "dev.collab.wire";
  /** The id of the HTTP session the handshake came with, if any: its end closes the connection. */
  static final String HTTP_SESSION = "dev.collab.httpSession";
  static final List<String> ROLES = List.of(RoleAccessPolicy.ADMIN, RoleAccessPolicy.WRITER, RoleAccessPolicy.READER);

  private final WireConfig config;
  /** Looked up at the first connection (CDI is not ready when the endpoint is registered). */
  private volatile @Nullable EndpointBeans beans;

  public CollabHandshake(WireConfig config) {
    this.config = config;
  }

  /**
   * The engine and the connection registry of this deployment, looked up in CDI once: a lookup per
   * connection was most of the cost of a connect storm ({@link EndpointBeans}). Two threads may
   * both look up on first use; they find the same beans.
   */
  EndpointBeans beans() {
    EndpointBeans known = beans;
    if (known == null) {
      known = EndpointBeans.lookUp();
      beans = known;
    }
    return known;
  }

  @Override
  public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
    Map<String, Object> properties = sec.getUserProperties();
    properties.put(WIRE, config);
    String origin = first(request.getHeaders(), "Origin");
    String host = first(request.getHeaders(), "Host");
    if (!HandshakeFilter.originAllowed(origin, request.getRequestURI().getScheme(), host, config)) {
      properties.put(REFUSED, "origin not allowed");
      return;
    }
    User user = user(request.getUserPrincipal(), request::isUserInRole, config);
    if (user == null) {
      properties.put(REFUSED, "not authenticated");
      return;
    }
    properties.put(USER, user);
    if (request.getHttpSession() instanceof jakarta.servlet.http.HttpSession http) {
      properties.put(HTTP_SESSION, http.getId());
    } else {
      properties.remove(HTTP_SESSION);
    }
  }

  /** The user for a principal (with its collab-* roles), or an anonymous one when allowed, or null. */
  public static User user(Principal principal, java.util.function.Predicate<String> inRole, WireConfig config) {
    if (principal == null || principal.getName() == null || !Ids.isUserId(principal.getName())) {
      if (!config.allowAnonymous()) {
        return null;
      }
      return new User("anonymous", "Anonymous", Set.of());
    }
    Set<String> roles = new HashSet<>();
    for (String role : ROLES) {
      if (inRole.test(role)) {
        roles.add(role);
      }
    }
    return new User(principal.getName(), principal.getName(), roles);
  }

  private static String first(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
        return header.getValue().get(0);
      }
    }
    return null;
  }
}
