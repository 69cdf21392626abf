package dev.collab.client;

import dev.collab.ot.OtType;
import dev.collab.protocol.ServerMessage;
import jakarta.json.JsonObject;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
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
 * <p>This class is the application's face of the document: the view other threads read and the
 * listeners. The protocol state machine is {@code DocumentSync}, presence {@code PresenceRelay},
 * the retry rule {@code ResubmitPolicy}.
 *
 * @param <O> the op type of the document's {@link OtType}
 */
public final class SharedDocument<O> implements AutoCloseable {
  /** What other threads read: swapped whole after each change on the event thread. */
  private record View<O>(O document, long version, boolean pending, String access) {}

  private final Connector client;
  private final OtType<O> type;
  private final String id;
  private final CopyOnWriteArrayList<DocumentListener<O>> listeners = new CopyOnWriteArrayList<>();
  private final CompletableFuture<SharedDocument<O>> opened = new CompletableFuture<>();
  private volatile @Nullable View<O> view;
  private volatile boolean closed;

  /** The protocol state machine; confined to the client's event thread. */
  private final DocumentSync<O> sync;

  SharedDocument(Connector client, OtType<O> type, String id) {
    this.client = client;
    this.type = type;
    this.id = id;
    this.sync = new DocumentSync<>(client, type, id, this);
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
      sync.edit(op);
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
      O op = makeOp.apply(sync.requireState().document());
      if (op != null) {
        sync.edit(op);
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
      sync.presence(range, meta);
      return null;
    });
  }

  /**
   * The document's comment threads and the commands that change them. Any thread.
   *
   * @return this document's comments, the same object on every call
   */
  public ClientComments<O> comments() {
    return sync.comments;
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
    client.loop().execute(() -> sync.whenSynced(synced), () -> synced.completeExceptionally(new IllegalStateException("the client is closed")));
    return synced;
  }

  /**
   * Leaves the document. Edits not yet acknowledged are abandoned (they may or may not be
   * committed); wait for {@link #whenSynced()} first to keep them. Idempotent.
   */
  @Override
  public void close() {
    client.loop().onLoopIfOpen(sync::leave);
  }

  // ---------------------------------------------------------------- for the client and DocumentSync

  CompletableFuture<SharedDocument<O>> opened() {
    return opened;
  }

  /** The connection is ready (welcome received): join, or rejoin from the last version. */
  void connected() {
    sync.connected();
  }

  /** The connection was lost: everything in transit is gone. */
  void disconnected() {
    sync.disconnected();
  }

  /** Stops everything; the document is no longer part of the client. */
  void closeLocally(Throwable why) {
    sync.closeLocally(why);
  }

  void onMessage(ServerMessage message) {
    sync.onMessage(message);
  }

  void markClosed() {
    closed = true;
  }

  /** Publishes {@code doc} as what other threads read; {@code access} null keeps the last one. */
  void updateView(@Nullable ClientDocument<O> doc, @Nullable String access) {
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

  void fire(Consumer<DocumentListener<O>> event) {
    for (DocumentListener<O> listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        client.log(System.Logger.Level.WARNING, "document " + id + ": a listener failed: " + e);
      }
    }
  }
}
