package dev.collab.server.internal.cdi;

import dev.collab.server.internal.config.CollabConfiguration;
import dev.collab.server.internal.config.CollabSettings;

import dev.collab.Collab;
import dev.collab.ot.OtType;
import dev.collab.server.internal.engine.CollabEngine;
import dev.collab.server.internal.metrics.MeterBinding;
import dev.collab.server.defaults.LocalClusterBus;
import dev.collab.server.internal.ws.ConnectionRegistry;
import dev.collab.spi.AccessPolicy;
import dev.collab.spi.ClusterBus;
import dev.collab.spi.DocumentStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import dev.collab.AccessChange;
import dev.collab.VersionNameChange;
import dev.collab.comments.CommentChange;
import dev.collab.comments.Mention;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The composition root in a Jakarta EE application: builds the {@link CollabEngine} from the SPI
 * beans (the application's, or {@link CollabDefaults}), any {@link OtType} beans, and the
 * deployment's {@link CollabConfiguration}. The configuration and the engine are made when the
 * application starts, so that a bad setting, or a store or bus that cannot start (or a default that
 * refuses to), fails the deployment rather than the first user, and the log says which store, bus
 * and policy it actually runs with. On shutdown it drains:
 * joins and submits are refused with {@code draining}, queued submits are committed and
 * acknowledged, then every connection is closed with 1001 so that clients reconnect to another node.
 */
@ApplicationScoped
public class CollabProducer {
  private static final System.Logger LOG = System.getLogger(CollabProducer.class.getName());
  /** The engine's meters, when the application has a Micrometer registry; removed on shutdown. */
  private volatile MeterBinding meters = MeterBinding.NONE;

  /**
   * The deployment's settings, parsed once ({@link CollabSettings#deployed()}: the same value the
   * servlet initializer and the WebSocket registration got, if they ran first).
   */
  @Produces
  @Singleton
  public CollabConfiguration configuration() {
    return CollabSettings.deployed();
  }

  /** The application stopped: a redeployment reads the settings afresh. */
  public void forget(@Disposes CollabConfiguration configuration) {
    CollabSettings.undeployed(configuration);
  }

  /**
   * The engine; also the bean for {@code @Inject Collab collab} (its bean types include {@link Collab}).
   * When Micrometer is on the class path and the application has a {@code MeterRegistry} bean, the
   * engine's meters are bound to it ({@link MeterBinding}); {@code beans} is asked for nothing else.
   * Every change of a version's name is fired as the CDI event {@link VersionNameChange}, every
   * change of a grant as {@link AccessChange}, every change of a comment thread as {@link CommentChange}
   * and every mention in a comment as {@link Mention}.
   */
  @Produces
  @Singleton
  public CollabEngine engine(CollabConfiguration configuration, DocumentStore store, ClusterBus bus,
      AccessPolicy policy, Instance<OtType<?>> types, ConnectionRegistry connections, Instance<Object> beans,
      Event<VersionNameChange> versionNames, Event<AccessChange> accessChanges, Event<CommentChange> commentChanges,
      Event<Mention> mentions) {
    MeterBinding binding = MeterBinding.find(beans);
    CollabEngine.Builder builder = CollabEngine.builder().store(store).policy(policy).config(configuration.engine())
        .observer(binding.observer());
    if (!(bus instanceof LocalClusterBus)) {
      // An application has one engine, so nothing else hears an in-JVM bus: without one the
      // engine knows it is the only node and publishes nothing.
      builder.bus(bus);
    }
    for (OtType<?> type : types) {
      builder.type(type);
    }
    CollabEngine engine = builder.build();
    binding.bind(engine, connections::size);
    meters = binding;
    connections.follow(engine, configuration.wire().idleTimeout());
    // Named versions reach the application's observers as a CDI event, on the thread that made the change.
    engine.versions().onChange(versionNames::fire);
    engine.sharing().onChange(accessChanges::fire);
    engine.comments().onChange(commentChanges::fire);
    engine.comments().onMention(mentions::fire);
    GracefulShutdown.register(engine, connections);
    LOG.log(System.Logger.Level.INFO, "collab: engine {0} started with store {1}, bus {2}, policy {3}",
        engine.nodeId(), beanClass(store),
        bus instanceof LocalClusterBus ? beanClass(bus) + " (this node only)" : beanClass(bus), beanClass(policy));
    return engine;
  }

  /** Parses the settings and builds the engine when the application starts (see the class comment). */
  void start(@Observes @Initialized(ApplicationScoped.class) Object started, CollabEngine engine) {
    // resolving the parameter built it, and the configuration before it
  }

  /** The class of a bean instance, seen through the container's client proxy. */
  static String beanClass(Object bean) {
    return dev.collab.server.internal.config.BeanClasses.name(bean);
  }

  /** The container disposes the engine: drain (unless the servlet context's end already did). */
  public void shutdown(@Disposes CollabEngine engine) {
    GracefulShutdown.drain(engine);
    meters.close();
    meters = MeterBinding.NONE;
  }
}
