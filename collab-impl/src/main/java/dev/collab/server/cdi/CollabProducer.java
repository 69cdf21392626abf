package dev.collab.server.cdi;

import dev.collab.Collab;
import dev.collab.ot.OtType;
import dev.collab.server.CollabEngine;
import dev.collab.server.LocalClusterBus;
import dev.collab.server.ws.ConnectionRegistry;
import dev.collab.spi.AccessPolicy;
import dev.collab.spi.ClusterBus;
import dev.collab.spi.DocumentStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The composition root in a Jakarta EE application: builds the {@link CollabEngine} from the SPI
 * beans (the application's, or {@link CollabDefaults}), any {@link OtType} beans, and the
 * {@link CollabSettings}. On shutdown it drains: joins and submits are refused with
 * {@code draining}, queued submits are committed and acknowledged, then every connection is closed
 * with 1001 so that clients reconnect to another node.
 */
@ApplicationScoped
public class CollabProducer {
  /** The engine; also the bean for {@code @Inject Collab collab} (its bean types include {@link Collab}). */
  @Produces
  @Singleton
  public CollabEngine engine(DocumentStore store, ClusterBus bus, AccessPolicy policy, Instance<OtType<?>> types,
      ConnectionRegistry connections) {
    CollabEngine.Builder builder = CollabEngine.builder().store(store).policy(policy)
        .config(CollabSettings.engineConfig());
    if (!(bus instanceof LocalClusterBus)) {
      // An application has one engine, so nothing else hears an in-JVM bus: without one the
      // engine knows it is the only node and publishes nothing.
      builder.bus(bus);
    }
    for (OtType<?> type : types) {
      builder.type(type);
    }
    CollabEngine engine = builder.build();
    GracefulShutdown.register(engine, connections);
    return engine;
  }

  /** The container disposes the engine: drain (unless the servlet context's end already did). */
  public void shutdown(@Disposes CollabEngine engine) {
    GracefulShutdown.drain(engine);
  }
}
