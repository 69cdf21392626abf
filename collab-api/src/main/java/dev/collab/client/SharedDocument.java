package dev.collab.client;

import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.internal.json.BoundedJson;
import dev.collab.ot.JsonLimits;
import dev.collab.ot.OtType;
import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ServerMessage;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One document opened through a {@link CollabClient}: what the user sees ({@link #document()},
 * pending local edits included), edits, presence and listeners. It follows the protocol's client
 * rules through a {@link ClientDocument}: one submit in flight, later edits composed into a buffer,
 * incoming ops transformed over both.
 *
 * <p>Threads: the state belongs to the client's event thread. {@link #document()},
 * {@link #version()} and {@link #hasPending()} read an immutable view and may be called from any
 * thread. {@link #edit}, {@link #presence} and {@link #close} may be called from any thread: they
 * run on the event thread and return when done (at once when called from a listener, which already
 * runs there). Listeners are called on the event thread.
 *
 * <p>Submits the server refuses: {@code rate-limited}, {@code retry-exhausted}, {@code draining}
 * and {@code internal} are transient, so the op is resubmitted with the same {@code seq} after a
 * backoff, up to the client's {@code maxSubmitRetries}; after that, and at once for any other code
 * ({@code invalid-op}, {@code forbidden}, {@code too-large}...), the op is undone locally (a
 * {@link DocumentChange.Kind#UNDO} change) and reported to {@link DocumentListener#onError}.
 * {@code history-gone} and {@code not-joined} make the document rejoin (the catch-up then decides).
 *
 * @param <O> the op type of the document's {@link OtType}
 */
public final class SharedDocument<O> implements AutoCloseable {
  /** Where a document stands on the current connection. */
  enum Phase {
    /** First join sent (or waiting for a connection to send it); no snapshot yet. */
    OPENING,
    /** Joined before; waiting for the reply to a rejoin (or for a connection to send it). */
    REJOINING,
    /** Joined on the current connection, receiving ops. */
    LIVE,
    CLOSED
  }

  /** What other threads read: swapped whole after each change on the event thread. */
  private record View<O>(O document, long version, boolean pending, String access) {}

  private final Connector client;
  private final OtType<O> type;
  private final String id;
  private final CopyOnWriteArrayList<DocumentListener<O>> listeners = new CopyOnWriteArrayList<>();
  private final CompletableFuture<SharedDocument<O>> opened = new CompletableFuture<>();
  private volatile @Nullable View<O> view;
  private volatile boolean closed;

  // Everything below is confined to the client's event thread.
  private @Nullable ClientDocument<O> state;
  /** The state dropped by a bad catch-up, until the fresh snapshot replaces it (then: onReset). */
  private @Nullable ClientDocument<O> replaced;
  private Phase phase = Phase.OPENING;
  /** The seq of the submit in flight (the last one ClientDocument handed out), or 0. */
  private long inflightSeq;
  /** Transient refusals of {@code inflightSeq} so far. */
  private int submitRetries;
  private @Nullable ScheduledFuture<?> retryTask;
  private final List<CompletableFuture<Long>> syncWaiters = new ArrayList<>();
  /** The latest presence the user set; {@code presenceSet} false until the first. */
  private boolean presenceSet;
  private @Nullable Selection presenceRange;
  private @Nullable JsonObject presenceMeta;
  private boolean presenceUnsent;
  private long presenceSentAt = Long.MIN_VALUE / 2;
  private @Nullable ScheduledFuture<?> presenceTask;

  SharedDocument(Connector client, OtType<O> type, String id) {
    this.client = client;
    this.type = type;
    this.id = id;
  }

  /**
   * The document's id.
   *
   * @return the id it was opened with
   */
  public String id() {
    return id;
  }

  /**
   * The document's OT type.
   *
   * @return the type it was opened with
   */
  public OtType<O> type() {
    return type;
  }

  /**
   * What the user sees: the server's document with this client's pending edits applied. Any thread.
   *
   * @return the current document, an immutable value
   * @throws IllegalStateException when no snapshot has arrived yet
   */
  public O document() {
    return currentView().document();
  }

  /**
   * The last version the server confirmed to this client. Any thread.
   *
   * @return that version, 0 or more
   * @throws IllegalStateException when no snapshot has arrived yet
   */
  public long version() {
    return currentView().version();
  }

  /**
   * Whether local edits are not yet durable. Any thread.
   *
   * @return true while a local edit is not yet acknowledged
   * @throws IllegalStateException when no snapshot has arrived yet
   */
  public boolean hasPending() {
    return currentView().pending();
  }

  /**
   * This user's access to the document as the server announced it. Any thread.
   *
   * @return {@code read}, {@code comment}, {@code write} or {@code admin}, as {@link
   *     dev.collab.Access#wire()} writes it
   * @throws IllegalStateException when no snapshot has arrived yet
   */
  public String access() {
    return currentView().access();
  }

  /**
   * Whether the document is still open. Any thread.
   *
   * @return true until {@link #close()} (or the client closed, or the document was lost)
   */
  public boolean isOpen() {
    return !closed;
  }

  /**
   * Applies {@code op}, made on {@link #document()} as it is now, and sends it when nothing is in
   * flight (else it joins the buffer). Only safe when nothing else can change the document between
   * the caller reading it and this call: from a listener, or with {@link #edit(Function)}.
   *
   * @param op an op made on {@link #document()}
   * @throws dev.collab.ot.InvalidOpException if the op does not apply (nothing changes)
   * @throws IllegalStateException if the document is closed or not open yet, or the client is
   *     closed
   */
  public void edit(O op) {
    Objects.requireNonNull(op, "op");
    client.loop().onLoop(() -> {
      editOnLoop(op);
      return null;
    });
  }

  /**
   * Makes an op on the current document and applies it, atomically with respect to incoming ops:
   * {@code makeOp} runs on the event thread, gets {@link #document()} and returns the op (or
   * {@code null} for none).
   *
   * @param makeOp given the current document, returns the op to apply or null; it runs on the
   *     event thread and must not block
   * @return the op applied, or null
   * @throws dev.collab.ot.InvalidOpException if the op does not apply (nothing changes)
   * @throws IllegalStateException if the document is closed or not open yet, or the client is
   *     closed
   */
  public @Nullable O edit(Function<? super O, ? extends @Nullable O> makeOp) {
    Objects.requireNonNull(makeOp, "makeOp");
    return client.loop().onLoop(() -> {
      O op = makeOp.apply(requireState().document());
      if (op != null) {
        editOnLoop(op);
      }
      return op;
    });
  }

  /**
   * Sets this client's cursor ({@code null}: none) and optional application {@code meta}. Sent at
   * most once per the server's {@code presenceIntervalMs}; calls in between replace what will be
   * sent (the latest wins). Resent after a reconnect.
   *
   * @param range the selection in {@link #document()}, or null for none (e.g. the editor lost focus)
   * @param meta application data relayed to the other clients as it is, or null
   * @throws IllegalStateException if the document is closed or not open yet, or the client is
   *     closed
   */
  public void presence(@Nullable Selection range, @Nullable JsonObject meta) {
    client.loop().onLoop(() -> {
      requireState();
      presenceSet = true;
      presenceRange = range;
      presenceMeta = meta;
      presenceUnsent = true;
      flushPresence();
      return null;
    });
  }

  /**
   * Adds a listener; see {@link DocumentListener} for the thread it is called on. Any thread.
   *
   * @param listener called for every later event, after the listeners added before it
   */
  public void addListener(DocumentListener<O> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Removes a listener added with {@link #addListener}; nothing happens when it was not added. Any
   * thread.
   *
   * @param listener the listener to remove
   */
  public void removeListener(DocumentListener<O> listener) {
    listeners.remove(listener);
  }

  /**
   * Completes with the version when nothing local is pending and the document is joined: every
   * edit made before is durable. Completes on the event thread; fails if the document is closed.
   *
   * @return a future completed with {@link #version()} once synced, or exceptionally with an
   *     {@link IllegalStateException} when the document or the client closes first
   */
  public CompletableFuture<Long> whenSynced() {
    CompletableFuture<Long> synced = new CompletableFuture<>();
    client.loop().execute(() -> {
      syncWaiters.add(synced);
      checkSynced();
    }, () -> synced.completeExceptionally(new IllegalStateException("the client is closed")));
    return synced;
  }

  /**
   * Leaves the document. Edits not yet acknowledged are abandoned (they may or may not be
   * committed); wait for {@link #whenSynced()} first to keep them. Idempotent.
   */
  @Override
  public void close() {
    client.loop().onLoopIfOpen(() -> {
      if (phase != Phase.CLOSED) {
        if (phase == Phase.LIVE) {
          client.send(new ClientMessage.Leave(id));
        }
        closeLocally(new IllegalStateException("document " + id + " was closed"));
      }
    });
  }

  // ---------------------------------------------------------------- event thread

  CompletableFuture<SharedDocument<O>> opened() {
    return opened;
  }

  Phase phase() {
    return phase;
  }

  /** The connection is ready (welcome received): join, or rejoin from the last version. */
  void connected() {
    client.loop().assertLoop();
    if (phase == Phase.OPENING) {
      client.send(new ClientMessage.Join(id, null));
    } else if (phase == Phase.REJOINING || phase == Phase.LIVE) {
      rejoin();
    }
  }

  /** The connection was lost: everything in transit is gone. */
  void disconnected() {
    client.loop().assertLoop();
    if (phase == Phase.LIVE) {
      phase = Phase.REJOINING;
    }
    cancel(retryTask);
    retryTask = null;
    cancel(presenceTask);
    presenceTask = null;
  }

  /** Stops everything; the document is no longer part of the client. */
  void closeLocally(Throwable why) {
    client.loop().assertLoop();
    phase = Phase.CLOSED;
    closed = true;
    cancel(retryTask);
    cancel(presenceTask);
    opened.completeExceptionally(why);
    for (CompletableFuture<Long> waiter : syncWaiters) {
      waiter.completeExceptionally(why);
    }
    syncWaiters.clear();
    client.forget(this);
  }

  void onMessage(ServerMessage message) {
    client.loop().assertLoop();
    if (phase == Phase.CLOSED) {
      return;
    }
    if (message instanceof ServerMessage.Snapshot) {
      onSnapshot((ServerMessage.Snapshot) message);
    } else if (message instanceof ServerMessage.Ops) {
      onOps((ServerMessage.Ops) message);
    } else if (message instanceof ServerMessage.Op) {
      onOp((ServerMessage.Op) message);
    } else if (message instanceof ServerMessage.Ack) {
      onAck((ServerMessage.Ack) message);
    } else if (message instanceof ServerMessage.Presence) {
      ServerMessage.Presence p = (ServerMessage.Presence) message;
      RemotePresence presence = new RemotePresence(p.client(), user(p.user()), selection(p.range()), p.meta(), false);
      fire(l -> l.onPresence(presence));
    } else if (message instanceof ServerMessage.PresenceGone) {
      ServerMessage.PresenceGone p = (ServerMessage.PresenceGone) message;
      RemotePresence presence = new RemotePresence(p.client(), user(p.user()), null, null, true);
      fire(l -> l.onPresence(presence));
    } else if (message instanceof ServerMessage.Error) {
      onError((ServerMessage.Error) message);
    }
  }

  private void onSnapshot(ServerMessage.Snapshot s) {
    if (!type.name().equals(s.type())) {
      closeLocally(new CollabException(ErrorCode.INVALID_OP,
          "document " + id + " is of type " + s.type() + ", opened as " + type.name()));
      return;
    }
    O snapshot = type.decode(s.data(), JsonLimits.STORAGE);
    // After a bad catch-up the state was dropped already (and its dropped edits reported then).
    ClientDocument<O> old = state != null ? state : replaced;
    boolean droppedPending = state != null && state.hasPending();
    replaced = null;
    state = new ClientDocument<>(type, id, client.clientId(), client.user().id(), s.version(), snapshot, client::nextSeq);
    inflightSeq = 0;
    submitRetries = 0;
    phase = Phase.LIVE;
    updateView(s.access());
    if (old == null) {
      opened.complete(this);
    } else {
      // A rejoin answered with a snapshot: the server no longer has the ops since our version, so
      // there is no way to tell whether the op in flight was committed. Pending edits are dropped
      // rather than risk applying one twice; the listener is told.
      if (droppedPending) {
        fire(l -> l.onError(new DocumentError(ErrorCode.HISTORY_GONE,
            "document " + id + ": the server's history no longer reaches version " + old.version()
                + "; local edits not yet acknowledged were dropped", null)));
      }
      fire(l -> l.onReset(snapshot, s.version()));
    }
    resendPresence();
    checkSynced();
  }

  private void onOps(ServerMessage.Ops o) {
    ClientDocument<O> doc = state;
    if (doc == null || phase != Phase.REJOINING) {
      return;
    }
    List<ClientDocument.Entry<O>> entries = new ArrayList<>(o.ops().size());
    long ackedVersion = -1;
    for (ServerMessage.Entry e : o.ops()) {
      if (e.client().equals(client.clientId()) && e.user().id().equals(client.user().id()) && e.seq() == inflightSeq
          && doc.hasPending()) {
        ackedVersion = e.version();
      }
      entries.add(new ClientDocument.Entry<>(e.version(), type.decode(e.op(), JsonLimits.STORAGE), e.client(), e.seq(),
          e.user().id()));
    }
    long ackedSeq = inflightSeq;
    O before = doc.document();
    ClientDocument.CatchUp<O> caughtUp;
    try {
      caughtUp = doc.catchUp(entries);
    } catch (IllegalStateException e) {
      client.log(System.Logger.Level.WARNING, "document " + id + ": bad catch-up, joining afresh: " + e.getMessage());
      if (doc.hasPending()) {
        fire(l -> l.onError(new DocumentError(ErrorCode.HISTORY_GONE, "document " + id + ": the catch-up did not fit ("
            + e.getMessage() + "); local edits not yet acknowledged were dropped", null)));
      }
      // Listeners keep showing the old contents until the fresh snapshot replaces them (onReset).
      replaced = doc;
      state = null;
      phase = Phase.OPENING;
      client.send(new ClientMessage.Join(id, null));
      return;
    }
    phase = Phase.LIVE;
    updateView(o.access());
    if (ackedVersion >= 0) {
      long version = ackedVersion;
      fire(l -> l.onAck(ackedSeq, version));
    }
    long version = doc.version();
    O shown = before;
    for (O op : caughtUp.toApply()) {
      shown = type.apply(shown, op);
      DocumentChange<O> change = new DocumentChange<>(DocumentChange.Kind.REMOTE, op, shown, version);
      fire(l -> l.onChange(change));
    }
    caughtUp.submit().ifPresent(this::submit);
    resendPresence();
    checkSynced();
  }

  private void onOp(ServerMessage.Op m) {
    ClientDocument<O> doc = state;
    if (doc == null || phase != Phase.LIVE) {
      return; // a rejoin's reply covers it
    }
    Optional<O> applied;
    try {
      applied = doc.remote(m.version(), type.decode(m.op(), JsonLimits.STORAGE));
    } catch (IllegalStateException e) {
      resync(e);
      return;
    }
    updateView(null);
    applied.ifPresent(op -> {
      DocumentChange<O> change = new DocumentChange<>(DocumentChange.Kind.REMOTE, op, doc.document(), doc.version());
      fire(l -> l.onChange(change));
    });
  }

  private void onAck(ServerMessage.Ack a) {
    ClientDocument<O> doc = state;
    if (doc == null || phase != Phase.LIVE) {
      return;
    }
    boolean ours = a.seq() == inflightSeq && a.version() > doc.version();
    Optional<Submission<O>> next;
    try {
      next = doc.ack(a.seq(), a.version());
    } catch (IllegalStateException e) {
      resync(e);
      return;
    }
    if (ours) {
      inflightSeq = 0;
      submitRetries = 0;
      cancel(retryTask);
      retryTask = null;
    }
    updateView(null);
    if (ours) {
      fire(l -> l.onAck(a.seq(), a.version()));
    }
    next.ifPresent(this::submit);
    checkSynced();
  }

  private void onError(ServerMessage.Error e) {
    DocumentError error = new DocumentError(e.code(), e.message(), e.seq());
    if (phase == Phase.OPENING && e.seq() == null) {
      // The answer to the first join: the document cannot be opened.
      closeLocally(new CollabException(e.code(), "document " + id + ": " + e.message()));
      return;
    }
    ClientDocument<O> doc = state;
    if (phase == Phase.REJOINING && e.seq() == null && doc != null) {
      if (e.code() == ErrorCode.VERSION_AHEAD) {
        // The server is behind what we saw (it lost data): take its document as it is.
        fire(l -> l.onError(error));
        client.send(new ClientMessage.Join(id, null));
        return;
      }
      if (e.code() == ErrorCode.UNKNOWN_DOCUMENT || e.code() == ErrorCode.FORBIDDEN) {
        fire(l -> l.onError(error));
        closeLocally(new CollabException(e.code(), "document " + id + ": " + e.message()));
        return;
      }
    }
    if (phase == Phase.LIVE && e.seq() == null && e.code() == ErrorCode.UNKNOWN_DOCUMENT) {
      // Deleted while joined (docs/PROTOCOL.md, "Joining"; a 'left' follows): the pending edits
      // belong to no document now, and one created again with this id is another document.
      fire(l -> l.onError(error));
      closeLocally(new CollabException(e.code(), "document " + id + ": " + e.message()));
      return;
    }
    if (doc != null && phase == Phase.LIVE && e.seq() != null && e.seq() == inflightSeq && inflightSeq != 0) {
      onSubmitRefused(doc, e, error);
      return;
    }
    fire(l -> l.onError(error));
  }

  private void onSubmitRefused(ClientDocument<O> doc, ServerMessage.Error e, DocumentError error) {
    long seq = e.seq();
    if (e.code() == ErrorCode.HISTORY_GONE || e.code() == ErrorCode.NOT_JOINED) {
      // Not a verdict on the op: rejoin, and the catch-up decides whether to resubmit it.
      fire(l -> l.onError(error));
      rejoin();
      return;
    }
    long delay = client.resubmits().delayMillis(e.code(), submitRetries);
    if (delay >= 0) {
      submitRetries++;
      cancel(retryTask);
      retryTask = client.loop().schedule(() -> {
        retryTask = null;
        if (phase == Phase.LIVE && state == doc && inflightSeq == seq) {
          doc.resubmit().ifPresent(this::submit);
        }
      }, delay);
      return;
    }
    inflightSeq = 0;
    submitRetries = 0;
    ClientDocument.Rejected<O> rejected = doc.rejected(seq);
    updateView(null);
    DocumentChange<O> change = new DocumentChange<>(DocumentChange.Kind.UNDO, rejected.undo(), doc.document(), doc.version());
    fire(l -> l.onChange(change));
    fire(l -> l.onError(error));
    rejected.submit().ifPresent(this::submit);
    checkSynced();
  }

  /** The op stream had a gap or an unexpected ack: rejoin from the last version. */
  private void resync(IllegalStateException why) {
    client.log(System.Logger.Level.WARNING, "document " + id + ": " + why.getMessage());
    rejoin();
  }

  private void rejoin() {
    ClientDocument<O> doc = state;
    phase = Phase.REJOINING;
    cancel(retryTask);
    retryTask = null;
    client.send(new ClientMessage.Join(id, doc == null ? null : doc.version()));
  }

  private void editOnLoop(O op) {
    ClientDocument<O> doc = requireState();
    Optional<Submission<O>> submission = doc.edit(op);
    updateView(null);
    submission.ifPresent(this::submit);
  }

  /** Records {@code s} as in flight and sends it if the document is live (else a rejoin resends it). */
  private void submit(Submission<O> s) {
    if (s.seq() != inflightSeq) {
      submitRetries = 0;
    }
    inflightSeq = s.seq();
    if (phase == Phase.LIVE) {
      client.send(new ClientMessage.Submit(s.doc(), s.base(), s.seq(), type.encode(s.op())));
    }
  }

  private void resendPresence() {
    if (presenceSet) {
      presenceUnsent = true;
      presenceSentAt = Long.MIN_VALUE / 2;
      flushPresence();
    }
  }

  /** Sends the latest presence if the interval allows, or schedules it for when it does. */
  private void flushPresence() {
    if (!presenceUnsent || phase != Phase.LIVE || !client.isReady()) {
      return;
    }
    long now = client.nanoTime();
    long interval = client.presenceIntervalMs() * 1_000_000L;
    long due = presenceSentAt + interval;
    if (now - due >= 0) {
      presenceUnsent = false;
      presenceSentAt = now;
      JsonValue range = presenceRange == null
          ? JsonValue.NULL
          : BoundedJson.PROVIDER.createObjectBuilder()
              .add("index", presenceRange.index())
              .add("length", presenceRange.length())
              .build();
      client.send(new ClientMessage.Presence(id, range, presenceMeta));
    } else if (presenceTask == null) {
      presenceTask = client.loop().schedule(() -> {
        presenceTask = null;
        flushPresence();
      }, Math.max(1, (due - now + 999_999) / 1_000_000));
    }
  }

  private void checkSynced() {
    ClientDocument<O> doc = state;
    if (doc != null && phase == Phase.LIVE && !doc.hasPending() && !syncWaiters.isEmpty()) {
      List<CompletableFuture<Long>> waiters = List.copyOf(syncWaiters);
      syncWaiters.clear();
      long version = doc.version();
      waiters.forEach(w -> w.complete(version));
    }
  }

  private ClientDocument<O> requireState() {
    ClientDocument<O> doc = state;
    if (phase == Phase.CLOSED || doc == null) {
      throw new IllegalStateException("document " + id + " is " + (phase == Phase.CLOSED ? "closed" : "not open yet"));
    }
    return doc;
  }

  private void updateView(@Nullable String access) {
    ClientDocument<O> doc = state;
    if (doc == null) {
      return;
    }
    View<O> old = view;
    String newAccess = access != null ? access : old != null ? old.access() : "read";
    view = new View<>(doc.document(), doc.version(), doc.hasPending(), newAccess);
  }

  private View<O> currentView() {
    View<O> v = view;
    if (v == null) {
      throw new IllegalStateException("document " + id + " is not open yet");
    }
    return v;
  }

  private void fire(java.util.function.Consumer<DocumentListener<O>> event) {
    for (DocumentListener<O> listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        client.log(System.Logger.Level.WARNING, "document " + id + ": a listener failed: " + e);
      }
    }
  }

  private static void cancel(@Nullable ScheduledFuture<?> task) {
    if (task != null) {
      task.cancel(false);
    }
  }

  private static User user(ServerMessage.WireUser user) {
    return new User(user.id(), user.name(), java.util.Set.of());
  }

  private static @Nullable Selection selection(JsonValue range) {
    if (!(range instanceof JsonObject)) {
      return null;
    }
    JsonObject r = (JsonObject) range;
    if (!(r.get("index") instanceof JsonNumber) || !(r.get("length") instanceof JsonNumber)) {
      return null;
    }
    return new Selection(r.getInt("index"), r.getInt("length"));
  }
}
