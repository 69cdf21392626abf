package dev.collab.server.internal.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one engine, for tests, benchmarks and monitoring, and the {@link EngineObserver} that
 * exports them (Micrometer's, when the application has a registry). Thread-safe.
 */
public final class EngineMetrics {
  /** Who else hears what the engine counts; {@link EngineObserver#NONE} by default. */
  public final EngineObserver observer;
  /** Ops committed by this node. */
  public final AtomicLong committed = new AtomicLong();
  /** Appends that found another writer had committed first (each is retried). */
  public final AtomicLong conflicts = new AtomicLong();
  /** Resubmissions answered with their original version. */
  public final AtomicLong duplicates = new AtomicLong();
  /** Reads from the store to fill a gap (bus loss, conflicts). */
  public final AtomicLong gapReads = new AtomicLong();
  /** Calls of the store's {@code appendAll} by the group committer (one transaction each, for a batching store). */
  public final AtomicLong commitBatches = new AtomicLong();
  /** Documents' appends in those calls: divided by {@link #commitBatches}, documents per transaction. */
  public final AtomicLong commitBatchDocuments = new AtomicLong();
  /** Submit-to-ack latency of the ops committed here. */
  public final AckLatency ackLatency = new AckLatency(System::nanoTime);
  /** Sessions joined to a document on this node now (a session joined to two documents counts twice). */
  public final AtomicLong joinedSessions = new AtomicLong();

  EngineMetrics() {
    this(EngineObserver.NONE);
  }

  EngineMetrics(EngineObserver observer) {
    this.observer = java.util.Objects.requireNonNull(observer, "observer");
  }
}
