package dev.collab.server.it;

import dev.collab.spi.AccessPolicy;
import dev.collab.spi.ClusterBus;
import dev.collab.spi.DocumentStore;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import org.jspecify.annotations.Nullable;

/**
 * How {@link ServerProcess} swaps Collab's SPI beans without touching collab-impl: a portable
 * extension (registered in the test class path's {@code META-INF/services}) that adds the store,
 * the bus and the policy the process built as synthetic beans, {@code @Alternative} with priority
 * {@code APPLICATION}, exactly what an application does with its own producer (see
 * {@code CollabDefaults}). Only in a {@link ServerProcess} JVM are the fields set; elsewhere (the
 * in-JVM {@link JettyIT}) the extension adds nothing and the defaults stay.
 */
public final class ProcessBeans implements Extension {
  static volatile @Nullable DocumentStore store;
  static volatile @Nullable ClusterBus bus;
  static volatile @Nullable AccessPolicy policy;

  void addBeans(@Observes AfterBeanDiscovery event) {
    DocumentStore s = store;
    if (s != null) {
      event.addBean().types(DocumentStore.class, Object.class).scope(Singleton.class)
          .alternative(true).priority(Interceptor.Priority.APPLICATION)
          .produceWith(instance -> s);
    }
    ClusterBus b = bus;
    if (b != null) {
      event.addBean().types(ClusterBus.class, Object.class).scope(Singleton.class)
          .alternative(true).priority(Interceptor.Priority.APPLICATION)
          .produceWith(instance -> b)
          .disposeWith((x, instance) -> b.close());
    }
    AccessPolicy p = policy;
    if (p != null) {
      event.addBean().types(AccessPolicy.class, Object.class).scope(Singleton.class)
          .alternative(true).priority(Interceptor.Priority.APPLICATION)
          .produceWith(instance -> p);
    }
  }
}
