package dev.collab.server.internal.engine;

import dev.collab.Access;
import dev.collab.CollabException;
import dev.collab.CommittedOp;
import dev.collab.DocumentInfo;
import dev.collab.ErrorCode;
import dev.collab.ot.InvalidOpException;
import dev.collab.ot.JsonLimits;
import dev.collab.ot.OtDocument;
import dev.collab.ot.OtType;
import dev.collab.spi.AppendRequest;
import dev.collab.spi.AppendResult;
import dev.collab.spi.ClusterBus;
import dev.collab.spi.Snapshot;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The one writer of one document on this node. Every request for the document (join, submit,
 * presence, leave, a message from the bus) becomes a task on this sequencer's {@link
 * SerialExecutor}, so all the state below is confined to one thread at a time and needs no lock.
 *
 * <p>A submit is transformed from its base over the ops committed since (the in-memory window,
 * else the store), checked, and appended to the store with a compare-and-set on the head. Submits
 * that queue while an append is in flight go into the next append together (group commit). For a
 * store with its own {@code appendAll}, the append goes through the engine's {@link
 * GroupCommitter}, which writes the appends of many documents in one store call; while it is in
 * flight the sequencer's executor is suspended (no task of this document runs, no pool thread is
 * held) and the result resumes it. Otherwise the sequencer appends on its own turn. On a
 * conflict the ops another node committed are read, the batch is transformed again and retried,
 * up to {@link EngineConfig#maxRetries()}. Only after the append returns are submitters acked,
 * local subscribers told (in version order, exactly once) and the ops published on the bus.
 *
 * <p>The largest class of the engine, on purpose: the commit path reads top to bottom in one place.
 *
 * @param <O> the document's op type
 */
final class DocumentSequencer<O> {
  private static final System.Logger LOG = System.getLogger(DocumentSequencer.class.getName());
  private final CollabEngine engine;
  private final String id;
  private final SerialExecutor executor;
  private final EngineConfig config;
  /**
   * Submits of sessions accepted but not yet taken into a batch, counted outside the executor so
   * the bound is checked on the caller's thread.
   */
  private final AtomicInteger queued = new AtomicInteger();

  // ---- Everything below is confined to the executor (asserted by checkTurn()). ----
  private boolean loaded;
  private boolean closed;
  /**
   * Closed because the document was deleted: a submit that reaches this sequencer afterwards was made
   * on the deleted document, so it is refused rather than passed to a new copy (which may be a
   * document created again with the same id).
   */
  private boolean deleted;
  private @Nullable DocumentInfo info;
  private @Nullable OtType<O> type;
  private @Nullable OtDocument<O> document;
  /** The version of the last op applied to {@link #document}. */
  private long head;
  private long lastSnapshot;
  /**
   * Recently committed ops with their decoded form, oldest first; versions end at head. Its length
   * follows the lag of the submits (see {@link #windowTarget}), at most {@link
   * EngineConfig#windowSize()}.
   */
  private final ArrayDeque<Entry<O>> window = new ArrayDeque<>();
  /** The largest lag (head minus base) of a submit in the current lag period, and in the one before. */
  private long lagNow;
  private long lagBefore;
  /** Ops committed in the current lag period; a period lasts {@link EngineConfig#windowSize()} ops. */
  private long lagPeriodOps;
  private final ArrayDeque<SubmitRequest<O>> pending = new ArrayDeque<>();
  private boolean commitScheduled;
  /**
   * True from handing an append to the committer until its result is handled. The executor is
   * suspended meanwhile, so no other task sees the document's tentative changes.
   */
  private boolean appending;
  /** When the last commit happened; head announcements count their delays from it. */
  private long lastCommitNanos;
  /** The next announcement to make (an index into ANNOUNCE_DELAYS_MS); past the end: none. */
  private int announceStage = ANNOUNCE_DELAYS_MS.length;
  private boolean announceTimerPending;
  private static final long[] ANNOUNCE_DELAYS_MS = {100, 1_000, 5_000};
  private final List<Session> subscribers = new ArrayList<>();
  private ClusterBus.@Nullable Subscription busSubscription;
  /**
   * The last {@code ops} message this sequencer published. An in-process bus hands the same
   * instance back to this sequencer's own subscription; its ops are all at or below the head
   * already, so it is recognised by identity and not parsed.
   */
  private @Nullable String publishedOps;
  /** Latest presence per client of a local session, for throttling and for "gone". */
  private final Map<String, PresenceState> presence = new HashMap<>();
  /** Presence from other nodes that is ahead of this node's head, held until the head catches up. */
  private final LinkedHashMap<String, JsonObject> heldPresence = new LinkedHashMap<>();
  private final CopyOnWriteArrayList<Consumer<CommittedOp>> listeners = new CopyOnWriteArrayList<>();
  private volatile long lastActivity = System.nanoTime();

  private record Entry<O>(CommittedOp committed, O op) {}

  private static final class PresenceState {
    JsonValue range = JsonValue.NULL;
    @Nullable JsonObject meta;
    long version;
    long lastSentNanos;
    boolean flushScheduled;
    boolean dirty;
    final Session session;

    PresenceState(Session session) {
      this.session = session;
    }
  }

  DocumentSequencer(CollabEngine engine, String id) {
    this.engine = engine;
    this.id = id;
    this.config = engine.config();
    this.executor = new SerialExecutor(engine.workers());
  }

  String id() {
    return id;
  }

  // ------------------------------------------------------------------ entry points (any thread)

  /** {@code ticket}: the session's number for this join ({@link Session#joinFailed}). */
  void join(Session session, @Nullable Long from, long ticket) {
    run(() -> doJoin(session, from, ticket), () -> engine.sequencer(id).join(session, from, ticket));
  }

  @SuppressWarnings("unchecked")
  void submit(Session session, long base, long seq, Object op) {
    if (queued.incrementAndGet() > config.maxPendingPerDocument()) {
      queued.decrementAndGet();
      session.answered(id);
      session.listener().error(id, seq, ErrorCode.RATE_LIMITED,
          "more than " + config.maxPendingPerDocument() + " submits queued for document " + id);
      return;
    }
    run(
        () -> {
          SubmitRequest<O> request;
          try {
            O decoded = decode(op);
            request = new SubmitRequest<>(session, session.user(), session.client(), seq, base, decoded);
          } catch (CollabException e) {
            queued.decrementAndGet();
            answerError(session, seq, e.code(), e.getMessage());
            return;
          } catch (RuntimeException e) {
            queued.decrementAndGet();
            answerError(session, seq, ErrorCode.INTERNAL, "failed: " + e);
            return;
          }
          enqueue(request);
        },
        () -> {
          queued.decrementAndGet();
          if (deleted) {
            answerError(session, seq, ErrorCode.UNKNOWN_DOCUMENT, "document " + id + " was deleted");
          } else {
            engine.sequencer(id).submit(session, base, seq, op);
          }
        });
  }

  CompletableFuture<CommittedOp> edit(dev.collab.User user, String client, long seq, Object op) {
    CompletableFuture<CommittedOp> result = new CompletableFuture<>();
    run(
        () -> {
          try {
            SubmitRequest<O> request = new SubmitRequest<>(null, user, client, seq, -1, decode(op));
            request.result.whenComplete((c, e) -> complete(result, c, e));
            enqueue(request);
          } catch (RuntimeException e) {
            closeIfUnused();
            result.completeExceptionally(e);
          }
        },
        () -> engine.sequencer(id).edit(user, client, seq, op).whenComplete((c, e) -> complete(result, c, e)));
    return result;
  }

  private static <T> void complete(CompletableFuture<T> target, @Nullable T value, @Nullable Throwable error) {
    if (error != null) {
      target.completeExceptionally(error);
    } else {
      target.complete(value);
    }
  }

  /** The document at its head, as (version, JSON text), once loaded. */
  CompletableFuture<Map.Entry<Long, String>> read() {
    CompletableFuture<Map.Entry<Long, String>> result = new CompletableFuture<>();
    run(
        () -> {
          try {
            boolean wasLoaded = loaded;
            ensureLoaded();
            // Read the store's head, so a read never answers from a node that is still behind.
            long storeHead = engine.store().head(id);
            if (wasLoaded && storeHead < head) {
              // Deleted, perhaps created again, without this node hearing of it: not served from here.
              dropDeleted();
              engine.sequencer(id).read().whenComplete((c, e) -> complete(result, c, e));
              return;
            }
            catchUpFromStore(storeHead);
            result.complete(Map.entry(head, type().encodeToString(document().snapshot())));
          } catch (RuntimeException e) {
            result.completeExceptionally(e);
          }
        },
        () -> engine.sequencer(id).read().whenComplete((c, e) -> complete(result, c, e)));
    return result;
  }

  void presence(Session session, JsonValue range, @Nullable JsonObject meta) {
    run(() -> doPresence(session, range, meta), () -> engine.sequencer(id).presence(session, range, meta));
  }

  void leave(Session session, boolean confirm) {
    run(() -> doLeave(session, confirm), () -> engine.sequencer(id).leave(session, confirm));
  }

  void onBusMessage(String message) {
    run(() -> doBusMessage(message), () -> {});
  }

  /** Reads the store's head and delivers what this node missed (after the bus lost messages). */
  void resyncFromStore() {
    run(() -> {
      if (loaded) {
        try {
          // A deleted message may have been lost with the others.
          long storeHead = engine.store().head(id);
          if (isStale(storeHead)) {
            dropDeleted();
          } else {
            catchUpFromStore(storeHead);
          }
        } catch (RuntimeException e) {
          // The store is failing too: the next join, read or bus message tries again.
          LOG.log(System.Logger.Level.WARNING, "collab: document " + id + " could not catch up from the store after a bus loss;"
              + " the next join, read or bus message tries again", e);
        }
      }
    }, () -> {});
  }

  /** Re-evaluates the access of {@code userId}'s sessions (after a revocation). */
  void recheckAccess(String userId) {
    run(() -> doRecheckAccess(userId), () -> {});
  }

  Runnable listen(Consumer<CommittedOp> listener) {
    // On the document's turn, and loaded (so subscribed to the bus) before this returns: the
    // listener hears every op committed after that, other nodes' too, even where nobody has joined
    // the document. An unknown document has nothing to hear; the listener stays registered.
    Runnable register = () -> {
      listeners.add(listener);
      lastActivity = System.nanoTime();
      try {
        ensureLoaded();
      } catch (CollabException e) {
        // unknown document: nothing to hear until it is created
      } catch (RuntimeException e) {
        // the store failed: the listener stays registered and hears the document once it loads
        LOG.log(System.Logger.Level.WARNING, "collab: document " + id + " did not load for a listener", e);
      }
    };
    if (executor.inTurn()) {
      register.run();
    } else {
      CompletableFuture<Void> done = new CompletableFuture<>();
      executor.execute(() -> {
        try {
          register.run();
        } finally {
          done.complete(null);
        }
      });
      try {
        done.get(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CollabException(ErrorCode.INTERNAL, "interrupted while registering a listener");
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new CollabException(ErrorCode.INTERNAL, "the document did not load within 30 s: " + e);
      }
    }
    return () -> listeners.remove(listener);
  }

  /** Completes once every submit queued so far is answered (for a graceful drain). */
  CompletableFuture<Void> quiesce() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    executor.execute(() -> awaitQuiet(done));
    return done;
  }

  private void awaitQuiet(CompletableFuture<Void> done) {
    if (closed || (pending.isEmpty() && !commitScheduled && !appending && queued.get() == 0)) {
      done.complete(null);
    } else {
      // A commit is queued behind this task: look again after it.
      executor.execute(() -> awaitQuiet(done));
    }
  }

  /**
   * Unloads the sequencer when it has been idle long enough and nobody uses it; called by the
   * engine's sweeper, and with 0 when the node is at {@link EngineConfig#maxLoadedDocuments()}.
   * The result completes once that was decided.
   */
  CompletableFuture<Void> unloadIfIdle(long idleNanos) {
    CompletableFuture<Void> decided = new CompletableFuture<>();
    if (System.nanoTime() - lastActivity < idleNanos) {
      decided.complete(null);
      return decided;
    }
    executor.execute(
        () -> {
          try {
            if (closed
                || !subscribers.isEmpty()
                || !pending.isEmpty()
                || appending
                || queued.get() > 0
                || !listeners.isEmpty()
                || System.nanoTime() - lastActivity < idleNanos) {
              return;
            }
            close();
          } finally {
            decided.complete(null);
          }
        });
    return decided;
  }

  /**
   * Drops this sequencer at once when a request failed before the document loaded (an id that names
   * no document, or one the user may not read) and nothing else uses it: made-up ids must not fill
   * the node with sequencers until the idle sweep.
   */
  private void closeIfUnused() {
    if (!loaded && !closed && subscribers.isEmpty() && listeners.isEmpty() && pending.isEmpty() && !appending
        && queued.get() == 0) {
      close();
    }
  }

  /** Drops all state (node shutdown, unload). Requests that arrive later go to a new sequencer. */
  void closeNow() {
    executor.execute(this::close);
  }

  /** The document was deleted through this node's engine: see {@link #dropDeleted}. */
  void deleted() {
    run(this::dropDeleted, () -> {});
  }

  /**
   * The document is gone from the store (deleted, perhaps created again since): this copy must not
   * serve anyone. Submits not yet committed are refused with {@code unknown-document}; every
   * joined client is told ({@code unknown-document}, then {@code left}, as for a revoked reader) and
   * may join again, which loads the store's document afresh; then the sequencer closes, with its
   * application listeners.
   */
  private void dropDeleted() {
    checkTurn();
    deleted = true;
    String message = "document " + id + " was deleted";
    for (SubmitRequest<O> request : pending) {
      if (request.session != null) {
        queued.decrementAndGet();
      }
      fail(request, ErrorCode.UNKNOWN_DOCUMENT, message);
    }
    pending.clear();
    for (Session session : subscribers) {
      session.dropped(id);
      session.listener().error(id, null, ErrorCode.UNKNOWN_DOCUMENT, message);
      session.listener().left(id);
    }
    LOG.log(System.Logger.Level.DEBUG, "collab: document {0} was deleted; node {1} unloaded it and told {2} client(s)",
        id, engine.nodeId(), subscribers.size());
    subscribers.clear();
    presence.clear();
    heldPresence.clear();
    close();
  }

  /**
   * Whether this copy is of a document the store no longer holds: the store's head is below this
   * copy's, or the document there was created at another time (deleted and created again).
   */
  private boolean isStale(long storeHead) {
    if (storeHead < head) {
      return true;
    }
    DocumentInfo current = engine.store().find(id).orElse(null);
    return current == null || info == null || !current.created().equals(info.created());
  }

  private void close() {
    closed = true;
    engine.removeSequencer(this);
    if (busSubscription != null) {
      busSubscription.close();
      busSubscription = null;
    }
    for (SubmitRequest<O> request : pending) {
      if (request.session != null) {
        queued.decrementAndGet();
      }
      fail(request, ErrorCode.DRAINING, "the document was unloaded; resubmit");
    }
    pending.clear();
  }

  /** Runs {@code task} on the sequencer, or {@code redirect} when this sequencer was closed. */
  private void run(Runnable task, Runnable redirect) {
    lastActivity = System.nanoTime();
    executor.execute(
        () -> {
          if (closed) {
            redirect.run();
          } else {
            task.run();
          }
        });
  }

  // ------------------------------------------------------------------ confined to the executor

  private void checkTurn() {
    if (!executor.inTurn()) {
      throw new IllegalStateException("sequencer state touched outside its executor");
    }
  }

  private OtType<O> type() {
    return java.util.Objects.requireNonNull(type);
  }

  private OtDocument<O> document() {
    return java.util.Objects.requireNonNull(document);
  }

  @SuppressWarnings("unchecked")
  private O decode(Object op) {
    ensureLoaded();
    int maxChars = Math.max(JsonLimits.DEFAULT.maxChars(), config.maxOpLength() * 8);
    JsonLimits limits = new JsonLimits(maxChars, JsonLimits.DEFAULT.maxDepth(),
        Math.max(JsonLimits.DEFAULT.maxStringLength(), config.maxOpLength()), JsonLimits.DEFAULT.maxOps());
    O decoded = op instanceof JsonValue ? type().decode((JsonValue) op, limits)
        : op instanceof String ? type().decode((String) op, limits) : (O) op;
    type().checkContent(decoded);
    int inserted = type().insertedLength(decoded);
    if (inserted > config.maxOpLength()) {
      throw new CollabException(ErrorCode.TOO_LARGE,
          "the op inserts " + inserted + " characters, over the limit of " + config.maxOpLength());
    }
    return decoded;
  }

  /** Loads the document on first use: metadata, latest snapshot, the ops after it, the bus. */
  @SuppressWarnings("unchecked")
  private void ensureLoaded() {
    checkTurn();
    if (loaded) {
      return;
    }
    DocumentInfo found = engine.store().find(id).orElse(null);
    if (found == null) {
      throw new CollabException(ErrorCode.UNKNOWN_DOCUMENT, "no document " + id);
    }
    OtType<O> foundType = (OtType<O>) engine.type(found.type());
    info = found;
    type = foundType;
    // Subscribed before the store is read, so that nothing committed meanwhile is missed; a load
    // that fails closes the subscription again (the next attempt subscribes anew).
    busSubscription = engine.bus().subscribe(id, this::onBusMessage);
    try {
      rebuild();
    } catch (RuntimeException | Error e) {
      ClusterBus.Subscription subscription = busSubscription;
      busSubscription = null;
      if (subscription != null) {
        subscription.close();
      }
      throw e;
    }
    loaded = true;
  }

  /** (Re)builds the document from the store: the latest snapshot and every op after it. */
  private void rebuild() {
    OtType<O> t = type();
    long storeHead = engine.store().head(id);
    if (storeHead < 0) {
      throw new CollabException(ErrorCode.UNKNOWN_DOCUMENT, "no document " + id);
    }
    Optional<Snapshot> snapshot = engine.store().loadSnapshot(id, storeHead);
    O content = snapshot.map(s -> t.decode(s.data(), JsonLimits.STORAGE)).orElse(t.empty());
    OtDocument<O> rebuilt = t.newDocument(content);
    long version = snapshot.map(Snapshot::version).orElse(0L);
    window.clear();
    for (CommittedOp op : engine.store().readOpsAfter(id, version)) {
      O decoded = t.decode(op.op(), JsonLimits.STORAGE);
      rebuilt.apply(decoded);
      version = op.version();
      remember(new Entry<>(op, decoded));
    }
    document = rebuilt;
    head = version;
    lastSnapshot = snapshot.map(Snapshot::version).orElse(0L);
  }

  private void remember(Entry<O> entry) {
    window.addLast(entry);
    if (++lagPeriodOps >= config.windowSize()) {
      lagBefore = lagNow;
      lagNow = 0;
      lagPeriodOps = 0;
    }
    int target = windowTarget();
    while (window.size() > target) {
      window.removeFirst();
    }
  }

  /**
   * How many ops the window keeps: twice the largest lag of a submit over the last one or two
   * periods of {@link EngineConfig#windowSize()} ops, at least {@link #MIN_WINDOW}, at most {@code
   * windowSize}. A document whose writers keep up (one writer per document, say) keeps a few dozen
   * decoded ops instead of a thousand, so that with many documents open the windows no longer
   * survive young collections; one slow client grows its document's window at its next submit.
   * A base older than the window is served by the store, as it always was.
   */
  private int windowTarget() {
    long wanted = Math.max(MIN_WINDOW, 2 * Math.max(lagNow, lagBefore));
    return (int) Math.min(config.windowSize(), wanted);
  }

  /** The fewest ops a window keeps (when the configured window is not smaller). */
  static final int MIN_WINDOW = 8;

  /** Notes how far behind the head a submit was made. */
  private void noteLag(long base) {
    lagNow = Math.max(lagNow, head - base);
  }

  /** The version just before the oldest op of the window: bases below it need the store. */
  private long windowStart() {
    return window.isEmpty() ? head : window.peekFirst().committed().version() - 1;
  }

  private void doJoin(Session session, @Nullable Long from, long ticket) {
    if (session.isClosed()) {
      return;
    }
    boolean bound;
    try {
      // Before anything of the session reaches the document: its client id must be its user's.
      bound = engine.bindClient(session);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "collab: binding client " + session.client() + " of user "
          + session.user().id() + " at its join of document " + id + " failed", e);
      session.joinFailed(id, ticket);
      closeIfUnused();
      session.listener().error(id, null, ErrorCode.INTERNAL, "storage failed: " + e);
      return;
    }
    if (!bound) {
      session.joinFailed(id, ticket);
      closeIfUnused();
      engine.refuse(session, id);
      return;
    }
    // A leave of the document after this join (the session no longer has it) still gets its join
    // answered, without a subscription; the leave is confirmed next. Every request is answered.
    boolean subscribe = session.hasJoined(id);
    boolean wasLoaded = loaded;
    try {
      answerJoin(session, from, wasLoaded, ticket, subscribe);
    } catch (RuntimeException e) {
      // Whatever failed (the store while loading, the policy, encoding the snapshot), the join is
      // answered: the client sees an error, never silence.
      LOG.log(System.Logger.Level.WARNING, "collab: join of document " + id + " by client " + session.client()
          + " (user " + session.user().id() + ") failed", e);
      subscribers.remove(session);
      session.joinFailed(id, ticket);
      closeIfUnused();
      session.listener().error(id, null, ErrorCode.INTERNAL, "the join failed on the server: " + e.getClass().getSimpleName());
    }
  }

  private void answerJoin(Session session, @Nullable Long from, boolean wasLoaded, long ticket, boolean subscribe) {
    // Access first: a principal without read access learns nothing about whether the document
    // exists (the same answer as for a missing one, as REST's 404), and loads nothing.
    Access access = engine.access(session.user(), id, true);
    if (!access.allows(Access.READ)) {
      session.joinFailed(id, ticket);
      closeIfUnused();
      session.listener().error(id, null, ErrorCode.UNKNOWN_DOCUMENT, "no document " + id);
      return;
    }
    try {
      ensureLoaded();
    } catch (CollabException e) {
      session.joinFailed(id, ticket);
      closeIfUnused();
      session.listener().error(id, null, e.code(), e.getMessage());
      return;
    }
    try {
      // The store is the truth: a node that missed the last ops (a lost bus message) learns them
      // here, so a join never answers from a stale head, nor for a document deleted meanwhile
      // (perhaps created again: a copy loaded before is checked against the store's).
      long storeHead = engine.store().head(id);
      if (storeHead < 0 || (wasLoaded && isStale(storeHead))) {
        // The others are told; the joining session is answered: unknown-document, or by a fresh
        // load of the document created again (once: a fresh copy is not checked again).
        subscribers.remove(session);
        dropDeleted();
        if (storeHead < 0) {
          session.joinFailed(id, ticket);
          session.listener().error(id, null, ErrorCode.UNKNOWN_DOCUMENT, "document " + id + " was deleted");
        } else {
          engine.sequencer(id).join(session, from, ticket);
        }
        return;
      }
      catchUpFromStore(storeHead);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "collab: join of document " + id + " by client " + session.client()
          + " (user " + session.user().id() + "): the store failed", e);
      session.joinFailed(id, ticket);
      session.listener().error(id, null, ErrorCode.INTERNAL, "storage failed: " + e);
      return;
    }
    if (from != null && from > head) {
      session.joinFailed(id, ticket);
      session.listener().error(id, null, ErrorCode.VERSION_AHEAD,
          "join from version " + from + " but the document is at " + head);
      return;
    }
    subscribers.remove(session);
    JoinReply reply = null;
    // A client further behind than maxCatchUpOps gets a snapshot, as for history no longer kept:
    // the ops since any from (0 included) are not read for it.
    if (from != null && head - from <= config.maxCatchUpOps()) {
      List<CommittedOp> missed = committedAfter(from);
      if (missed != null) {
        reply = new JoinReply.OpsReply(id, missed, type().name(), access);
      }
    }
    if (reply == null) {
      reply = new JoinReply.SnapshotReply(id, head, type().name(), type().encodeToString(document().snapshot()), access);
    }
    if (subscribe) {
      subscribers.add(session);
    }
    session.listener().joined(reply);
    // Others' cursors, so the newcomer sees who is here.
    for (PresenceState state : presence.values()) {
      if (subscribe && state.session != session) {
        session.listener().presence(id, state.session.client(), state.session.user().id(),
            state.session.user().name(), state.range, state.meta);
      }
    }
  }

  /** The committed ops after {@code from} up to head, or null when the history is gone. */
  private @Nullable List<CommittedOp> committedAfter(long from) {
    List<CommittedOp> ops = new ArrayList<>();
    if (from < windowStart()) {
      List<CommittedOp> older = engine.store().readOps(id, from, windowStart());
      if (older.size() != windowStart() - from) {
        return null;
      }
      ops.addAll(older);
    }
    for (Entry<O> entry : window) {
      if (entry.committed().version() > from) {
        ops.add(entry.committed());
      }
    }
    return ops;
  }

  /**
   * Queues a request and schedules one commit task if none is: requests queued on the executor
   * behind the current append all join {@link #pending} before that task runs (group commit).
   */
  private void enqueue(SubmitRequest<O> request) {
    pending.addLast(request);
    scheduleCommit();
  }

  private void scheduleCommit() {
    if (!commitScheduled) {
      commitScheduled = true;
      executor.execute(
          () -> {
            commitScheduled = false;
            commitPending();
          });
    }
  }

  /**
   * Commits everything pending, in batches of at most {@link EngineConfig#maxBatch()}: submits that
   * queued while an append was in flight are committed together by the next one.
   */
  private void commitPending() {
    checkTurn();
    while (!pending.isEmpty() && !closed && !appending) {
      List<SubmitRequest<O>> batch = new ArrayList<>();
      while (!pending.isEmpty() && batch.size() < config.maxBatch()) {
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
   * Prepares the batch and hands its append to the committer, suspending this sequencer until the
   * result is back ({@link #appended}); returns at once when nothing is left to append.
   */
  private void commitBatch(List<SubmitRequest<O>> batch, int attempt) {
    List<SubmitRequest<O>> accepted = new ArrayList<>();
    List<CommittedOp> toAppend = new ArrayList<>();
    List<O> transformed = new ArrayList<>();
    boolean documentChanged = prepare(batch, attempt, accepted, toAppend, transformed);
    if (toAppend.isEmpty()) {
      return;
    }
    appending = true;
    GroupCommitter committer = engine.committer();
    if (committer == null) {
      // A store without a batch write of its own: append here, on this document's turn.
      AppendResult result = null;
      Throwable error = null;
      try {
        result = engine.store().append(id, head, toAppend);
      } catch (RuntimeException e) {
        error = e;
      }
      appended(accepted, toAppend, transformed, documentChanged, attempt, result, error);
      return;
    }
    executor.suspend();
    committer.append(new AppendRequest(id, head, toAppend)).whenComplete((result, error) ->
        executor.resume(() -> appended(accepted, toAppend, transformed, documentChanged, attempt, result, error)));
  }

  /** The committer's answer to {@link #commitBatch}: ack, retry after a conflict, or fail. */
  private void appended(List<SubmitRequest<O>> batch, List<CommittedOp> toAppend, List<O> transformed,
      boolean documentChanged, int attempt, @Nullable AppendResult result, @Nullable Throwable error) {
    checkTurn();
    appending = false;
    try {
      handleAppended(batch, toAppend, transformed, documentChanged, attempt, result, error);
    } finally {
      if (!appending && !pending.isEmpty()) {
        // Behind the submits that queued during the append, so that they join this commit.
        scheduleCommit();
      }
    }
  }

  private void handleAppended(List<SubmitRequest<O>> batch, List<CommittedOp> toAppend, List<O> transformed,
      boolean documentChanged, int attempt, @Nullable AppendResult result, @Nullable Throwable error) {
    if (error != null) {
      Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
          ? error.getCause() : error;
      if (cause instanceof CollabException refused) {
        // The committer refused the append (queue full, engine closing): nothing was written.
        for (SubmitRequest<O> request : batch) {
          fail(request, refused.code(), refused.getMessage());
        }
        if (documentChanged) {
          resync();
        }
        return;
      }
      // Unknown outcome: do not ack. The document is rebuilt from the store; a resubmission is
      // recognised by (client, seq) if the append did commit.
      for (SubmitRequest<O> request : batch) {
        fail(request, ErrorCode.INTERNAL, "storage failed: " + cause);
      }
      resync();
      return;
    }
    if (result instanceof AppendResult.Appended) {
      committed(batch, toAppend, transformed);
      return;
    }
    if (result instanceof AppendResult.NoSuchDocument) {
      for (SubmitRequest<O> request : batch) {
        fail(request, ErrorCode.UNKNOWN_DOCUMENT, "document " + id + " was deleted");
      }
      dropDeleted();
      return;
    }
    long storeHead = ((AppendResult.Conflict) java.util.Objects.requireNonNull(result)).head();
    if (storeHead < head) {
      // The store's document is behind this copy: it was deleted and created again meanwhile.
      for (SubmitRequest<O> request : batch) {
        fail(request, ErrorCode.UNKNOWN_DOCUMENT, "document " + id + " was deleted");
      }
      dropDeleted();
      return;
    }
    // Conflict: undo our tentative changes, learn what the others committed, and go again.
    engine.metrics().conflicts.incrementAndGet();
    try {
      if (documentChanged) {
        rebuildToHead();
      }
      catchUpFromStore(storeHead);
    } catch (RuntimeException e) {
      for (SubmitRequest<O> request : batch) {
        fail(request, ErrorCode.INTERNAL, "storage failed: " + e);
      }
      resync();
      return;
    }
    if (attempt >= config.maxRetries()) {
      for (SubmitRequest<O> request : batch) {
        fail(request, ErrorCode.RETRY_EXHAUSTED,
            "gave up after " + (attempt + 1) + " conflicting appends to document " + id);
      }
      return;
    }
    commitBatch(batch, attempt + 1);
  }

  /**
   * Transforms and checks every request of the batch against the head and against the requests
   * before it, applying each to the document tentatively. Requests that fail, or that were
   * committed already (a resubmission), are answered here and left out.
   *
   * @return whether the document was changed (and must be rebuilt if the append fails)
   */
  private boolean prepare(List<SubmitRequest<O>> batch, int attempt, List<SubmitRequest<O>> accepted,
      List<CommittedOp> toAppend, List<O> transformed) {
    OtType<O> t = type();
    boolean changed = false;
    // Only a batch of several submits can hold one twice: no map for the usual batch of one.
    @Nullable Map<SubmitKey, Integer> inBatch = batch.size() > 1 ? new HashMap<>() : null;
    for (SubmitRequest<O> request : batch) {
      if (request.session != null && request.session.isClosed()) {
        request.result.completeExceptionally(new CollabException(ErrorCode.INTERNAL, "session closed"));
        continue;
      }
      if (request.session != null && !request.session.isBound()) {
        // Not reached through a join (which binds or refuses): never commit under an unbound id.
        fail(request, ErrorCode.FORBIDDEN, "client " + request.client + " is not bound to user " + request.user.id());
        continue;
      }
      Access access = engine.access(request.user, id, false);
      if (!access.allows(Access.WRITE)) {
        fail(request, ErrorCode.FORBIDDEN, "no write access to document " + id);
        continue;
      }
      long base = request.base < 0 ? head : request.base;
      if (base > head) {
        fail(request, ErrorCode.VERSION_AHEAD, "base " + base + " is ahead of the head " + head);
        continue;
      }
      noteLag(base);
      CommittedOp existing;
      try {
        existing = findCommitted(request, base, attempt > 0);
      } catch (RuntimeException e) {
        fail(request, ErrorCode.INTERNAL, "storage failed: " + e);
        continue;
      }
      if (existing != null) {
        answerDuplicate(request, existing);
        continue;
      }
      if (inBatch != null && inBatch.containsKey(request.key())) {
        // The same submit twice in one batch: answer the second with the first's result.
        SubmitRequest<O> first = accepted.get(inBatch.get(request.key()));
        first.result.whenComplete(
            (c, e) -> {
              if (c != null) {
                answerDuplicate(request, c);
              } else {
                ErrorCode code = e instanceof CollabException ? ((CollabException) e).code() : ErrorCode.INTERNAL;
                fail(request, code, String.valueOf(e.getMessage()));
              }
            });
        continue;
      }
      O op;
      try {
        op = transformFromBase(request.op, base);
        for (O earlier : transformed) {
          op = t.transform(earlier, op, true);
        }
        document().apply(op);
      } catch (InvalidOpException e) {
        fail(request, e.code(), e.getMessage());
        continue;
      } catch (CollabException e) {
        fail(request, e.code(), e.getMessage());
        continue;
      } catch (RuntimeException e) {
        fail(request, ErrorCode.INTERNAL, "failed: " + e);
        continue;
      }
      changed = true;
      if (document().length() > config.maxDocumentLength()) {
        // Undo by rebuilding, then redo the ones accepted so far (rare: a document at its limit).
        rebuildToHead();
        for (O earlier : transformed) {
          document().apply(earlier);
        }
        fail(request, ErrorCode.TOO_LARGE,
            "the op would make the document longer than " + config.maxDocumentLength());
        continue;
      }
      if (inBatch != null) {
        inBatch.put(request.key(), accepted.size());
      }
      accepted.add(request);
      transformed.add(op);
      toAppend.add(new CommittedOp(id, head + toAppend.size() + 1, t.encodeToString(op), request.client,
          request.seq, request.user.id(), request.user.name(), engine.now()));
    }
    return changed;
  }

  /**
   * The op committed earlier for this request's (client, seq), if any. An op made on {@code base}
   * can only have been committed after it, so the window is searched from the head down to the
   * base; the store is asked when the base is older than the window, and on every retry after a
   * conflict (a store reports a (client, seq) it already holds as a conflict, wherever it is in
   * the log).
   */
  private @Nullable CommittedOp findCommitted(SubmitRequest<O> request, long base, boolean askStore) {
    for (Iterator<Entry<O>> it = window.descendingIterator(); it.hasNext(); ) {
      CommittedOp committed = it.next().committed();
      if (committed.version() <= base) {
        break;
      }
      if (committed.seq() == request.seq && committed.client().equals(request.client)) {
        return committed;
      }
    }
    if (askStore || base < windowStart()) {
      return engine.store().findOp(id, request.client, request.seq).orElse(null);
    }
    return null;
  }

  /** {@code op}, made on {@code base}, transformed over every op committed after it. */
  private O transformFromBase(O op, long base) {
    OtType<O> t = type();
    if (base < windowStart()) {
      List<CommittedOp> older = engine.store().readOps(id, base, windowStart());
      if (older.size() != windowStart() - base) {
        throw new CollabException(ErrorCode.HISTORY_GONE,
            "the ops after version " + base + " are no longer kept; rejoin");
      }
      for (CommittedOp committed : older) {
        op = t.transform(t.decode(committed.op(), JsonLimits.STORAGE), op, true);
      }
    }
    if (base >= head) {
      return op;
    }
    // Only the newest (head - base) entries matter: walk back to them rather than over the window.
    ArrayDeque<O> since = new ArrayDeque<>();
    for (Iterator<Entry<O>> it = window.descendingIterator(); it.hasNext(); ) {
      Entry<O> entry = it.next();
      if (entry.committed().version() <= base) {
        break;
      }
      since.addFirst(entry.op());
    }
    for (O committed : since) {
      op = t.transform(committed, op, true);
    }
    return op;
  }

  /** The append succeeded: advance, answer, tell local subscribers, publish, maybe snapshot. */
  private void committed(List<SubmitRequest<O>> batch, List<CommittedOp> ops, List<O> transformed) {
    for (int i = 0; i < ops.size(); i++) {
      head = ops.get(i).version();
      remember(new Entry<>(ops.get(i), transformed.get(i)));
    }
    engine.metrics().committed.addAndGet(ops.size());
    asOneBatch(ops.size(), () -> {
      for (int i = 0; i < ops.size(); i++) {
        SubmitRequest<O> request = batch.get(i);
        CommittedOp op = ops.get(i);
        deliver(op, request.session);
        if (request.session != null) {
          request.session.answered(id);
        }
        request.result.complete(op);
      }
    });
    String message = publish(() -> BusMessages.ops(engine.nodeId(), ops));
    if (message != null) {
      publishedOps = message;
      scheduleHeadAnnouncements();
    }
    releaseHeldPresence();
    maybeSnapshot();
  }

  /**
   * Publishes a message of this document on the bus, built only when another node can hear it
   * ({@link CollabEngine#hasPeers}).
   *
   * @return the message, or null when there is nobody to publish to
   */
  private @Nullable String publish(java.util.function.Supplier<String> message) {
    if (!engine.hasPeers()) {
      return null;
    }
    String built = message.get();
    engine.bus().publish(id, built);
    return built;
  }

  /**
   * After the last commit of a burst, tells the other nodes the head a few times (at the delays of
   * {@link #ANNOUNCE_DELAYS_MS}): the bus may lose the last ops message, and without a later op no
   * node would notice the gap. A node behind reads the missing ops once. This is bus traffic after
   * a commit, never polling: an idle document sends nothing.
   */
  private void scheduleHeadAnnouncements() {
    // One timer per document at most: commits only move the deadline, the timer re-arms itself.
    lastCommitNanos = System.nanoTime();
    announceStage = 0;
    if (!announceTimerPending) {
      armAnnouncement(ANNOUNCE_DELAYS_MS[0]);
    }
  }

  private void armAnnouncement(long delayMs) {
    announceTimerPending = true;
    engine.schedule(() -> executor.execute(this::announceHead), Math.max(1, delayMs), TimeUnit.MILLISECONDS);
  }

  private void announceHead() {
    announceTimerPending = false;
    if (closed || announceStage >= ANNOUNCE_DELAYS_MS.length) {
      return;
    }
    long quietMs = (System.nanoTime() - lastCommitNanos) / 1_000_000;
    long due = ANNOUNCE_DELAYS_MS[announceStage];
    if (quietMs < due) {
      armAnnouncement(due - quietMs);
      return;
    }
    publish(() -> BusMessages.head(engine.nodeId(), head));
    announceStage++;
    if (announceStage < ANNOUNCE_DELAYS_MS.length) {
      armAnnouncement(ANNOUNCE_DELAYS_MS[announceStage] - quietMs);
    }
  }

  /**
   * Runs the delivery of {@code ops} ops with every subscriber's sends held, so that a connection
   * sends them as one frame, not one per op: what makes fan-out affordable when many writers share
   * a document (their submits queue up and commit together).
   */
  private void asOneBatch(int ops, Runnable delivery) {
    if (ops < 2) {
      delivery.run();
      return;
    }
    List<Session> recipients = List.copyOf(subscribers);
    recipients.forEach(session -> session.listener().beginBatch());
    try {
      delivery.run();
    } finally {
      recipients.forEach(session -> session.listener().endBatch());
    }
  }

  /** Tells every local subscriber about {@code op}: an ack to its submitter, an op to the others. */
  private void deliver(CommittedOp op, @Nullable Session submitter) {
    boolean acknowledged = false;
    for (Session session : subscribers) {
      if (session == submitter) {
        session.listener().ack(id, op.seq(), op.version());
        acknowledged = true;
      } else if (!session.client().equals(op.client()) || !session.user().id().equals(op.userId())) {
        // Someone else's op; also one of another user under this client id (data from before
        // client ids were bound, or a store that does not bind them): never this session's ack.
        session.listener().op(id, op);
      } else {
        // The submitter's client on another session (it reconnected here): it learns by ack too.
        session.listener().ack(id, op.seq(), op.version());
      }
    }
    if (submitter != null && !acknowledged && !submitter.isClosed()) {
      // It left the document after submitting, before the commit: the op is committed, so it is
      // acknowledged all the same (a submit is always answered).
      submitter.listener().ack(id, op.seq(), op.version());
    }
    for (Consumer<CommittedOp> listener : listeners) {
      try {
        listener.accept(op);
      } catch (RuntimeException e) {
        // An application listener's failure must not stop the document; it is logged.
        LOG.log(System.Logger.Level.WARNING, "collab: a listener of document " + id + " failed on version " + op.version(), e);
      }
    }
  }

  private void answerDuplicate(SubmitRequest<O> request, CommittedOp existing) {
    if (!existing.userId().equals(request.user.id())) {
      fail(request, ErrorCode.FORBIDDEN, "client " + request.client + " belongs to another user");
      return;
    }
    engine.metrics().duplicates.incrementAndGet();
    if (request.session != null) {
      request.session.answered(id);
      request.session.listener().ack(id, request.seq, existing.version());
    }
    request.result.complete(existing);
  }

  private void fail(SubmitRequest<O> request, ErrorCode code, String message) {
    if (request.session != null) {
      answerError(request.session, request.seq, code, message);
    }
    request.result.completeExceptionally(new CollabException(code, message));
  }

  private void answerError(Session session, long seq, ErrorCode code, String message) {
    session.answered(id);
    session.listener().error(id, seq, code, message);
  }

  /**
   * The document is back at {@link #head} as committed: tentative changes are dropped. (They were
   * applied to the document only, never to the window.) Costs a snapshot load plus the ops after
   * it; only conflicts and a document at its size limit pay it.
   */
  private void rebuildToHead() {
    rebuildAt(head);
  }

  /** Rebuilds the document at exactly {@code version} (snapshot at or below it, plus the ops up to it). */
  private void rebuildAt(long version) {
    OtType<O> t = type();
    Optional<Snapshot> snapshot = engine.store().loadSnapshot(id, version);
    OtDocument<O> rebuilt = t.newDocument(snapshot.map(s -> t.decode(s.data(), JsonLimits.STORAGE)).orElse(t.empty()));
    long from = snapshot.map(Snapshot::version).orElse(0L);
    for (CommittedOp op : engine.store().readOps(id, from, version)) {
      rebuilt.apply(t.decode(op.op(), JsonLimits.STORAGE));
    }
    document = rebuilt;
  }

  /** After a storage failure: rebuild at the store's head and deliver what was missed. */
  private void resync() {
    try {
      long before = head;
      rebuildAt(head);
      catchUpFromStore(Math.max(before, engine.store().head(id)));
    } catch (RuntimeException e) {
      // The store is still failing: the next request tries again.
      loaded = false;
      if (busSubscription != null) {
        busSubscription.close();
        busSubscription = null;
      }
    }
  }

  /** Applies and delivers the ops committed elsewhere, up to {@code target} (one store read). */
  private void catchUpFromStore(long target) {
    if (target <= head) {
      return;
    }
    engine.metrics().gapReads.incrementAndGet();
    List<CommittedOp> missed = engine.store().readOps(id, head, target);
    asOneBatch(missed.size(), () -> missed.forEach(this::applyRemote));
  }

  private void applyRemote(CommittedOp op) {
    if (op.version() != head + 1) {
      return;
    }
    O decoded = type().decode(op.op(), JsonLimits.STORAGE);
    document().apply(decoded);
    head = op.version();
    remember(new Entry<>(op, decoded));
    deliver(op, null);
  }

  private void maybeSnapshot() {
    // A snapshot costs time and space in proportion to the document: a long document takes one
    // after at least one op per SNAPSHOT_CHARS_PER_OP characters, so that its cost per op stays
    // bounded (a 2 MB document every 8,192 ops rather than every 500).
    long interval = Math.max(config.snapshotEvery(), document().length() / SNAPSHOT_CHARS_PER_OP);
    if (head - lastSnapshot < interval) {
      return;
    }
    long previous = lastSnapshot;
    lastSnapshot = head;
    long version = head;
    O content = document().snapshot();
    OtType<O> t = type();
    try {
      engine.background().execute(() -> {
        try {
          engine.store().saveSnapshot(id, new Snapshot(version, t.encodeToString(content)));
        } catch (RuntimeException e) {
          // A snapshot is an optimisation: the log still rebuilds the document; the next one comes
          // snapshotEvery ops later.
          LOG.log(System.Logger.Level.WARNING, "collab: snapshot of document " + id + " at version " + version
              + " not saved (the document is rebuilt from its log)", e);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // The background queue is full (or the engine stops): try again at the next commit.
      lastSnapshot = previous;
      LOG.log(System.Logger.Level.WARNING, "collab: snapshot of document {0} at version {1} postponed: the background queue is full",
          id, version);
    }
  }

  /** See {@link #maybeSnapshot}. */
  static final int SNAPSHOT_CHARS_PER_OP = 256;

  private void doBusMessage(String message) {
    if (message == publishedOps || BusMessages.isOpsOf(engine.nodeId(), message)) {
      // Our own ops, back from the bus (the same instance from an in-process bus, a copy from
      // Redis or JMS): every one is at or below the head, and presence held for the head was
      // released when they were committed. Nothing to do, and nothing to parse.
      publishedOps = null;
      return;
    }
    if (!loaded) {
      return;
    }
    try {
      dispatchBusMessage(BusMessages.parse(message));
    } catch (RuntimeException e) {
      // Another node (or whoever can write to the bus) sent what this node cannot read: dropped.
      // The store stays the truth: a missed op is caught up at the next gap, join or read.
      LOG.log(System.Logger.Level.WARNING, "collab: dropped a malformed bus message for document " + id + ": "
          + (message.length() > 200 ? message.substring(0, 200) + "..." : message), e);
    }
  }

  private void dispatchBusMessage(JsonObject parsed) {
    switch (parsed.getString("t", "")) {
      case "ops":
        List<CommittedOp> ops = BusMessages.committedOps(parsed);
        asOneBatch(ops.size(), () -> {
          for (CommittedOp op : ops) {
            if (op.version() <= head) {
              continue;
            }
            if (op.version() > head + 1) {
              // A gap: one read from the store fills it, up to this op.
              catchUpFromStore(op.version());
            } else {
              applyRemote(op);
            }
          }
        });
        releaseHeldPresence();
        break;
      case "head":
        catchUpFromStore(parsed.getJsonNumber("v").longValue());
        releaseHeldPresence();
        break;
      case "presence":
        if (!engine.nodeId().equals(parsed.getString("node", ""))) {
          remotePresence(parsed);
        }
        break;
      case "revoke":
        engine.forgetAccess(parsed.getString("user", ""), id);
        doRecheckAccess(parsed.getString("user", ""));
        break;
      case "deleted":
        // Not for a copy of a document created again since (this node loaded it after the delete).
        if (!engine.nodeId().equals(parsed.getString("node", ""))
            && info != null && info.created().equals(BusMessages.deletedCreated(parsed))) {
          engine.forgetAccessTo(id);
          dropDeleted();
        }
        break;
      default:
        break;
    }
  }

  private void remotePresence(JsonObject message) {
    String client = message.getString("client");
    if (message.getBoolean("gone", false)) {
      heldPresence.remove(client);
      for (Session session : subscribers) {
        session.listener().presenceGone(id, client, message.getString("user"), message.getString("name"));
      }
      return;
    }
    long version = message.getJsonNumber("version").longValue();
    if (version > head) {
      heldPresence.put(client, message);
      return;
    }
    JsonValue meta = message.get("meta");
    for (Session session : subscribers) {
      if (!session.client().equals(client)) {
        session.listener().presence(id, client, message.getString("user"), message.getString("name"),
            message.get("range"), meta instanceof JsonObject ? (JsonObject) meta : null);
      }
    }
  }

  private void releaseHeldPresence() {
    if (heldPresence.isEmpty()) {
      return;
    }
    List<JsonObject> ready = new ArrayList<>();
    heldPresence.values().removeIf(m -> {
      if (m.getJsonNumber("version").longValue() <= head) {
        ready.add(m);
        return true;
      }
      return false;
    });
    ready.forEach(this::remotePresence);
  }

  private void doPresence(Session session, JsonValue range, @Nullable JsonObject meta) {
    if (!subscribers.contains(session)) {
      return;
    }
    if (!engine.access(session.user(), id, false).allows(Access.COMMENT)) {
      session.listener().error(id, null, ErrorCode.FORBIDDEN, "no right to send presence to " + id);
      return;
    }
    PresenceState state = presence.computeIfAbsent(session.client(), c -> new PresenceState(session));
    state.range = range;
    state.meta = meta;
    state.version = head;
    state.dirty = true;
    long interval = config.presenceInterval().toNanos();
    long now = System.nanoTime();
    if (now - state.lastSentNanos >= interval) {
      sendPresence(state);
    } else if (!state.flushScheduled) {
      state.flushScheduled = true;
      long delay = state.lastSentNanos + interval - now;
      engine.schedule(() -> executor.execute(() -> {
        state.flushScheduled = false;
        if (!closed && state.dirty && presence.get(state.session.client()) == state) {
          sendPresence(state);
        }
      }), delay, TimeUnit.NANOSECONDS);
    }
  }

  private void sendPresence(PresenceState state) {
    state.dirty = false;
    state.lastSentNanos = System.nanoTime();
    Session from = state.session;
    for (Session session : subscribers) {
      if (session != from) {
        session.listener().presence(id, from.client(), from.user().id(), from.user().name(), state.range, state.meta);
      }
    }
    publish(() -> BusMessages.presence(engine.nodeId(), from.client(), from.user().id(), from.user().name(),
        state.range, state.meta, state.version));
  }

  private void doLeave(Session session, boolean confirm) {
    boolean wasSubscribed = subscribers.remove(session);
    PresenceState state = presence.get(session.client());
    if (state != null && state.session == session) {
      presence.remove(session.client());
      for (Session other : subscribers) {
        other.listener().presenceGone(id, session.client(), session.user().id(), session.user().name());
      }
      publish(() -> BusMessages.presenceGone(engine.nodeId(), session.client(), session.user().id(),
          session.user().name()));
    }
    if (confirm) {
      // Also when not subscribed: the join it follows failed, or was answered without one.
      session.listener().left(id);
    }
  }

  private void doRecheckAccess(String userId) {
    for (Session session : new ArrayList<>(subscribers)) {
      if (session.user().id().equals(userId)
          && !engine.access(session.user(), id, false).allows(Access.READ)) {
        session.dropped(id);
        doLeave(session, false);
        session.listener().error(id, null, ErrorCode.FORBIDDEN, "access to document " + id + " was revoked");
        session.listener().left(id);
      }
    }
  }
}
