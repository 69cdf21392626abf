package dev.collab.server.cdi;

import dev.collab.Collab;
import dev.collab.ot.OtType;
import dev.collab.server.CollabEngine;
import dev.collab.server.ws.ConnectionRegistry;
import dev.collab.spi.AccessPolicy;
import dev.collab.spi.ClusterBus;
import dev.collab.spi.DocumentStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The composition root in a Jakarta EE application: builds the {@link CollabEngine} from the SPI
 * beans (the application's, or {@link CollabDefaults}), any {@link OtType} beans, and the
 * {@link CollabSettings}. On shutdown it drains: joins and submits are refused with
 * {@code draining}, queued submits are committed and acknowledged, then every connection is closed
 * with 1001 so that clients reconnect to another node.
 */
@ApplicationScoped
public class CollabProducer {
  private static final Logger LOG = Logger.getLogger(CollabProducer.class.getName());

  /** The engine; also the bean for {@code @Inject Collab collab} (its bean types include {@link Collab}). */
  @Produces
  @Singleton
  public CollabEngine engine(DocumentStore store, ClusterBus bus, AccessPolicy policy, Instance<OtType<?>> types) {
    CollabEngine.Builder builder = CollabEngine.builder().store(store).bus(bus).policy(policy)
        .config(CollabSettings.engineConfig());
    for (OtType<?> type : types) {
      builder.type(type);
    }
    return builder.build();
  }

  public void shutdown(@Disposes CollabEngine engine, ConnectionRegistry connections) {
    try {
      engine.drain().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.log(Level.WARNING, "collab: drain did not finish within 30 s; closing anyway", e);
    }
    connections.closeAll();
    engine.close();
  }
}
