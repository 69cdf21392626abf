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

  /**
   * The bus chosen by {@code collab.bus}: {@code local} (default), {@code redis} (Lettuce on
   * {@code collab.redis.uri}, default {@code redis://127.0.0.1:6379}; add {@code io.lettuce:lettuce-core}
   * to the WAR) or {@code jms} (the connection factory at JNDI name
   * {@code collab.jms.connection-factory}, default the platform's
   * {@code java:comp/DefaultJMSConnectionFactory}, topic {@code collab.jms.topic}, default
   * {@code collab}). An unknown value fails the start, naming it.
   */
  @Produces
  @Singleton
  public ClusterBus clusterBus() {
    String bus = CollabSettings.get("collab.bus").orElse("local");
    switch (bus) {
      case "local":
        return new LocalClusterBus();
      case "redis":
        return dev.collab.server.redis.RedisClusterBus.connect(
            CollabSettings.get("collab.redis.uri").orElse("redis://127.0.0.1:6379"));
      case "jms":
        return jms();
      default:
        throw new IllegalArgumentException("collab setting collab.bus=" + bus + " is not one of local, redis, jms");
    }
  }

  private static ClusterBus jms() {
    String name = CollabSettings.get("collab.jms.connection-factory").orElse("java:comp/DefaultJMSConnectionFactory");
    try {
      jakarta.jms.ConnectionFactory factory =
          (jakarta.jms.ConnectionFactory) new javax.naming.InitialContext().lookup(name);
      return new dev.collab.server.jms.JmsClusterBus(factory, CollabSettings.get("collab.jms.topic").orElse("collab"));
    } catch (javax.naming.NamingException e) {
      throw new IllegalStateException("collab.bus=jms: no JMS connection factory at " + name, e);
    }
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
