package dev.collab.server.internal.engine;

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
 * @param maxCatchUpOps the most ops a {@code join} with {@code from} is answered with; a client further
 *     behind gets a {@code snapshot} at the head instead (as for a {@code from} older than the kept history)
 * @param maxPresenceMetaLength characters of JSON text a presence {@code meta} object may have: {@code too-large}
 * @param maxCreatesPerUser documents one user may create in {@code createWindow}: {@code rate-limited}
 * @param createWindow the period {@code maxCreatesPerUser} counts in
 * @param maxLoadedDocuments documents loaded on this node at most; past it the documents nobody has
 *     joined are unloaded, and a join that would load one more is refused {@code rate-limited}
 * @param maxDocumentBytes the largest a document's encoded form (its JSON text, counted in UTF-8
 *     bytes with each UTF-16 unit encoded on its own) may grow: {@code too-large}; see {@link
 *     DocumentSize} for how it is kept without measuring the document at every op
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
    int committerThreads,
    int maxCatchUpOps,
    int maxPresenceMetaLength,
    int maxCreatesPerUser,
    Duration createWindow,
    int maxLoadedDocuments,
    int maxDocumentBytes) {

  /**
   * The default of {@link #maxDocumentBytes}: 64 MiB. The longest document the default {@link
   * #maxDocumentLength} allows, 10,000,000 units each written as a six-character escape
   * ({@code \u0001}), is 60,000,015 bytes with its brackets and wrapper, so it fits, with 7 MB left
   * for attributes and embeds.
   */
  public static final int DEFAULT_MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

  /** The least {@link #maxDocumentBytes} allowed: room for a short document. */
  public static final int MIN_DOCUMENT_BYTES = 64;

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
          2,
          1_000,
          4_096,
          100,
          Duration.ofMinutes(10),
          10_000,
          DEFAULT_MAX_DOCUMENT_BYTES);

  /** The configuration without the group commit settings, which take their defaults. */
  public EngineConfig(int maxOpLength, int maxDocumentLength, int maxPendingPerDocument, int maxInFlightPerClient,
      int maxRetries, int maxBatch, int windowSize, int snapshotEvery, Duration idleUnload, Duration accessCacheTtl,
      Duration presenceInterval, int workerThreads) {
    this(maxOpLength, maxDocumentLength, maxPendingPerDocument, maxInFlightPerClient, maxRetries, maxBatch, windowSize,
        snapshotEvery, idleUnload, accessCacheTtl, presenceInterval, workerThreads, 10_000, 1_000, 2);
  }

  /** The configuration without the work caps, which take their defaults. */
  public EngineConfig(int maxOpLength, int maxDocumentLength, int maxPendingPerDocument, int maxInFlightPerClient,
      int maxRetries, int maxBatch, int windowSize, int snapshotEvery, Duration idleUnload, Duration accessCacheTtl,
      Duration presenceInterval, int workerThreads, int maxCommitQueue, int maxCommitBatch, int committerThreads) {
    this(maxOpLength, maxDocumentLength, maxPendingPerDocument, maxInFlightPerClient, maxRetries, maxBatch, windowSize,
        snapshotEvery, idleUnload, accessCacheTtl, presenceInterval, workerThreads, maxCommitQueue, maxCommitBatch,
        committerThreads, 1_000, 4_096, 100, Duration.ofMinutes(10), 10_000, DEFAULT_MAX_DOCUMENT_BYTES);
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
    positive(maxCatchUpOps, "maxCatchUpOps");
    positive(maxPresenceMetaLength, "maxPresenceMetaLength");
    positive(maxCreatesPerUser, "maxCreatesPerUser");
    Objects.requireNonNull(createWindow, "createWindow");
    if (createWindow.isNegative() || createWindow.isZero()) {
      throw new IllegalArgumentException("createWindow must be positive, was " + createWindow);
    }
    positive(maxLoadedDocuments, "maxLoadedDocuments");
    if (maxDocumentBytes < MIN_DOCUMENT_BYTES) {
      throw new IllegalArgumentException(
          "maxDocumentBytes must be at least " + MIN_DOCUMENT_BYTES + ", was " + maxDocumentBytes);
    }
  }

  private static void positive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  public EngineConfig withMaxOpLength(int value) {
    return new EngineConfig(
        value, maxDocumentLength, maxPendingPerDocument, maxInFlightPerClient, maxRetries, maxBatch, windowSize,
        snapshotEvery, idleUnload, accessCacheTtl, presenceInterval, workerThreads, maxCommitQueue,
        maxCommitBatch, committerThreads, maxCatchUpOps, maxPresenceMetaLength, maxCreatesPerUser, createWindow,
        maxLoadedDocuments, maxDocumentBytes);
  }

  public EngineConfig withMaxDocumentLength(int value) {
    return new EngineConfig(
        maxOpLength, value, maxPendingPerDocument, maxInFlightPerClient, maxRetries, maxBatch, windowSize,
        snapshotEvery, idleUnload, accessCacheTtl, presenceInterval, workerThreads, maxCommitQueue,
        maxCommitBatch, committerThreads, maxCatchUpOps, maxPresenceMetaLength, maxCreatesPerUser, createWindow,
        maxLoadedDocuments, maxDocumentBytes);
  }

  public EngineConfig withMaxPendingPerDocument(int value) {
    return new EngineConfig(
        maxOpLength, maxDocumentLength, value, maxInFlightPerClient, maxRetries, maxBatch, windowSize,
        snapshotEvery, idleUnload, accessCacheTtl, presenceInterval, workerThreads, maxCommitQueue,
        maxCommitBatch, committerThreads, maxCatchUpOps, maxPresenceMetaLength, maxCreatesPerUser, createWindow,
        maxLoadedDocuments, maxDocumentBytes);
  }

  public EngineConfig withMaxInFlightPerClient(int value) {
    return new EngineConfig(
        maxOpLength, maxDocumentLength, maxPendingPerDocument, value, maxRetries, maxBatch, windowSize,
        snapshotEvery, idleUnload, accessCacheTtl, presenceInterval, workerThreads, maxCommitQueue,
        maxCommitBatch, committerThreads, maxCatchUpOps, maxPresenceMetaLength, maxCreatesPerUser, createWindow,
        maxLoadedDocuments, maxDocumentBytes);
  }

  public EngineConfig withMaxRetries(int value) {
    return new EngineConfig(
        maxOpLength, maxDocumentLength, maxPendingPerDocument, maxInFlightPerClient, value, maxBatch,
        windowSize, snapshotEvery, idleUnload, accessCacheTtl, presenceInterval, workerThreads, maxCommitQueue,
        maxCommitBatch, committerThreads, maxCatchUpOps, maxPresenceMetaLength, maxCreatesPerUser, createWindow,
        maxLoadedDocuments, maxDocumentBytes);
  }

  public EngineConfig withWindowSize(int value) {
    return new EngineConfig(
        maxOpLength, maxDocumentLength, maxPendingPerDocument, maxInFlightPerClient, maxRetries, maxBatch,
        value, snapshotEvery, idleUnload, accessCacheTtl, presenceInterval, workerThreads, maxCommitQueue,
        maxCommitBatch, committerThreads, maxCatchUpOps, maxPresenceMetaLength, maxCreatesPerUser, createWindow,
        maxLoadedDocuments, maxDocumentBytes);
  }

  public EngineConfig withSnapshotEvery(int value) {
    return new EngineConfig(
        maxOpLength, maxDocumentLength, maxPendingPerDocument, maxInFlightPerClient, maxRetries, maxBatch,
        windowSize, value, idleUnload, accessCacheTtl, presenceInterval, workerThreads, maxCommitQueue,
        maxCommitBatch, committerThreads, maxCatchUpOps, maxPresenceMetaLength, maxCreatesPerUser, createWindow,
        maxLoadedDocuments, maxDocumentBytes);
  }

  public EngineConfig withIdleUnload(Duration value) {
    return new EngineConfig(
        maxOpLength, maxDocumentLength, maxPendingPerDocument, maxInFlightPerClient, maxRetries, maxBatch,
        windowSize, snapshotEvery, value, accessCacheTtl, presenceInterval, workerThreads, maxCommitQueue,
        maxCommitBatch, committerThreads, maxCatchUpOps, maxPresenceMetaLength, maxCreatesPerUser, createWindow,
        maxLoadedDocuments, maxDocumentBytes);
  }

  public EngineConfig withPresenceInterval(Duration value) {
    return new EngineConfig(
        maxOpLength, maxDocumentLength, maxPendingPerDocument, maxInFlightPerClient, maxRetries, maxBatch,
        windowSize, snapshotEvery, idleUnload, accessCacheTtl, value, workerThreads, maxCommitQueue,
        maxCommitBatch, committerThreads, maxCatchUpOps, maxPresenceMetaLength, maxCreatesPerUser, createWindow,
        maxLoadedDocuments, maxDocumentBytes);
  }

  public EngineConfig withWorkerThreads(int value) {
    return new EngineConfig(
        maxOpLength, maxDocumentLength, maxPendingPerDocument, maxInFlightPerClient, maxRetries, maxBatch,
        windowSize, snapshotEvery, idleUnload, accessCacheTtl, presenceInterval, value, maxCommitQueue,
        maxCommitBatch, committerThreads, maxCatchUpOps, maxPresenceMetaLength, maxCreatesPerUser, createWindow,
        maxLoadedDocuments, maxDocumentBytes);
  }

  public EngineConfig withMaxCommitQueue(int value) {
    return new EngineConfig(
        maxOpLength, maxDocumentLength, maxPendingPerDocument, maxInFlightPerClient, maxRetries, maxBatch,
        windowSize, snapshotEvery, idleUnload, accessCacheTtl, presenceInterval, workerThreads, value,
        maxCommitBatch, committerThreads, maxCatchUpOps, maxPresenceMetaLength, maxCreatesPerUser, createWindow,
        maxLoadedDocuments, maxDocumentBytes);
  }

  public EngineConfig withMaxCommitBatch(int value) {
    return new EngineConfig(
        maxOpLength, maxDocumentLength, maxPendingPerDocument, maxInFlightPerClient, maxRetries, maxBatch,
        windowSize, snapshotEvery, idleUnload, accessCacheTtl, presenceInterval, workerThreads, maxCommitQueue,
        value, committerThreads, maxCatchUpOps, maxPresenceMetaLength, maxCreatesPerUser, createWindow,
        maxLoadedDocuments, maxDocumentBytes);
  }

  public EngineConfig withCommitterThreads(int value) {
    return new EngineConfig(
        maxOpLength, maxDocumentLength, maxPendingPerDocument, maxInFlightPerClient, maxRetries, maxBatch,
        windowSize, snapshotEvery, idleUnload, accessCacheTtl, presenceInterval, workerThreads, maxCommitQueue,
        maxCommitBatch, value, maxCatchUpOps, maxPresenceMetaLength, maxCreatesPerUser, createWindow,
        maxLoadedDocuments, maxDocumentBytes);
  }

  public EngineConfig withMaxCatchUpOps(int value) {
    return new EngineConfig(
        maxOpLength, maxDocumentLength, maxPendingPerDocument, maxInFlightPerClient, maxRetries, maxBatch,
        windowSize, snapshotEvery, idleUnload, accessCacheTtl, presenceInterval, workerThreads, maxCommitQueue,
        maxCommitBatch, committerThreads, value, maxPresenceMetaLength, maxCreatesPerUser, createWindow,
        maxLoadedDocuments, maxDocumentBytes);
  }

  public EngineConfig withMaxPresenceMetaLength(int value) {
    return new EngineConfig(
        maxOpLength, maxDocumentLength, maxPendingPerDocument, maxInFlightPerClient, maxRetries, maxBatch,
        windowSize, snapshotEvery, idleUnload, accessCacheTtl, presenceInterval, workerThreads, maxCommitQueue,
        maxCommitBatch, committerThreads, maxCatchUpOps, value, maxCreatesPerUser, createWindow,
        maxLoadedDocuments, maxDocumentBytes);
  }

  public EngineConfig withMaxLoadedDocuments(int value) {
    return new EngineConfig(
        maxOpLength, maxDocumentLength, maxPendingPerDocument, maxInFlightPerClient, maxRetries, maxBatch,
        windowSize, snapshotEvery, idleUnload, accessCacheTtl, presenceInterval, workerThreads, maxCommitQueue,
        maxCommitBatch, committerThreads, maxCatchUpOps, maxPresenceMetaLength, maxCreatesPerUser, createWindow,
        value, maxDocumentBytes);
  }

  public EngineConfig withMaxDocumentBytes(int value) {
    return new EngineConfig(
        maxOpLength, maxDocumentLength, maxPendingPerDocument, maxInFlightPerClient, maxRetries, maxBatch,
        windowSize, snapshotEvery, idleUnload, accessCacheTtl, presenceInterval, workerThreads, maxCommitQueue,
        maxCommitBatch, committerThreads, maxCatchUpOps, maxPresenceMetaLength, maxCreatesPerUser, createWindow,
        maxLoadedDocuments, value);
  }

  /** At most {@code count} documents created by one user per {@code window}. */
  public EngineConfig withMaxCreatesPerUser(int count, Duration window) {
    return new EngineConfig(
        maxOpLength, maxDocumentLength, maxPendingPerDocument, maxInFlightPerClient, maxRetries, maxBatch,
        windowSize, snapshotEvery, idleUnload, accessCacheTtl, presenceInterval, workerThreads, maxCommitQueue,
        maxCommitBatch, committerThreads, maxCatchUpOps, maxPresenceMetaLength, count, window,
        maxLoadedDocuments, maxDocumentBytes);
  }
}
