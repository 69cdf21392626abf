package dev.collab.spi;

import java.util.function.Consumer;

/**
 * Broadcast between the nodes of a cluster, per document: committed ops, presence and
 * revocations travel here, as opaque text the engine encodes and decodes.
 *
 * <p><b>Guarantees asked of an implementation: few.</b> At-most-once delivery is enough; messages
 * may be lost, duplicated or reordered, and the engine copes (a version gap is filled by one read
 * from the {@link DocumentStore}; duplicates are dropped by version). Correctness rests on the store;
 * the bus only makes delivery fast. A message published for one document must never reach a
 * subscriber of another.
 *
 * <p><b>Threads.</b> {@link #publish} is called from engine worker threads and must not block for
 * long (queue and return). Listeners are called on the bus's own threads, one message at a time per
 * subscription; they return quickly (the engine hands the message to the document's sequencer).
 * A listener that throws must not stop delivery of later messages.
 *
 * <p>Implementations shipped: in-JVM (one node, tests), Redis pub/sub, JMS topic.
 */
public interface ClusterBus extends AutoCloseable {

  /**
   * Sends {@code message} to every subscription to {@code documentId} on every node, the
   * subscriptions of the publishing node included. Queues and returns; a failure to deliver is not
   * reported to the caller. A message may be lost only when the transport fails (the class comment);
   * on a healthy transport every subscription receives every message.
   *
   * @param documentId the document the message is about; only its subscribers receive it
   * @param message the engine's encoded message, delivered as it is
   */
  void publish(String documentId, String message);

  /**
   * Delivers every later message for {@code documentId} to {@code listener} until the returned
   * subscription is closed. Several subscriptions to one document (on one node or several) each
   * receive the messages.
   *
   * @param documentId the document whose messages to receive
   * @param listener called with each message, on a bus thread, one at a time for this subscription
   * @return the subscription to close to stop delivery
   */
  Subscription subscribe(String documentId, Consumer<String> listener);

  /**
   * Registers {@code listener} to be called after the bus recovered from a disconnection during
   * which messages may have been lost (for example after Redis or the broker restarted). The engine
   * then reads the head of every document it has open from the store, so nothing stays missing.
   * Called on a bus thread; must return quickly. The default never calls it (a bus that cannot
   * lose its connection).
   *
   * @param listener called after each recovery
   * @since 0.1
   */
  default void addRecoveryListener(Runnable listener) {}

  /**
   * Whether the bus is connected to its transport right now (Redis, the JMS broker), for a
   * readiness probe: false while it lost its connection and is reconnecting, and after
   * {@link #close}. Must not block or do I/O: it reports the state the bus already knows (a
   * connection's own flag), since a probe may call it often.
   *
   * <p>While it is false, messages published are lost, and the engine serves its documents from the
   * store alone (other nodes' edits arrive late, after the recovery); so a node whose bus is down is
   * reported not ready. The default is true: a bus with no connection to lose (the in-JVM one).
   *
   * @return true when connected (or there is nothing to connect to)
   * @since 0.1
   */
  default boolean isConnected() {
    return true;
  }

  /** Stops all delivery and releases connections. Idempotent. */
  @Override
  default void close() {}

  /** A subscription; closing it twice is harmless. */
  @FunctionalInterface
  interface Subscription extends AutoCloseable {
    /** Stops delivery to this subscription's listener; never throws. */
    @Override
    void close();
  }
}
