package dev.collab.server.internal.engine;

import dev.collab.ErrorCode;

/**
 * What an engine reports as it works, for a metrics library to count: the seam between the engine
 * and Micrometer ({@code internal.metrics}), which the engine does not know. Every method has an
 * empty default and {@link #NONE} is the engine's default, so an engine without metrics pays one
 * call to an empty method at each point. Implementations are called from the engine's threads (the
 * documents' turns, the group committer, the connections' threads) and must be thread-safe and
 * quick: they count, they do not block.
 *
 * <p>Tags are low-cardinality by construction: an OT type's name, an {@link ErrorCode}, a fixed
 * word. No document id or user is ever passed.
 */
public interface EngineObserver {
  /** Observes nothing. */
  EngineObserver NONE = new EngineObserver() {};

  /** {@code ops} ops of the OT type {@code type} were committed by this node (one append). */
  default void committed(String type, int ops) {}

  /** One committed op was acknowledged {@code nanos} after its submit was queued. */
  default void acknowledged(long nanos) {}

  /** A committed append's ops reached every local subscriber and listener in {@code nanos}. */
  default void fannedOut(long nanos) {}

  /** One submit was transformed over {@code transforms} ops (committed since its base, or earlier in its batch). */
  default void transformed(int transforms) {}

  /** One store call appended the ops of {@code documents} documents (one transaction) in {@code nanos}. */
  default void appended(int documents, long nanos) {}

  /** A store call failed: {@code operation} is {@code append} or {@code read}. */
  default void storeFailed(String operation) {}

  /** A submit was refused with {@code code} (it is not committed). */
  default void rejected(ErrorCode code) {}

  /** A client's message was dropped by the per-connection or per-user message rate limit. */
  default void messageRateLimited() {}

  /** A connection was closed with 1013 because its client did not keep up with what it was sent. */
  default void slowConsumerClosed() {}

  /** A message was published on the cluster bus. */
  default void busPublished() {}

  /** A message of another node was received from the cluster bus. */
  default void busReceived() {}

  /** A gap was filled from the store: {@code missedOps} ops committed elsewhere had not come over the bus. */
  default void gapFilled(int missedOps) {}
}
