package dev.collab.server.cdi;

import dev.collab.server.InMemoryDocumentStore;
import dev.collab.server.LocalClusterBus;
import dev.collab.server.RoleAccessPolicy;
import dev.collab.spi.AccessPolicy;
import dev.collab.spi.ClusterBus;
import dev.collab.spi.DocumentStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The default SPI beans: an in-memory store, the in-JVM bus and the role-based policy. An
 * application replaces one by declaring its own bean of the SPI type annotated
 * {@code @Alternative @Priority(Interceptor.Priority.APPLICATION)}; a second plain bean of the same
 * type is ambiguous, and the deployment fails naming both candidates.
 */
@ApplicationScoped
public class CollabDefaults {

  @Produces
  @Singleton
  public DocumentStore documentStore() {
    return new InMemoryDocumentStore();
  }

  @Produces
  @Singleton
  public ClusterBus clusterBus() {
    return new LocalClusterBus();
  }

  public void closeBus(@Disposes ClusterBus bus) {
    bus.close();
  }

  @Produces
  @Singleton
  public AccessPolicy accessPolicy() {
    return new RoleAccessPolicy(CollabSettings.anyUserWrites());
  }
}
