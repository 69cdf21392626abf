package dev.collab.server.internal.cdi;

import dev.collab.server.internal.ws.CollabEndpoint;
import dev.collab.server.internal.ws.CollabHandshake;

import dev.collab.protocol.ProtocolCodec;
import dev.collab.server.internal.config.CollabConfiguration;
import dev.collab.server.internal.config.CollabSettings;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Set;

/**
 * Registers the {@code collab.v1} endpoint when the container scans the application: adding the
 * jar to the WAR is the whole installation. The application's own annotated endpoints are left as
 * they are. The path and the handshake's settings come from the deployment's
 * {@link CollabConfiguration}, parsed here if this runs first (a bad setting fails the deployment).
 */
public final class CollabServerApplicationConfig implements ServerApplicationConfig {
  /** The WebSocket subprotocol. */
  public static final String SUBPROTOCOL = "collab.v" + ProtocolCodec.PROTOCOL;

  @Override
  public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> endpointClasses) {
    CollabConfiguration configuration = CollabSettings.deployed();
    return Set.of(ServerEndpointConfig.Builder.create(CollabEndpoint.class, configuration.webSocketPath())
        .subprotocols(List.of(SUBPROTOCOL))
        .configurator(new CollabHandshake(configuration.wire()))
        .build());
  }

  @Override
  public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
    return scanned;
  }
}
