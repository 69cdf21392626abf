package dev.collab.server.internal.engine;

import dev.collab.ot.OtType;
import dev.collab.spi.Snapshot;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * Takes a document's snapshots: after enough commits, the content at the head is encoded on the
 * document's turn and saved on the engine's background thread, which also measures the encoded text
 * for the document's {@link DocumentSize}. A snapshot is an optimisation (the log alone rebuilds the
 * document), so a failed or postponed save is logged, never answered.
 *
 * @param <O> the document's op type
 */
final class Snapshots<O> {
  private static final System.Logger LOG = System.getLogger(Snapshots.class.getName());
  /** See {@link #maybeSnapshot}. */
  static final int SNAPSHOT_CHARS_PER_OP = 256;

  private final DocumentSequencer<O> turn;
  private final DocumentContext context;
  private final String id;
  private final DocumentState<O> state;
  /**
   * Called on the turn with a snapshot's version as it is taken (comment anchors are rebased on it);
   * it must not change the document (it queues its work as a task of its own).
   */
  private final java.util.function.LongConsumer beforeSave;

  Snapshots(DocumentSequencer<O> turn, DocumentContext context, String id, DocumentState<O> state,
      java.util.function.LongConsumer beforeSave) {
    this.turn = turn;
    this.context = context;
    this.id = id;
    this.state = state;
    this.beforeSave = beforeSave;
  }

  /** After a commit: saves a snapshot at the head if enough ops were committed since the last one. */
  void maybeSnapshot() {
    turn.checkTurn();
    // A snapshot costs time and space in proportion to the document: a long document takes one
    // after at least one op per SNAPSHOT_CHARS_PER_OP characters, so that its cost per op stays
    // bounded (a 2 MB document every 8,192 ops rather than every 500).
    long interval = Math.max(context.config().snapshotEvery(), state.document().length() / SNAPSHOT_CHARS_PER_OP);
    long previous = state.lastSnapshot();
    long version = state.head();
    if (version - previous < interval) {
      return;
    }
    save(version, previous).whenComplete((saved, failure) -> {
      if (failure instanceof RejectedExecutionException) {
        LOG.log(System.Logger.Level.WARNING, "collab: snapshot of document {0} at version {1} postponed: the background queue is full",
            id, version);
      } else if (failure != null) {
        // A snapshot is an optimisation: the log still rebuilds the document; the next one comes
        // snapshotEvery ops later.
        LOG.log(System.Logger.Level.WARNING, "collab: snapshot of document " + id + " at version " + version
            + " not saved (the document is rebuilt from its log)", failure);
      }
    });
  }

  /**
   * An administrator asks for a snapshot at the head now. Completes with its version once saved
   * (at once when the latest snapshot is at the head already), or with the failure of the save
   * (the caller answers it; nothing is logged here); a full background queue is a
   * {@link RejectedExecutionException}.
   */
  CompletableFuture<Long> saveNow() {
    turn.checkTurn();
    long version = state.head();
    long previous = state.lastSnapshot();
    if (version == previous) {
      return CompletableFuture.completedFuture(version);
    }
    return save(version, previous);
  }

  /** Encodes the head on the turn and saves it on the background thread. */
  private CompletableFuture<Long> save(long version, long previous) {
    beforeSave.accept(version);
    state.snapshotTaken(version);
    O content = state.document().snapshot();
    OtType<O> t = state.type();
    SizeModel<O> sizes = state.size().model();
    state.size().snapshotTaken(version);
    CompletableFuture<Long> saved = new CompletableFuture<>();
    try {
      context.executors().background().execute(() -> {
        try {
          String json = t.encodeToString(content);
          // The text is at hand: the document's exact size at this version, back to the turn.
          SizeEstimate exact = sizes.measure(content, json);
          turn.execute(() -> state.size().snapshotMeasured(version, exact));
          context.store().saveSnapshot(id, new Snapshot(version, json));
          saved.complete(version);
        } catch (RuntimeException e) {
          saved.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      // The background queue is full (or the engine stops): try again at the next commit.
      state.snapshotTaken(previous);
      saved.completeExceptionally(e);
    }
    return saved;
  }
}
