package dev.collab.server.internal.engine;

import dev.collab.spi.ClusterBus;
import dev.collab.spi.DocumentStore;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What a loaded document needs of its node, and nothing more: the store, the bus, the access
 * decisions, the OT types, the configuration, the threads, the counters and the clock. Every
 * {@link DocumentSequencer} of an engine shares one; it replaces a back reference to the engine.
 * All of its parts are thread-safe. (Each part logs through its own {@code System.Logger}, named
 * after its class, with the document id in every line.)
 *
 * @param hasPeers false when the engine was given no bus: its own bus then reaches no other node,
 *     and nothing is published on it (no message is built per commit for nobody to read)
 * @param nodeId this node's id in bus messages
 * @param comments the application's listeners of comment changes and mentions
 */
record DocumentContext(
    DocumentStore store,
    ClusterBus bus,
    boolean hasPeers,
    String nodeId,
    EngineConfig config,
    OtTypes types,
    AccessCache access,
    ClientBindings bindings,
    EngineExecutors executors,
    EngineMetrics metrics,
    Clock clock,
    CommentListeners comments) {

  Instant now() {
    return clock.instant();
  }

  /**
   * Publishes a message of {@code documentId} on the bus, built only when another node can hear it
   * ({@link #hasPeers}).
   *
   * @return the message, or null when there is nobody to publish to
   */
  @Nullable String publish(String documentId, Supplier<String> message) {
    if (!hasPeers) {
      return null;
    }
    String built = message.get();
    bus.publish(documentId, built);
    metrics.observer.busPublished();
    return built;
  }
}
