package dev.collab.server;

import java.time.Duration;
import java.util.Objects;

/**
 * The engine's limits and tuning. Immutable; {@link #DEFAULTS} holds the documented defaults
 * ({@code docs/CONFIGURATION.md}) and the {@code with...} methods derive variants.
 *
 * @param maxOpLength the most UTF-16 code units one op may insert (an embed counts 1): {@code too-large}
 * @param maxDocumentLength the longest a document may grow: {@code too-large}
 * @param maxPendingPerDocument submits queued for one document before new ones are refused: {@code rate-limited}
 * @param maxInFlightPerClient submits of one client to one document not yet answered: {@code rate-limited}
 * @param maxRetries conflicting appends retried before {@code retry-exhausted}
 * @param maxBatch submits committed in one append at most (group commit)
 * @param windowSize committed ops kept in memory per document for transforming late submits
 * @param snapshotEvery take a snapshot after this many ops since the last one
 * @param idleUnload unload a document without subscribers after this long without activity
 * @param accessCacheTtl how long an access decision is reused before the policy is asked again
 * @param presenceInterval the least time between two presence updates of one client forwarded
 * @param workerThreads threads that run the documents' sequencers (store calls block them)
 * @param maxCommitQueue appends of different documents waiting for the group committer; past it
 *     {@code rate-limited}
 * @param maxCommitBatch ops the group committer puts in one store call (one transaction) at most;
 *     it stops adding documents' appends once the batch has this many
 * @param committerThreads threads of the group committer, each running one store call at a time
 */
public record EngineConfig(
    int maxOpLength,
    int maxDocumentLength,
    int maxPendingPerDocument,
    int maxInFlightPerClient,
    int maxRetries,
    int maxBatch,
    int windowSize,
    int snapshotEvery,
    Duration idleUnload,
    Duration accessCacheTtl,
    Duration presenceInterval,
    int workerThreads,
    int maxCommitQueue,
    int maxCommitBatch,
    int committerThreads) {

  public static final EngineConfig DEFAULTS =
      new EngineConfig(
          100_000,
          10_000_000,
          1_000,
          16,
          20,
          256,
          1_000,
          500,
          Duration.ofMinutes(5),
          Duration.ofSeconds(30),
          Duration.ofMillis(50),
          Math.max(4, 2 * Runtime.getRuntime().availableProcessors()),
          10_000,
          1_000,
          2);

  /** The configuration without the group commit settings, which take their defaults. */
  public EngineConfig(int maxOpLength, int maxDocumentLength, int maxPendingPerDocument, int maxInFlightPerClient,
      int maxRetries, int maxBatch, int windowSize, int snapshotEvery, Duration idleUnload, Duration accessCacheTtl,
      Duration presenceInterval, int workerThreads) {
    this(maxOpLength, maxDocumentLength, maxPendingPerDocument, maxInFlightPerClient, maxRetries, maxBatch, windowSize,
        snapshotEvery, idleUnload, accessCacheTtl, presenceInterval, workerThreads, 10_000, 1_000, 2);
  }

  public EngineConfig {
    positive(maxOpLength, "maxOpLength");
    positive(maxDocumentLength, "maxDocumentLength");
    positive(maxPendingPerDocument, "maxPendingPerDocument");
    positive(maxInFlightPerClient, "maxInFlightPerClient");
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must not be negative, was " + maxRetries);
    }
    positive(maxBatch, "maxBatch");
    positive(windowSize, "windowSize");
    positive(snapshotEvery, "snapshotEvery");
    Objects.requireNonNull(idleUnload, "idleUnload");
    Objects.requireNonNull(accessCacheTtl, "accessCacheTtl");
    Objects.requireNonNull(presenceInterval, "presenceInterval");
    positive(workerThreads, "workerThreads");
    positive(maxCommitQueue, "maxCommitQueue");
    positive(maxCommitBatch, "maxCommitBatch");
    positive(committerThreads, "committerThreads");
  }

  private static void positive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  public EngineConfig withMaxOpLength(int value) {
    return new EngineConfig(value, maxDocumentLength, maxPendingPerDocument, maxInFlightPerClient, maxRetries, maxBatch, windowSize, snapshotEvery, idleUnload, accessCacheTtl, presenceInterval, workerThreads, maxCommitQueue, maxCommitBatch, committerThreads);
  }

  public EngineConfig withMaxDocumentLength(int value) {
    return new EngineConfig(maxOpLength, value, maxPendingPerDocument, maxInFlightPerClient, maxRetries, maxBatch, windowSize, snapshotEvery, idleUnload, accessCacheTtl, presenceInterval, workerThreads, maxCommitQueue, maxCommitBatch, committerThreads);
  }

  public EngineConfig withMaxPendingPerDocument(int value) {
    return new EngineConfig(maxOpLength, maxDocumentLength, value, maxInFlightPerClient, maxRetries, maxBatch, windowSize, snapshotEvery, idleUnload, accessCacheTtl, presenceInterval, workerThreads, maxCommitQueue, maxCommitBatch, committerThreads);
  }

  public EngineConfig withMaxInFlightPerClient(int value) {
    return new EngineConfig(maxOpLength, maxDocumentLength, maxPendingPerDocument, value, maxRetries, maxBatch, windowSize, snapshotEvery, idleUnload, accessCacheTtl, presenceInterval, workerThreads, maxCommitQueue, maxCommitBatch, committerThreads);
  }

  public EngineConfig withMaxRetries(int value) {
    return new EngineConfig(maxOpLength, maxDocumentLength, maxPendingPerDocument, maxInFlightPerClient, value, maxBatch, windowSize, snapshotEvery, idleUnload, accessCacheTtl, presenceInterval, workerThreads, maxCommitQueue, maxCommitBatch, committerThreads);
  }

  public EngineConfig withWindowSize(int value) {
    return new EngineConfig(maxOpLength, maxDocumentLength, maxPendingPerDocument, maxInFlightPerClient, maxRetries, maxBatch, value, snapshotEvery, idleUnload, accessCacheTtl, presenceInterval, workerThreads, maxCommitQueue, maxCommitBatch, committerThreads);
  }

  public EngineConfig withSnapshotEvery(int value) {
    return new EngineConfig(maxOpLength, maxDocumentLength, maxPendingPerDocument, maxInFlightPerClient, maxRetries, maxBatch, windowSize, value, idleUnload, accessCacheTtl, presenceInterval, workerThreads, maxCommitQueue, maxCommitBatch, committerThreads);
  }

  public EngineConfig withIdleUnload(Duration value) {
    return new EngineConfig(maxOpLength, maxDocumentLength, maxPendingPerDocument, maxInFlightPerClient, maxRetries, maxBatch, windowSize, snapshotEvery, value, accessCacheTtl, presenceInterval, workerThreads, maxCommitQueue, maxCommitBatch, committerThreads);
  }

  public EngineConfig withPresenceInterval(Duration value) {
    return new EngineConfig(maxOpLength, maxDocumentLength, maxPendingPerDocument, maxInFlightPerClient, maxRetries, maxBatch, windowSize, snapshotEvery, idleUnload, accessCacheTtl, value, workerThreads, maxCommitQueue, maxCommitBatch, committerThreads);
  }

  public EngineConfig withWorkerThreads(int value) {
    return new EngineConfig(maxOpLength, maxDocumentLength, maxPendingPerDocument, maxInFlightPerClient, maxRetries, maxBatch, windowSize, snapshotEvery, idleUnload, accessCacheTtl, presenceInterval, value, maxCommitQueue, maxCommitBatch, committerThreads);
  }

  public EngineConfig withMaxCommitQueue(int value) {
    return new EngineConfig(maxOpLength, maxDocumentLength, maxPendingPerDocument, maxInFlightPerClient, maxRetries, maxBatch, windowSize, snapshotEvery, idleUnload, accessCacheTtl, presenceInterval, workerThreads, value, maxCommitBatch, committerThreads);
  }

  public EngineConfig withMaxCommitBatch(int value) {
    return new EngineConfig(maxOpLength, maxDocumentLength, maxPendingPerDocument, maxInFlightPerClient, maxRetries, maxBatch, windowSize, snapshotEvery, idleUnload, accessCacheTtl, presenceInterval, workerThreads, maxCommitQueue, value, committerThreads);
  }

  public EngineConfig withCommitterThreads(int value) {
    return new EngineConfig(maxOpLength, maxDocumentLength, maxPendingPerDocument, maxInFlightPerClient, maxRetries, maxBatch, windowSize, snapshotEvery, idleUnload, accessCacheTtl, presenceInterval, workerThreads, maxCommitQueue, maxCommitBatch, value);
  }
}
