package dev.collab.client;

import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.ot.JsonLimits;
import dev.collab.ot.OtType;
import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ServerMessage;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * The protocol state machine of one {@link SharedDocument} on its client's connection: joining and
 * rejoining (snapshot or catch-up), remote ops and acks, the submit in flight with its transient
 * retries ({@link ResubmitPolicy}) or its undo, errors, and waiters for "synced". The rules of
 * concurrent editing themselves live in {@link ClientDocument}; presence in {@link PresenceRelay};
 * what other threads see and the listeners in {@link SharedDocument}. Confined to the client's
 * event thread.
 *
 * @param <O> the op type of the document's {@link OtType}
 */
final class DocumentSync<O> {
  private final Connector client;
  private final OtType<O> type;
  private final String id;
  private final SharedDocument<O> owner;
  private final PresenceRelay presence;
  /** The comment threads and commands; {@link SharedDocument#comments()}. */
  final ClientComments<O> comments;
  private @Nullable ClientDocument<O> state;
  /** The state dropped by a bad catch-up, until the fresh snapshot replaces it (then: onReset). */
  private @Nullable ClientDocument<O> replaced;
  private SyncPhase phase = SyncPhase.OPENING;
  /** The seq of the submit in flight (the last one ClientDocument handed out), or 0. */
  private long inflightSeq;
  /** Transient refusals of {@code inflightSeq} so far. */
  private int submitRetries;
  private @Nullable ScheduledFuture<?> retryTask;
  private final List<CompletableFuture<Long>> syncWaiters = new ArrayList<>();

  DocumentSync(Connector client, OtType<O> type, String id, SharedDocument<O> owner) {
    this.client = client;
    this.type = type;
    this.id = id;
    this.owner = owner;
    this.presence = new PresenceRelay(client, id, () -> phase == SyncPhase.LIVE);
    this.comments = new ClientComments<>(client, type, id, owner, () -> phase == SyncPhase.LIVE);
  }

  /** The user set a presence: see {@link SharedDocument#presence}. */
  void presence(@Nullable Selection range, @Nullable JsonObject meta) {
    requireState();
    presence.set(range, meta);
  }

  /** Completes {@code synced} once nothing is pending and the document is live. */
  void whenSynced(CompletableFuture<Long> synced) {
    syncWaiters.add(synced);
    checkSynced();
  }

  /** The application closed the document: leave it (when joined) and stop. */
  void leave() {
    if (phase != SyncPhase.CLOSED) {
      if (phase == SyncPhase.LIVE) {
        client.send(new ClientMessage.Leave(id));
      }
      closeLocally(new IllegalStateException("document " + id + " was closed"));
    }
  }

  /** The connection is ready (welcome received): join, or rejoin from the last version. */
  void connected() {
    client.loop().assertLoop();
    if (phase == SyncPhase.OPENING) {
      client.send(new ClientMessage.Join(id, null));
    } else if (phase == SyncPhase.REJOINING || phase == SyncPhase.LIVE) {
      rejoin();
    }
  }

  /** The connection was lost: everything in transit is gone. */
  void disconnected() {
    client.loop().assertLoop();
    if (phase == SyncPhase.LIVE) {
      phase = SyncPhase.REJOINING;
    }
    stopRetry();
    presence.cancel();
  }

  /** Stops everything; the document is no longer part of the client. */
  void closeLocally(Throwable why) {
    client.loop().assertLoop();
    phase = SyncPhase.CLOSED;
    owner.markClosed();
    cancel(retryTask);
    presence.cancel();
    comments.close(why);
    owner.opened().completeExceptionally(why);
    for (CompletableFuture<Long> waiter : syncWaiters) {
      waiter.completeExceptionally(why);
    }
    syncWaiters.clear();
    client.forget(owner);
  }

  void onMessage(ServerMessage message) {
    client.loop().assertLoop();
    if (phase == SyncPhase.CLOSED || comments.onMessage(message)) {
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
    } else if (message instanceof ServerMessage.Presence || message instanceof ServerMessage.PresenceGone) {
      RemotePresence remote = message instanceof ServerMessage.Presence p ? PresenceRelay.incoming(p)
          : PresenceRelay.gone((ServerMessage.PresenceGone) message);
      owner.fire(l -> l.onPresence(remote));
    } else if (message instanceof ServerMessage.Error) {
      onError((ServerMessage.Error) message);
    } else if (message instanceof ServerMessage.AccessChanged) {
      // The access was re-evaluated while joined: what access() answers from now on.
      owner.updateView(state, ((ServerMessage.AccessChanged) message).access());
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
    phase = SyncPhase.LIVE;
    owner.updateView(state, s.access());
    comments.joined(state, true);
    if (old == null) {
      owner.opened().complete(owner);
    } else {
      // A rejoin answered with a snapshot: the server no longer has the ops since our version, so
      // there is no way to tell whether the op in flight was committed. Pending edits are dropped
      // rather than risk applying one twice; the listener is told.
      if (droppedPending) {
        owner.fire(l -> l.onError(new DocumentError(ErrorCode.HISTORY_GONE,
            "document " + id + ": the server's history no longer reaches version " + old.version()
                + "; local edits not yet acknowledged were dropped", null)));
      }
      owner.fire(l -> l.onReset(snapshot, s.version()));
    }
    presence.resend();
    checkSynced();
  }

  private void onOps(ServerMessage.Ops o) {
    ClientDocument<O> doc = state;
    if (doc == null || phase != SyncPhase.REJOINING) {
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
        owner.fire(l -> l.onError(new DocumentError(ErrorCode.HISTORY_GONE, "document " + id + ": the catch-up did not fit ("
            + e.getMessage() + "); local edits not yet acknowledged were dropped", null)));
      }
      // Listeners keep showing the old contents until the fresh snapshot replaces them (onReset).
      replaced = doc;
      state = null;
      phase = SyncPhase.OPENING;
      client.send(new ClientMessage.Join(id, null));
      return;
    }
    phase = SyncPhase.LIVE;
    owner.updateView(state, o.access());
    if (ackedVersion >= 0) {
      long version = ackedVersion;
      owner.fire(l -> l.onAck(ackedSeq, version));
    }
    long version = doc.version();
    O shown = before;
    for (O op : caughtUp.toApply()) {
      shown = type.apply(shown, op);
      comments.displayed(op);
      DocumentChange<O> change = new DocumentChange<>(DocumentChange.Kind.REMOTE, op, shown, version);
      owner.fire(l -> l.onChange(change));
    }
    caughtUp.submit().ifPresent(this::submit);
    comments.joined(doc, false);
    presence.resend();
    checkSynced();
  }

  private void onOp(ServerMessage.Op m) {
    ClientDocument<O> doc = state;
    if (doc == null || phase != SyncPhase.LIVE) {
      return; // a rejoin's reply covers it
    }
    Optional<O> applied;
    try {
      applied = doc.remote(m.version(), type.decode(m.op(), JsonLimits.STORAGE));
    } catch (IllegalStateException e) {
      resync(e);
      return;
    }
    owner.updateView(state, null);
    applied.ifPresent(op -> {
      comments.displayed(op);
      DocumentChange<O> change = new DocumentChange<>(DocumentChange.Kind.REMOTE, op, doc.document(), doc.version());
      owner.fire(l -> l.onChange(change));
    });
  }

  private void onAck(ServerMessage.Ack a) {
    ClientDocument<O> doc = state;
    if (doc == null || phase != SyncPhase.LIVE) {
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
      stopRetry();
    }
    owner.updateView(state, null);
    if (ours) {
      owner.fire(l -> l.onAck(a.seq(), a.version()));
    }
    next.ifPresent(this::submit);
    checkSynced();
  }

  private void onError(ServerMessage.Error e) {
    if (comments.onError(e)) {
      return;
    }
    DocumentError error = new DocumentError(e.code(), e.message(), e.seq());
    if (phase == SyncPhase.OPENING && e.seq() == null) {
      // The answer to the first join: the document cannot be opened.
      closeLocally(new CollabException(e.code(), "document " + id + ": " + e.message()));
      return;
    }
    ClientDocument<O> doc = state;
    if (phase == SyncPhase.REJOINING && e.seq() == null && doc != null) {
      if (e.code() == ErrorCode.VERSION_AHEAD) {
        // The server is behind what we saw (it lost data): take its document as it is.
        owner.fire(l -> l.onError(error));
        client.send(new ClientMessage.Join(id, null));
        return;
      }
      if (e.code() == ErrorCode.UNKNOWN_DOCUMENT || e.code() == ErrorCode.FORBIDDEN) {
        owner.fire(l -> l.onError(error));
        closeLocally(new CollabException(e.code(), "document " + id + ": " + e.message()));
        return;
      }
    }
    if (phase == SyncPhase.LIVE && e.seq() == null && e.code() == ErrorCode.UNKNOWN_DOCUMENT) {
      // Deleted while joined (docs/PROTOCOL.md, "Joining"; a 'left' follows): the pending edits
      // belong to no document now, and one created again with this id is another document.
      owner.fire(l -> l.onError(error));
      closeLocally(new CollabException(e.code(), "document " + id + ": " + e.message()));
      return;
    }
    if (doc != null && phase == SyncPhase.LIVE && e.seq() != null && e.seq() == inflightSeq && inflightSeq != 0) {
      onSubmitRefused(doc, e, error);
      return;
    }
    owner.fire(l -> l.onError(error));
  }

  private void onSubmitRefused(ClientDocument<O> doc, ServerMessage.Error e, DocumentError error) {
    long seq = e.seq();
    if (e.code() == ErrorCode.HISTORY_GONE || e.code() == ErrorCode.NOT_JOINED) {
      // Not a verdict on the op: rejoin, and the catch-up decides whether to resubmit it.
      owner.fire(l -> l.onError(error));
      rejoin();
      return;
    }
    long delay = client.resubmits().delayMillis(e.code(), submitRetries);
    if (delay >= 0) {
      submitRetries++;
      cancel(retryTask);
      retryTask = client.loop().schedule(() -> {
        retryTask = null;
        if (phase == SyncPhase.LIVE && state == doc && inflightSeq == seq) {
          doc.resubmit().ifPresent(this::submit);
        }
      }, delay);
      return;
    }
    inflightSeq = 0;
    submitRetries = 0;
    ClientDocument.Rejected<O> rejected = doc.rejected(seq);
    owner.updateView(state, null);
    comments.displayed(rejected.undo());
    DocumentChange<O> change = new DocumentChange<>(DocumentChange.Kind.UNDO, rejected.undo(), doc.document(), doc.version());
    owner.fire(l -> l.onChange(change));
    owner.fire(l -> l.onError(error));
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
    phase = SyncPhase.REJOINING;
    stopRetry();
    client.send(new ClientMessage.Join(id, doc == null ? null : doc.version()));
  }

  void edit(O op) {
    ClientDocument<O> doc = requireState();
    Optional<Submission<O>> submission = doc.edit(op);
    owner.updateView(state, null);
    comments.displayed(op);
    submission.ifPresent(this::submit);
  }

  /** Records {@code s} as in flight and sends it if the document is live (else a rejoin resends it). */
  private void submit(Submission<O> s) {
    if (s.seq() != inflightSeq) {
      submitRetries = 0;
    }
    inflightSeq = s.seq();
    if (phase == SyncPhase.LIVE) {
      client.send(new ClientMessage.Submit(s.doc(), s.base(), s.seq(), type.encode(s.op())));
    }
  }

  private void checkSynced() {
    comments.settled();
    ClientDocument<O> doc = state;
    if (doc != null && phase == SyncPhase.LIVE && !doc.hasPending() && !syncWaiters.isEmpty()) {
      List<CompletableFuture<Long>> waiters = List.copyOf(syncWaiters);
      syncWaiters.clear();
      long version = doc.version();
      waiters.forEach(w -> w.complete(version));
    }
  }

  ClientDocument<O> requireState() {
    ClientDocument<O> doc = state;
    if (phase == SyncPhase.CLOSED || doc == null) {
      throw new IllegalStateException("document " + id + " is " + (phase == SyncPhase.CLOSED ? "closed" : "not open yet"));
    }
    return doc;
  }

  private void stopRetry() {
    cancel(retryTask);
    retryTask = null;
  }

  private static void cancel(@Nullable ScheduledFuture<?> task) {
    if (task != null) {
      task.cancel(false);
    }
  }
}
