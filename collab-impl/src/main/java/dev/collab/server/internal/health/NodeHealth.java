package dev.collab.server.internal.health;

import dev.collab.internal.log.ThrottledWarning;
import dev.collab.server.internal.engine.CollabEngine;
import dev.collab.spi.ClusterBus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The health of this node, as an orchestrator asks for it (docs/OPERATIONS.md, "Health probes").
 *
 * <ul>
 *   <li><b>Liveness</b> ({@link #liveness}): {@code engine}, the engine runs (not closed or
 *       crashed, its thread pools take work). When it is DOWN, only a restart helps.
 *   <li><b>Readiness</b> ({@link #readiness}): {@code engine} as above; {@code drain}, the node is
 *       not draining (after a shutdown began it refuses joins and submits); {@code store}, the
 *       store answered a probe within the timeout ({@link StoreProbe}); {@code bus}, only when the
 *       application runs with a cluster bus, that it is connected ({@link ClusterBus#isConnected}).
 *       When it is DOWN, the node should get no new connections until it is UP again.
 * </ul>
 *
 * Cheap to call: every check but the store's reads a flag, and the store's is cached. Thread-safe.
 */
public final class NodeHealth implements AutoCloseable {
  static final String ENGINE = "engine";
  static final String DRAIN = "drain";
  static final String BUS = "bus";
  private static final ThrottledWarning BUS_FAILURES = new ThrottledWarning(
      System.getLogger(NodeHealth.class.getName()), "collab: health: ", Duration.ofMinutes(1));

  private final CollabEngine engine;
  private final StoreProbe store;
  private final @Nullable ClusterBus bus;

  /**
   * @param engine the node's engine
   * @param store the probe of the engine's store; closed with this
   * @param bus the cluster bus, or null when the node runs alone (the in-JVM bus): then there is no
   *     {@code bus} check
   */
  public NodeHealth(CollabEngine engine, StoreProbe store, @Nullable ClusterBus bus) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.store = Objects.requireNonNull(store, "store");
    this.bus = bus;
  }

  /** Whether the node should be restarted: DOWN only when its engine stopped. */
  public HealthReport liveness() {
    return new HealthReport(List.of(engine()));
  }

  /** Whether the node should get traffic: its engine, its drain, its store and its bus. */
  public HealthReport readiness() {
    List<Check> checks = new ArrayList<>(4);
    checks.add(engine());
    checks.add(engine.isDraining()
        ? Check.down(DRAIN, "draining: refusing new joins and submits")
        : Check.up(DRAIN, "not draining"));
    checks.add(store.check());
    if (bus != null) {
      checks.add(connected(bus)
          ? Check.up(BUS, "connected")
          : Check.down(BUS, "disconnected; reconnecting"));
    }
    return new HealthReport(checks);
  }

  private Check engine() {
    return engine.isRunning() ? Check.up(ENGINE, "running") : Check.down(ENGINE, "stopped");
  }

  private static boolean connected(ClusterBus bus) {
    try {
      return bus.isConnected();
    } catch (RuntimeException e) {
      // isConnected reads a flag and should not throw; a bus that does is treated as disconnected
      BUS_FAILURES.warn("the cluster bus failed to tell whether it is connected; reported DOWN", e);
      return false;
    }
  }

  /** Stops the store's probe thread. */
  @Override
  public void close() {
    store.close();
  }
}
