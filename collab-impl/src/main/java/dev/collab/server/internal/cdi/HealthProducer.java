package dev.collab.server.internal.cdi;

import dev.collab.server.defaults.LocalClusterBus;
import dev.collab.server.internal.config.CollabConfiguration;
import dev.collab.server.internal.engine.CollabEngine;
import dev.collab.server.internal.health.NodeHealth;
import dev.collab.server.internal.health.StoreProbe;
import dev.collab.spi.ClusterBus;
import dev.collab.spi.DocumentStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The node's {@link NodeHealth}, for Collab's REST health resource and, where the server has
 * MicroProfile Health, its checks ({@link HealthChecksExtension}): on the engine, the store and,
 * when the application runs with one, the cluster bus (the in-JVM bus is no bus to check, as for
 * the engine: see {@link CollabProducer}).
 */
@ApplicationScoped
public class HealthProducer {
  private static final System.Logger LOG = System.getLogger(HealthProducer.class.getName());

  @Produces
  @Singleton
  public NodeHealth health(CollabConfiguration configuration, CollabEngine engine, DocumentStore store, ClusterBus bus) {
    StoreProbe probe = new StoreProbe(store, configuration.health().timeout(), configuration.health().cache(),
        System::nanoTime);
    return new NodeHealth(engine, probe, bus instanceof LocalClusterBus ? null : bus);
  }

  /**
   * Builds the node's health when the application starts (after the engine: it is a parameter of
   * the producer) and hands it to the MicroProfile Health checks, if the extension added them.
   */
  void start(@Observes @Initialized(ApplicationScoped.class) Object started, NodeHealth health,
      Instance<HealthChecksExtension> extension) {
    // An application that repackages collab-impl without its services file has no extension:
    // then there are no MicroProfile checks, and the REST probes still serve.
    if (extension.isResolvable()) {
      extension.get().serve(health);
    } else {
      LOG.log(System.Logger.Level.INFO, "collab: no MicroProfile Health checks (the extension {0} is not"
          + " registered); the probes are served at collab/api/health/*", HealthChecksExtension.class.getName());
    }
  }

  /** The application stops: the checks answer DOWN, the store's probe thread ends. */
  public void close(@Disposes NodeHealth health, Instance<HealthChecksExtension> extension) {
    if (extension.isResolvable()) {
      extension.get().serve(null);
    }
    health.close();
  }
}
