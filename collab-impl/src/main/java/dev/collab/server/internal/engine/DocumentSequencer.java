package dev.collab.server.internal.engine;

import dev.collab.Access;
import dev.collab.CollabException;
import dev.collab.CommittedOp;
import dev.collab.ErrorCode;
import dev.collab.User;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import dev.collab.comments.CommentThread;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The one writer of one document on this node, and the coordinator of its parts. Every request for
 * the document (join, submit, presence, leave, a message from the bus, a timer) becomes a task on
 * this sequencer's {@link SerialExecutor}: the document's <em>turn</em>. All the state of the
 * parts is confined to the turn and needs no lock; the parts assert it with {@link #checkTurn()},
 * the one place where the rule is checked.
 *
 * <p>The parts, one concern each (as ShareDB splits its backend, agent and submit request):
 * <ul>
 *   <li>{@link DocumentState}: the content at the head and the transform window;
 *   <li>{@link SubmitPath} (with {@link BatchTransform} and {@link SubmitAnswers}): dedup,
 *       transform, group commit, retries after conflicts, answers;
 *   <li>{@link JoinPath}: binding, access, snapshot or catch-up;
 *   <li>{@link FanOut}: subscribers and application listeners;
 *   <li>{@link PresenceRelay}: cursors, local and remote;
 *   <li>{@link BusRelay}: the bus subscription, gap fill from the store, head announcements;
 *   <li>{@link Snapshots}: snapshot saves;
 *   <li>{@link CommentPath} (with {@link ThreadEdits}) and {@link ThreadSync}: comment threads;
 *   <li>{@link DocumentLifecycle}: load, resync, unload, delete, close.
 * </ul>
 * The parts get the node's services through the {@link DocumentContext}, not the engine.
 *
 * <p>A request that reaches a closed sequencer (the document was unloaded or deleted meanwhile)
 * is passed on to the document's new sequencer ({@link #run}), except a submit made on a deleted
 * document, which is refused.
 *
 * @param <O> the document's op type
 */
final class DocumentSequencer<O> {
  private static final System.Logger LOG = System.getLogger(DocumentSequencer.class.getName());
  private final DocumentContext context;
  private final DocumentRegistry registry;
  private final String id;
  private final SerialExecutor executor;
  /** When a request last came (any thread); the idle unload counts from it. */
  private volatile long lastActivity = System.nanoTime();
  private final DocumentState<O> state;
  private final FanOut fanOut;
  private final PresenceRelay presence;
  private final BusRelay bus;
  private final SubmitPath<O> submits;
  private final JoinPath<O> joins;
  private final DocumentLifecycle<O> lifecycle;
  private final DocumentAdmin<O> admin;
  private final CommentPath<O> comments;
  private final ThreadSync<O> threads;

  DocumentSequencer(DocumentContext context, DocumentRegistry registry, String id) {
    this.context = context;
    this.registry = registry;
    this.id = id;
    this.executor = new SerialExecutor(context.executors().workers(), id);
    this.state = new DocumentState<>(this, context.store(), context.config(), id);
    this.fanOut = new FanOut(this, id, context.metrics());
    this.presence = new PresenceRelay(this, context, id, state, fanOut);
    this.bus = new BusRelay(this, context, id, state, fanOut, presence);
    this.threads = new ThreadSync<>(this, context, id, state, fanOut, bus);
    this.comments = new CommentPath<>(this, context, id, state, fanOut, bus, threads);
    bus.onThreads(threads::onBus);
    // After the snapshot is taken, as a task of its own: a rebase may catch up from the store.
    Snapshots<O> snapshots = new Snapshots<>(this, context, id, state, version -> execute(() -> threads.rebase(version)));
    this.submits = new SubmitPath<>(this, context, id, state, fanOut, bus, presence, snapshots,
        new SubmitAnswers(id, context.metrics()));
    this.joins = new JoinPath<>(this, context, id, state, fanOut, presence, bus, threads);
    this.lifecycle = new DocumentLifecycle<>(this, context, id, state, fanOut, presence, bus, submits);
    this.admin = new DocumentAdmin<>(this, id, state, fanOut, presence, submits, snapshots, lifecycle);
  }

  String id() {
    return id;
  }

  // ------------------------------------------------------------------ the turn

  /** Asserts that the caller runs on this document's turn: every part's state is confined to it. */
  void checkTurn() {
    if (!executor.inTurn()) {
      throw new IllegalStateException("state of document " + id + " touched outside its turn");
    }
  }

  /** Queues a task on the turn (a timer's, a part's follow-up). */
  void execute(Runnable task) {
    executor.execute(task);
  }

  /** See {@link SerialExecutor#suspend}: the turn waits for an append's result. */
  void suspend() {
    executor.suspend();
  }

  /** See {@link SerialExecutor#resume}. */
  void resume(Runnable continuation) {
    executor.resume(continuation);
  }

  /** Whether this sequencer was closed (unloaded, deleted): any thread. */
  boolean isClosed() {
    return lifecycle.isClosed();
  }

  DocumentLifecycle<O> lifecycle() {
    return lifecycle;
  }

  /** What an administrator does to this document (any thread). */
  DocumentAdmin<O> admin() {
    return admin;
  }

  DocumentRegistry registry() {
    return registry;
  }

  /** Runs {@code task} on the turn, or {@code redirect} when this sequencer was closed. */
  private void run(Runnable task, Runnable redirect) {
    lastActivity = System.nanoTime();
    executor.execute(orRedirect(task, redirect));
  }

  /**
   * {@link #run}, but on the caller's thread when the turn is free, appends do not block it
   * ({@link EngineExecutors#submitsOnCaller}, {@link SerialExecutor#executeHere}) and the document
   * has no other client ({@link FanOut#hasOneSubscriberAtMost}). Where other clients edit, the
   * hand-off to the pool is kept: submits that arrive meanwhile join one commit, and each client
   * gets one frame per commit, which measured cheaper than running every submit at once (issue
   * #17, docs/PERFORMANCE.md).
   */
  private void runHere(Runnable task, Runnable redirect) {
    if (!context.executors().submitsOnCaller() || !fanOut.hasOneSubscriberAtMost()) {
      run(task, redirect);
      return;
    }
    lastActivity = System.nanoTime();
    executor.executeHere(orRedirect(task, redirect));
  }

  private Runnable orRedirect(Runnable task, Runnable redirect) {
    return () -> {
      if (lifecycle.isClosed()) {
        redirect.run();
      } else {
        task.run();
      }
    };
  }

  // ------------------------------------------------------------------ requests (any thread)

  /** {@code ticket}: the session's number for this join ({@link Session#joinFailed}). */
  void join(Session session, @Nullable Long from, long ticket) {
    run(() -> joins.join(session, from, ticket), () -> registry.sequencer(id).join(session, from, ticket));
  }

  void submit(Session session, long base, long seq, Object op) {
    if (!submits.reserve()) {
      session.answered(id);
      session.listener().error(id, seq, ErrorCode.RATE_LIMITED,
          "more than " + context.config().maxPendingPerDocument() + " submits queued for document " + id);
      return;
    }
    runHere(
        () -> submits.submit(session, base, seq, op),
        () -> {
          submits.release();
          if (lifecycle.isDeleted()) {
            session.answered(id);
            session.listener().error(id, seq, ErrorCode.UNKNOWN_DOCUMENT, "document " + id + " was deleted");
          } else {
            registry.sequencer(id).submit(session, base, seq, op);
          }
        });
  }

  /** A server-side edit through the application API, made on the head. */
  CompletableFuture<CommittedOp> edit(User user, String client, long seq, Object op) {
    CompletableFuture<CommittedOp> result = new CompletableFuture<>();
    run(
        () -> {
          try {
            SubmitRequest<O> request = new SubmitRequest<>(null, user, client, seq, -1, submits.decode(op));
            request.result.whenComplete((c, e) -> complete(result, c, e));
            submits.enqueue(request);
          } catch (RuntimeException e) {
            lifecycle.closeIfUnused();
            result.completeExceptionally(e);
          }
        },
        () -> registry.sequencer(id).edit(user, client, seq, op).whenComplete((c, e) -> complete(result, c, e)));
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
            boolean wasLoaded = lifecycle.isLoaded();
            lifecycle.ensureLoaded();
            // Read the store's head, so a read never answers from a node that is still behind.
            long storeHead = context.store().head(id);
            if (wasLoaded && storeHead < state.head()) {
              // Deleted, perhaps created again, without this node hearing of it: not served from here.
              lifecycle.dropDeleted();
              registry.sequencer(id).read().whenComplete((c, e) -> complete(result, c, e));
              return;
            }
            bus.catchUp(storeHead);
            result.complete(Map.entry(state.head(), state.encodeSnapshot()));
          } catch (RuntimeException e) {
            result.completeExceptionally(e);
          }
        },
        () -> registry.sequencer(id).read().whenComplete((c, e) -> complete(result, c, e)));
    return result;
  }

  /**
   * The document's comment threads as the store has them, anchors at the store's head, for {@code
   * by} with read access ({@link CommentPath#list}).
   */
  CompletableFuture<List<CommentThread>> threads(User by) {
    CompletableFuture<List<CommentThread>> result = new CompletableFuture<>();
    run(() -> comments.list(by, lifecycle, result),
        () -> registry.sequencer(id).threads(by).whenComplete((c, e) -> complete(result, c, e)));
    return result;
  }

  /** A change of a comment thread ({@link CommentPath#handle}); the document is loaded for it. */
  void comment(CommentRequest request) {
    run(() -> comments.handle(request, lifecycle), () -> registry.sequencer(id).comment(request));
  }

  void presence(Session session, JsonValue range, @Nullable JsonObject meta) {
    run(() -> presence.local(session, range, meta), () -> registry.sequencer(id).presence(session, range, meta));
  }

  void leave(Session session, boolean confirm) {
    run(() -> joins.leave(session, confirm), () -> registry.sequencer(id).leave(session, confirm));
  }

  void onBusMessage(String message) {
    run(() -> bus.onMessage(message, lifecycle.isLoaded()), () -> {});
  }

  /** Reads the store's head and delivers what this node missed (after the bus lost messages). */
  void resyncFromStore() {
    run(() -> {
      if (lifecycle.isLoaded()) {
        try {
          // A deleted message may have been lost with the others.
          long storeHead = context.store().head(id);
          if (lifecycle.isStale(storeHead)) {
            lifecycle.dropDeleted();
          } else {
            bus.catchUp(storeHead);
            threads.resync();
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
    run(() -> joins.recheckAccess(userId), () -> {});
  }

  /** On the turn: see {@link JoinPath#recheckAccess}. */
  void recheckAccessNow(String userId) {
    joins.recheckAccess(userId);
  }

  /**
   * Registers an application listener. On the document's turn, and loaded (so subscribed to the
   * bus) before this returns: the listener hears every op committed after that, other nodes' too,
   * even where nobody has joined the document. An unknown document has nothing to hear; the
   * listener stays registered.
   */
  Runnable listen(Consumer<CommittedOp> listener) {
    Runnable register = () -> {
      fanOut.addListener(listener);
      lastActivity = System.nanoTime();
      try {
        lifecycle.ensureLoaded();
      } catch (CollabException e) {
        LOG.log(System.Logger.Level.DEBUG, "collab: a listener of document {0} waits: {1}", id, e.getMessage());
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
      } catch (ExecutionException | TimeoutException e) {
        throw new CollabException(ErrorCode.INTERNAL, "the document did not load within 30 s: " + e);
      }
    }
    return () -> fanOut.removeListener(listener);
  }

  // ------------------------------------------------------------------ lifecycle (any thread)

  /** True when the document's turn is neither running nor scheduled (see {@link SerialExecutor#idle}). */
  boolean idle() {
    return executor.idle();
  }

  /** Completes once every submit queued so far is answered (for a graceful drain). */
  CompletableFuture<Void> quiesce() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    executor.execute(() -> awaitQuiet(done));
    return done;
  }

  private void awaitQuiet(CompletableFuture<Void> done) {
    if (lifecycle.isClosed() || submits.isQuiet()) {
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
            if (lifecycle.isUnused() && System.nanoTime() - lastActivity >= idleNanos) {
              lifecycle.close();
            }
          } finally {
            decided.complete(null);
          }
        });
    return decided;
  }

  /** Drops all state (node shutdown). Requests that arrive later go to a new sequencer. */
  void closeNow() {
    executor.execute(lifecycle::close);
  }

  /** The document was deleted through this node's engine: see {@link DocumentLifecycle#dropDeleted}. */
  void deleted() {
    run(lifecycle::dropDeleted, () -> {});
  }
}
