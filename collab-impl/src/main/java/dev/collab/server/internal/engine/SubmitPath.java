package dev.collab.server.internal.engine;

import dev.collab.CollabException;
import dev.collab.CommittedOp;
import dev.collab.ErrorCode;
import dev.collab.ot.JsonLimits;
import dev.collab.ot.OtType;
import dev.collab.spi.AppendRequest;
import dev.collab.spi.AppendResult;
import jakarta.json.JsonValue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The submit path of one document: decode, queue, batch, append, answer. Submits that queue while
 * an append is in flight go into the next append together (group commit), at most {@link
 * EngineConfig#maxBatch()} per batch; {@link BatchTransform} dedups, checks and transforms a batch.
 * With the engine's {@link GroupCommitter} the append is handed over and the document's turn is
 * suspended until the result resumes it; otherwise it appends on its own turn. On a conflict the
 * ops another node committed are read, the batch is transformed again and retried, up to {@link
 * EngineConfig#maxRetries()}. Only after the append returns are submitters acked, local subscribers
 * told (in version order, exactly once) and the ops published on the bus.
 *
 * <p>Confined to the document's turn, except {@link #reserve}/{@link #release} (any thread).
 *
 * @param <O> the document's op type
 */
final class SubmitPath<O> {
  private static final System.Logger LOG = System.getLogger(SubmitPath.class.getName());
  private final DocumentSequencer<O> turn;
  private final DocumentContext context;
  private final String id;
  private final DocumentState<O> state;
  private final FanOut fanOut;
  private final BusRelay bus;
  private final PresenceRelay presence;
  private final Snapshots<O> snapshots;
  private final SubmitAnswers answers;
  private final BatchTransform<O> transform;
  /**
   * Submits of sessions accepted but not yet taken into a batch, counted outside the turn so the
   * bound is checked on the caller's thread.
   */
  private final AtomicInteger queued = new AtomicInteger();
  // ---- guarded by the document's turn ----
  private final ArrayDeque<SubmitRequest<O>> pending = new ArrayDeque<>();
  private boolean commitScheduled;
  /**
   * True from handing an append to the committer until its result is handled. The turn is
   * suspended meanwhile, so no other task sees the document's tentative changes.
   */
  private boolean appending;

  SubmitPath(DocumentSequencer<O> turn, DocumentContext context, String id, DocumentState<O> state, FanOut fanOut,
      BusRelay bus, PresenceRelay presence, Snapshots<O> snapshots, SubmitAnswers answers) {
    this.turn = turn;
    this.context = context;
    this.id = id;
    this.state = state;
    this.fanOut = fanOut;
    this.bus = bus;
    this.presence = presence;
    this.snapshots = snapshots;
    this.answers = answers;
    this.transform = new BatchTransform<>(turn, context, id, state, answers);
  }

  /** Counts a session's submit against {@link EngineConfig#maxPendingPerDocument()}; false when over. */
  boolean reserve() {
    if (queued.incrementAndGet() > context.config().maxPendingPerDocument()) {
      queued.decrementAndGet();
      return false;
    }
    return true;
  }

  /** A reserved submit did not reach the queue (refused, or passed to another sequencer). */
  void release() {
    queued.decrementAndGet();
  }

  /** A session's submit, reserved before, on the document's turn: decoded and queued, or answered. */
  void submit(Session session, long base, long seq, Object op) {
    turn.checkTurn();
    SubmitRequest<O> request;
    try {
      request = new SubmitRequest<>(session, session.user(), session.client(), seq, base, decode(op));
    } catch (CollabException e) {
      release();
      answers.error(session, seq, e.code(), e.getMessage());
      return;
    } catch (RuntimeException e) {
      // Not a bad op (that is a CollabException): the store failed while loading, or a bug.
      LOG.log(System.Logger.Level.WARNING, "collab: submit " + seq + " to document " + id + " by client "
          + session.client() + " (user " + session.user().id() + ") failed before it was queued", e);
      release();
      answers.error(session, seq, ErrorCode.INTERNAL, "failed: " + e);
      return;
    }
    enqueue(request);
  }

  /** The op as the document's type, loading the document first; checked against the size limits. */
  @SuppressWarnings("unchecked")
  O decode(Object op) {
    turn.lifecycle().ensureLoaded();
    EngineConfig config = context.config();
    OtType<O> type = state.type();
    int maxChars = Math.max(JsonLimits.DEFAULT.maxChars(), config.maxOpLength() * 8);
    JsonLimits limits = new JsonLimits(maxChars, JsonLimits.DEFAULT.maxDepth(),
        Math.max(JsonLimits.DEFAULT.maxStringLength(), config.maxOpLength()), JsonLimits.DEFAULT.maxOps());
    O decoded = op instanceof JsonValue ? type.decode((JsonValue) op, limits)
        : op instanceof String ? type.decode((String) op, limits) : (O) op;
    type.checkContent(decoded);
    int inserted = type.insertedLength(decoded);
    if (inserted > config.maxOpLength()) {
      throw new CollabException(ErrorCode.TOO_LARGE,
          "the op inserts " + inserted + " characters, over the limit of " + config.maxOpLength());
    }
    return decoded;
  }

  /**
   * Queues a request and schedules one commit task if none is: requests queued on the turn
   * behind the current append all join {@link #pending} before that task runs (group commit).
   */
  void enqueue(SubmitRequest<O> request) {
    turn.checkTurn();
    pending.addLast(request);
    scheduleCommit();
  }

  private void scheduleCommit() {
    if (!commitScheduled) {
      commitScheduled = true;
      turn.execute(
          () -> {
            commitScheduled = false;
            commitPending();
          });
    }
  }

  /** Whether nothing is queued, scheduled or being appended (for a drain). */
  boolean isQuiet() {
    turn.checkTurn();
    return pending.isEmpty() && !commitScheduled && !appending && queued.get() == 0;
  }

  /** Whether a submit is queued or being appended (the document must stay loaded). */
  boolean hasWork() {
    turn.checkTurn();
    return !pending.isEmpty() || appending || queued.get() > 0;
  }

  /** Refuses every queued submit (the document is dropped or unloaded). */
  void failPending(ErrorCode code, String message) {
    turn.checkTurn();
    for (SubmitRequest<O> request : pending) {
      if (request.session != null) {
        queued.decrementAndGet();
      }
      answers.fail(request, code, message);
    }
    pending.clear();
  }

  /**
   * Commits everything pending, in batches of at most {@link EngineConfig#maxBatch()}: submits that
   * queued while an append was in flight are committed together by the next one.
   */
  private void commitPending() {
    turn.checkTurn();
    while (!pending.isEmpty() && !turn.isClosed() && !appending) {
      List<SubmitRequest<O>> batch = new ArrayList<>();
      while (!pending.isEmpty() && batch.size() < context.config().maxBatch()) {
        SubmitRequest<O> request = pending.removeFirst();
        if (request.session != null) {
          queued.decrementAndGet();
        }
        batch.add(request);
      }
      commitBatch(batch, 0);
    }
  }

  /**
   * Prepares the batch and hands its append to the committer, suspending the turn until the
   * result is back ({@link #appended}); returns at once when nothing is left to append.
   */
  private void commitBatch(List<SubmitRequest<O>> batch, int attempt) {
    BatchTransform.Prepared<O> prepared = transform.prepare(batch, attempt);
    if (prepared.toAppend.isEmpty()) {
      return;
    }
    appending = true;
    long head = state.head();
    GroupCommitter committer = context.executors().committer();
    if (committer == null) {
      // A store without a batch write of its own: append here, on this document's turn.
      AppendResult result = null;
      Throwable error = null;
      long started = System.nanoTime();
      try {
        result = context.store().append(id, head, prepared.toAppend);
        context.metrics().observer.appended(1, System.nanoTime() - started);
      } catch (RuntimeException e) {
        context.metrics().observer.storeFailed("append"); // the group committer counts its own
        error = e;
      }
      appended(prepared, attempt, result, error);
      return;
    }
    turn.suspend();
    committer.append(new AppendRequest(id, head, prepared.toAppend)).whenComplete((result, error) ->
        turn.resume(() -> appended(prepared, attempt, result, error)));
  }

  /** The committer's answer to {@link #commitBatch}: ack, retry after a conflict, or fail. */
  private void appended(BatchTransform.Prepared<O> prepared, int attempt, @Nullable AppendResult result,
      @Nullable Throwable error) {
    turn.checkTurn();
    appending = false;
    try {
      handleAppended(prepared, attempt, result, error);
    } finally {
      if (!appending && !pending.isEmpty()) {
        // Behind the submits that queued during the append, so that they join this commit.
        scheduleCommit();
      }
    }
  }

  private void handleAppended(BatchTransform.Prepared<O> prepared, int attempt, @Nullable AppendResult result,
      @Nullable Throwable error) {
    List<SubmitRequest<O>> batch = prepared.accepted;
    if (error != null) {
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (cause instanceof CollabException refused) {
        // The committer refused the append (queue full, engine closing): nothing was written.
        LOG.log(System.Logger.Level.WARNING, "collab: append of {0} op(s) to document {1} refused by the group committer"
            + " ({2}: {3}); the submits are answered with that code", prepared.toAppend.size(), id, refused.code(),
            refused.getMessage());
        failAll(batch, refused.code(), refused.getMessage());
        if (prepared.documentChanged) {
          turn.lifecycle().resync();
        }
        return;
      }
      // Unknown outcome: do not ack. The document is rebuilt from the store; a resubmission is
      // recognised by (client, seq) if the append did commit.
      LOG.log(System.Logger.Level.WARNING, "collab: append of " + prepared.toAppend.size() + " op(s) to document " + id
          + " failed, outcome unknown (" + describe(batch) + "); answered internal, resubmissions are deduplicated", cause);
      failAll(batch, ErrorCode.INTERNAL, "storage failed: " + cause);
      turn.lifecycle().resync();
      return;
    }
    if (result instanceof AppendResult.Appended) {
      prepared.size.commit();
      committed(batch, prepared.toAppend, prepared.transformed);
      return;
    }
    if (result instanceof AppendResult.NoSuchDocument) {
      failAll(batch, ErrorCode.UNKNOWN_DOCUMENT, "document " + id + " was deleted");
      turn.lifecycle().dropDeleted();
      return;
    }
    long storeHead = ((AppendResult.Conflict) java.util.Objects.requireNonNull(result)).head();
    if (storeHead < state.head()) {
      // The store's document is behind this copy: it was deleted and created again meanwhile.
      failAll(batch, ErrorCode.UNKNOWN_DOCUMENT, "document " + id + " was deleted");
      turn.lifecycle().dropDeleted();
      return;
    }
    // Conflict: undo our tentative changes, learn what the others committed, and go again.
    context.metrics().conflicts.incrementAndGet();
    try {
      if (prepared.documentChanged) {
        state.rebuildToHead();
      }
      bus.catchUp(storeHead);
    } catch (RuntimeException e) {
      // counted as a failed read by BusRelay.catchUp
      LOG.log(System.Logger.Level.WARNING, "collab: document " + id + ": reading the ops of a conflicting append from"
          + " the store failed (" + describe(batch) + "); answered internal", e);
      failAll(batch, ErrorCode.INTERNAL, "storage failed: " + e);
      turn.lifecycle().resync();
      return;
    }
    if (attempt >= context.config().maxRetries()) {
      LOG.log(System.Logger.Level.WARNING, "collab: document {0}: gave up after {1} conflicting appends ({2});"
          + " answered retry-exhausted", id, attempt + 1, describe(batch));
      failAll(batch, ErrorCode.RETRY_EXHAUSTED,
          "gave up after " + (attempt + 1) + " conflicting appends to document " + id);
      return;
    }
    commitBatch(batch, attempt + 1);
  }

  /** The submitters of a batch for a log line: client, user and seq of the first few. */
  private static String describe(List<? extends SubmitRequest<?>> batch) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < batch.size() && i < 3; i++) {
      SubmitRequest<?> request = batch.get(i);
      text.append(i == 0 ? "" : ", ").append("client ").append(request.client).append(" user ")
          .append(request.user.id()).append(" seq ").append(request.seq);
    }
    return batch.size() > 3 ? text + " and " + (batch.size() - 3) + " more" : text.toString();
  }

  private void failAll(List<SubmitRequest<O>> batch, ErrorCode code, String message) {
    for (SubmitRequest<O> request : batch) {
      answers.fail(request, code, message);
    }
  }

  /** The append succeeded: advance, answer, tell local subscribers, publish, maybe snapshot. */
  private void committed(List<SubmitRequest<O>> batch, List<CommittedOp> ops, List<O> transformed) {
    for (int i = 0; i < ops.size(); i++) {
      state.advance(ops.get(i), transformed.get(i));
    }
    EngineMetrics metrics = context.metrics();
    EngineObserver observer = metrics.observer;
    metrics.committed.addAndGet(ops.size());
    observer.committed(state.type().name(), ops.size());
    long appendedAt = System.nanoTime();
    fanOut.asOneBatch(ops.size(), () -> {
      long now = appendedAt;
      for (int i = 0; i < ops.size(); i++) {
        SubmitRequest<O> request = batch.get(i);
        CommittedOp op = ops.get(i);
        fanOut.deliver(op, request.session);
        if (request.session != null) {
          request.session.answered(id);
        }
        request.result.complete(op);
        metrics.ackLatency.record(now - request.madeNanos);
        observer.acknowledged(now - request.madeNanos);
      }
    });
    observer.fannedOut(System.nanoTime() - appendedAt);
    bus.committed(ops);
    presence.releaseHeld();
    snapshots.maybeSnapshot();
  }
}
