package dev.collab.server.internal.ws;

import dev.collab.server.internal.engine.CollabEngine;
import jakarta.enterprise.inject.spi.CDI;

/**
 * The beans the endpoint needs for every connection, looked up in CDI once per deployment.
 *
 * <p>{@code CDI.current()} is not cheap: Weld finds the bean manager of the calling class by
 * walking its archives, and its cache of that answer is weak, so under a small heap it is computed
 * again for most connections. Looked up for each open and close it took three quarters of the
 * server's CPU during a connect storm (docs/PERFORMANCE.md, "Head-to-head with ShareDB"). The engine and the
 * registry live as long as the deployment, as does the {@link CollabHandshake} holding this.
 *
 * @param engine the deployment's engine
 * @param registry the deployment's connections (a CDI client proxy)
 */
record EndpointBeans(CollabEngine engine, ConnectionRegistry registry) {
  /** Looks both up in the calling application's CDI container. */
  static EndpointBeans lookUp() {
    CDI<Object> cdi = CDI.current();
    return new EndpointBeans(cdi.select(CollabEngine.class).get(), cdi.select(ConnectionRegistry.class).get());
  }
}
