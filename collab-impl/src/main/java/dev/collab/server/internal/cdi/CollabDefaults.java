package dev.collab.server.internal.cdi;

import dev.collab.server.internal.config.CollabConfiguration;

import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.LocalClusterBus;
import dev.collab.server.defaults.RoleAccessPolicy;
import dev.collab.spi.AccessPolicy;
import dev.collab.spi.ClusterBus;
import dev.collab.spi.DocumentStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The default SPI beans: the in-memory store, the in-JVM bus and the role-based policy. An
 * application replaces one by declaring its own bean of the SPI type annotated
 * {@code @Alternative @Priority(Interceptor.Priority.APPLICATION)} (for a producer method or field:
 * on the class that declares it); a second plain bean of the same type is ambiguous, and the
 * deployment fails naming both candidates.
 *
 * <p>The two defaults that would lose or hide data in production refuse to start unless asked for:
 * the in-memory store keeps nothing across a restart, so it serves only with
 * {@code collab.store=memory} (a development or test deployment); the in-JVM bus reaches this JVM
 * only, so it refuses when {@code collab.nodes} says the application runs on more than one node.
 * Either refusal fails the deployment (the engine is built when the application starts), with a
 * message that names the fix.
 */
@ApplicationScoped
public class CollabDefaults {
  /** The value of {@code collab.store} that asks for the in-memory store. */
  static final String MEMORY = "memory";

  @Produces
  @Singleton
  public DocumentStore documentStore(CollabConfiguration configuration) {
    String chosen = configuration.store() == null ? "" : configuration.store();
    if (!chosen.equals(MEMORY)) {
      throw new IllegalStateException(noStoreMessage(chosen));
    }
    return new InMemoryDocumentStore();
  }

  static String noStoreMessage(String chosen) {
    return "collab: the application provides no DocumentStore bean"
        + (chosen.isEmpty() ? "" : " (and collab.store=" + chosen + " is not a store Collab provides; the only one is memory)")
        + ", and Collab's in-memory store keeps nothing across a restart, so it is not used unless asked for."
        + " Either declare your store as a bean of type DocumentStore annotated @Alternative"
        + " @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION); for a producer method or field,"
        + " put both annotations on the class that declares it (CDI 4.0 ignores a @Priority on the producer"
        + " method itself). Or, for a development or test deployment, set collab.store=memory"
        + " (docs/CONFIGURATION.md, \"Replacing an SPI in CDI\").";
  }

  /**
   * The bus chosen by {@code collab.bus}: {@code local} (default; one node only), {@code redis}
   * (Lettuce on {@code collab.redis.uri}, default {@code redis://127.0.0.1:6379}; add
   * {@code io.lettuce:lettuce-core} to the WAR) or {@code jms} (the connection factory at JNDI name
   * {@code collab.jms.connection-factory}, default the platform's
   * {@code java:comp/DefaultJMSConnectionFactory}, topic {@code collab.jms.topic}, default
   * {@code collab}). An unknown value fails the start when the settings are parsed, naming it. The Redis and JMS classes are
   * loaded only when chosen, so a server without Jakarta Messaging deploys the rest.
   */
  @Produces
  @Singleton
  public ClusterBus clusterBus(CollabConfiguration configuration) {
    switch (configuration.bus()) {
      case LOCAL:
        int nodes = configuration.nodes();
        if (nodes > 1) {
          throw new IllegalStateException("collab: collab.nodes=" + nodes + " but the bus is the in-JVM one"
              + " (collab.bus=local), which reaches this JVM only: users on different nodes would not see each"
              + " other's edits. Set collab.bus=redis or collab.bus=jms, or declare your own ClusterBus bean"
              + " @Alternative @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION)"
              + " (docs/CONFIGURATION.md).");
        }
        return new LocalClusterBus();
      case REDIS:
        return dev.collab.server.redis.RedisClusterBus.connect(configuration.redisUri());
      case JMS:
        return dev.collab.server.jms.JmsClusterBus.lookup(configuration.jmsConnectionFactory(),
            configuration.jmsTopic());
      default:
        throw new IllegalStateException("collab: no bus for " + configuration.bus());
    }
  }

  public void closeBus(@Disposes ClusterBus bus) {
    bus.close();
  }

  @Produces
  @Singleton
  public AccessPolicy accessPolicy(CollabConfiguration configuration) {
    return new RoleAccessPolicy(configuration.anyUserWrites());
  }
}
