package dev.collab.server.internal.engine;

import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.Ids;
import dev.collab.User;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One client's connection to the engine: a user, a client id, and the documents it has joined.
 * The WebSocket endpoint holds one per connection; tests and the Java client's in-process mode hold
 * them directly. Everything the engine has to say comes back through the {@link SessionListener}.
 *
 * <p>Requests are asynchronous: each returns at once, and its answer (a join reply, an ack, an
 * error) arrives through the listener in the document's order. Meant to be called by one thread at
 * a time (the connection's reader), but safe to call from several.
 *
 * <p>A session keeps the handle (the {@link DocumentSequencer}) of every document it joined, so a
 * request goes straight to its document. A handle whose document was unloaded meanwhile is
 * replaced by the document's current sequencer at the next request; a request that races with the
 * unload is passed on by the closed sequencer itself.
 */
public final class Session {
  private static final System.Logger LOG = System.getLogger(Session.class.getName());
  private final SessionRegistry sessions;
  private final DocumentRegistry documents;
  private final EngineConfig config;
  private final User user;
  private final String client;
  private final SessionListener listener;
  /**
   * Documents joined, with the submits of this session in flight for each, the latest join's
   * ticket and the document's handle.
   */
  private final Map<String, Membership> joined = new ConcurrentHashMap<>();
  /** Numbers the joins, so that a failed join forgets its document only if no later join is waiting. */
  private final AtomicLong joins = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  /**
   * Set once the store said the client id is this user's ({@link ClientBindings#bind}), at the
   * first join: until then nothing of this session reaches a document.
   */
  private volatile boolean bound;

  Session(SessionRegistry sessions, DocumentRegistry documents, EngineConfig config, User user, String client,
      SessionListener listener) {
    this.sessions = sessions;
    this.documents = documents;
    this.config = config;
    this.user = Objects.requireNonNull(user, "user");
    this.client = Ids.requireClientId(client);
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  public User user() {
    return user;
  }

  public String client() {
    return client;
  }

  SessionListener listener() {
    return listener;
  }

  public boolean isClosed() {
    return closed.get();
  }

  /** Whether the client id is known to be bound to this session's user. */
  boolean isBound() {
    return bound;
  }

  void markBound() {
    bound = true;
  }

  /**
   * Joins a document: the reply is a snapshot at the head ({@code from} null, or older than the
   * retained history, or more than {@link EngineConfig#maxCatchUpOps()} behind) or the ops after
   * {@code from}; every later op follows. Errors: {@code unknown-document}, {@code forbidden},
   * {@code version-ahead}, {@code rate-limited} (the node has {@link EngineConfig#maxLoadedDocuments()}
   * documents in use).
   */
  public void join(String documentId, @Nullable Long from) {
    if (closed.get()) {
      return;
    }
    if (!Ids.isDocumentId(documentId)) {
      listener.error(documentId, null, ErrorCode.BAD_MESSAGE, "bad document id");
      return;
    }
    if (documents.isDraining()) {
      listener.error(documentId, null, ErrorCode.DRAINING, "the server is shutting down; reconnect");
      return;
    }
    CompletableFuture<Boolean> admission = documents.admitJoin(documentId);
    if (admission.isDone() && Boolean.TRUE.equals(admission.getNow(false))) {
      joinAdmitted(documentId, from);
      return;
    }
    // The node is at its bound of loaded documents: unused ones are being unloaded first.
    admission.whenComplete((admitted, failure) -> {
      if (closed.get()) {
        return;
      }
      if (failure != null) {
        LOG.log(System.Logger.Level.WARNING, "collab: join of document " + documentId + " by client " + client
            + " (user " + user.id() + "): making room failed", failure);
        listener.error(documentId, null, ErrorCode.INTERNAL, "the join failed on the server");
      } else if (!admitted) {
        listener.error(documentId, null, ErrorCode.RATE_LIMITED, documents.loadRefusal());
      } else {
        try {
          joinAdmitted(documentId, from);
        } catch (CollabException e) {
          listener.error(documentId, null, e.code(), e.getMessage()); // the engine closed meanwhile
        }
      }
    });
  }

  private void joinAdmitted(String documentId, @Nullable Long from) {
    long ticket = joins.incrementAndGet();
    DocumentSequencer<?> document = documents.sequencer(documentId);
    joined.compute(documentId,
        (d, m) -> new Membership(m == null ? new AtomicInteger() : m.inFlight(), ticket, document));
    document.join(this, from, ticket);
  }

  /** Submits {@code op} (JSON text of the document's type) made on version {@code base}. */
  public void submit(String documentId, long base, long seq, String op) {
    submitValue(documentId, base, seq, op);
  }

  /** {@link #submit(String, long, long, String)} with the op already parsed as JSON. */
  public void submit(String documentId, long base, long seq, JsonValue op) {
    submitValue(documentId, base, seq, op);
  }

  private void submitValue(String documentId, long base, long seq, Object op) {
    if (closed.get()) {
      return;
    }
    if (documents.isDraining()) {
      listener.error(documentId, seq, ErrorCode.DRAINING, "the server is shutting down; reconnect and resubmit");
      return;
    }
    Membership membership = joined.get(documentId);
    if (membership == null) {
      listener.error(documentId, seq, ErrorCode.NOT_JOINED, "submit to a document not joined: " + documentId);
      return;
    }
    if (seq < 1 || base < 0) {
      listener.error(documentId, seq, ErrorCode.BAD_MESSAGE, "seq must be positive and base not negative");
      return;
    }
    AtomicInteger inFlight = membership.inFlight();
    if (inFlight.incrementAndGet() > config.maxInFlightPerClient()) {
      inFlight.decrementAndGet();
      listener.error(
          documentId, seq, ErrorCode.RATE_LIMITED,
          "more than " + config.maxInFlightPerClient() + " submits in flight for one document");
      return;
    }
    document(documentId, membership).submit(this, base, seq, op);
  }

  /**
   * A change of a comment thread ({@code comment} on the wire), answered {@code commented} once
   * durable or {@code error} with its {@code seq}; it counts toward the submits in flight.
   */
  public void comment(dev.collab.protocol.ClientMessage.Comment message) {
    if (closed.get()) {
      return;
    }
    String documentId = message.doc();
    if (documents.isDraining()) {
      listener.error(documentId, message.seq(), ErrorCode.DRAINING, "the server is shutting down; reconnect and send it again");
      return;
    }
    Membership membership = joined.get(documentId);
    if (membership == null) {
      listener.error(documentId, message.seq(), ErrorCode.NOT_JOINED, "comment on a document not joined: " + documentId);
      return;
    }
    AtomicInteger inFlight = membership.inFlight();
    if (inFlight.incrementAndGet() > config.maxInFlightPerClient()) {
      inFlight.decrementAndGet();
      listener.error(documentId, message.seq(), ErrorCode.RATE_LIMITED,
          "more than " + config.maxInFlightPerClient() + " submits and comments in flight for one document");
      return;
    }
    document(documentId, membership).comment(new CommentRequest(user, this, message.seq(), message.action(),
        message.thread(), message.comment(), message.base() == null ? 0 : message.base(),
        message.index() == null ? 0 : message.index(), message.length() == null ? 0 : message.length(), message.text(),
        new java.util.concurrent.CompletableFuture<>()));
  }

  /** A submit of this session was answered (ack or error). */
  void answered(String documentId) {
    Membership membership = joined.get(documentId);
    if (membership != null) {
      membership.inFlight().updateAndGet(n -> Math.max(0, n - 1));
    }
  }

  /**
   * Sends this client's cursor to the document's other clients (throttled, latest wins); a
   * {@code meta} longer than {@link EngineConfig#maxPresenceMetaLength()} (as JSON) is {@code too-large}.
   */
  public void presence(String documentId, JsonValue range, @Nullable JsonObject meta) {
    if (closed.get()) {
      return;
    }
    Membership membership = joined.get(documentId);
    if (membership == null) {
      listener.error(documentId, null, ErrorCode.NOT_JOINED, "presence for a document not joined: " + documentId);
      return;
    }
    int max = config.maxPresenceMetaLength();
    int length = meta == null ? 0 : meta.toString().length();
    if (length > max) {
      listener.error(documentId, null, ErrorCode.TOO_LARGE,
          "presence meta of " + length + " characters (as JSON), over the limit of " + max);
      return;
    }
    document(documentId, membership).presence(this, range, meta);
  }

  /** Leaves a document; {@link SessionListener#left} confirms. */
  public void leave(String documentId) {
    Membership membership = joined.remove(documentId);
    if (membership == null) {
      listener.error(documentId, null, ErrorCode.NOT_JOINED, "leave of a document not joined: " + documentId);
      return;
    }
    document(documentId, membership).leave(this, true);
  }

  /** The engine dropped this session from a document (access lost). */
  void dropped(String documentId) {
    joined.remove(documentId);
  }

  /** The join numbered {@code ticket} failed: the document is forgotten unless a later join of it waits. */
  void joinFailed(String documentId, long ticket) {
    joined.computeIfPresent(documentId, (d, m) -> m.ticket() == ticket ? null : m);
  }

  /** Whether this session has joined (or is joining) the document. */
  public boolean hasJoined(String documentId) {
    return joined.containsKey(documentId);
  }

  /** Closes the session: leaves every document (others see its presence go). Idempotent. */
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (Map.Entry<String, Membership> entry : joined.entrySet()) {
      DocumentSequencer<?> document = entry.getValue().document;
      if (document.isClosed()) {
        // Unloaded meanwhile: only a copy loaded again since is told (none is loaded for this).
        document = documents.loaded(entry.getKey());
      }
      if (document != null) {
        document.leave(this, false);
      }
    }
    joined.clear();
    sessions.closed(this);
  }

  /**
   * The handle of a joined document: the one of the membership, or, when that document was unloaded
   * since, its current sequencer (which then replaces it).
   */
  private DocumentSequencer<?> document(String documentId, Membership membership) {
    DocumentSequencer<?> document = membership.document;
    if (document.isClosed()) {
      document = documents.sequencer(documentId);
      membership.document = document;
    }
    return document;
  }

  /** One joined document: the submits in flight, the latest join's ticket, the document's handle. */
  private static final class Membership {
    final AtomicInteger inFlight;
    final long ticket;
    /** The document's sequencer; replaced when it was unloaded (any thread: volatile). */
    volatile DocumentSequencer<?> document;

    Membership(AtomicInteger inFlight, long ticket, DocumentSequencer<?> document) {
      this.inFlight = inFlight;
      this.ticket = ticket;
      this.document = document;
    }

    AtomicInteger inFlight() {
      return inFlight;
    }

    long ticket() {
      return ticket;
    }
  }
}
