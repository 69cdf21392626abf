package dev.collab.server.internal.engine;

import dev.collab.CommittedOp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Who hears a document's ops on this node: the sessions subscribed to it and the application's
 * listeners ({@code Collab.listen}). Tells them each committed op, in version order, exactly once.
 *
 * <p>The subscribers are confined to the document's turn; the listener list is copy-on-write
 * (registered on the turn, removed from any thread).
 */
final class FanOut {
  private static final System.Logger LOG = System.getLogger(FanOut.class.getName());
  private final DocumentSequencer<?> turn;
  private final String id;
  private final EngineMetrics metrics;
  /** Guarded by the document's turn. */
  private final List<Session> subscribers = new ArrayList<>();
  private final CopyOnWriteArrayList<Consumer<CommittedOp>> listeners = new CopyOnWriteArrayList<>();
  /** {@code subscribers.size()}, for {@link #hasOneSubscriberAtMost} on any thread. */
  private volatile int subscriberCount;

  FanOut(DocumentSequencer<?> turn, String id, EngineMetrics metrics) {
    this.turn = turn;
    this.id = id;
    this.metrics = metrics;
  }

  /** The subscribed sessions, to iterate on the turn (not to change: see {@link #subscribe}). */
  List<Session> subscribers() {
    turn.checkTurn();
    return subscribers;
  }

  boolean isSubscribed(Session session) {
    turn.checkTurn();
    return subscribers.contains(session);
  }

  void subscribe(Session session) {
    turn.checkTurn();
    subscribers.add(session);
    subscriberCount = subscribers.size();
    metrics.joinedSessions.incrementAndGet();
  }

  /** @return whether the session was subscribed */
  boolean unsubscribe(Session session) {
    turn.checkTurn();
    boolean removed = subscribers.remove(session);
    subscriberCount = subscribers.size();
    if (removed) {
      metrics.joinedSessions.decrementAndGet();
    }
    return removed;
  }

  /** Forgets every subscriber (the document was dropped); returns how many there were. */
  int clearSubscribers() {
    turn.checkTurn();
    int count = subscribers.size();
    subscribers.clear();
    subscriberCount = 0;
    metrics.joinedSessions.addAndGet(-count);
    return count;
  }

  /**
   * Whether at most one session is subscribed (any thread; a moment's view): then an op has no
   * other client to go to, so nothing is gained by letting submits gather into one batch.
   */
  boolean hasOneSubscriberAtMost() {
    return subscriberCount <= 1;
  }

  void addListener(Consumer<CommittedOp> listener) {
    listeners.add(listener);
  }

  void removeListener(Consumer<CommittedOp> listener) {
    listeners.remove(listener);
  }

  /** Whether the application listens to this document here ({@code Collab.listen}). */
  boolean hasListeners() {
    turn.checkTurn();
    return !listeners.isEmpty();
  }

  /** Whether nobody hears the document: no subscriber and no listener (it may be unloaded). */
  boolean isUnused() {
    turn.checkTurn();
    return subscribers.isEmpty() && listeners.isEmpty();
  }

  /**
   * Runs the delivery of {@code ops} ops with every subscriber's sends held, so that a connection
   * sends them as one frame, not one per op: what makes fan-out affordable when many writers share
   * a document (their submits queue up and commit together).
   */
  void asOneBatch(int ops, Runnable delivery) {
    turn.checkTurn();
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
  void deliver(CommittedOp op, @Nullable Session submitter) {
    turn.checkTurn();
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

  /** A copy of the subscribers, to change them while going through it. */
  List<Session> subscribersCopy() {
    turn.checkTurn();
    return new ArrayList<>(subscribers);
  }

  /** Tells every local subscriber {@code message} (a comment thread's change), on the turn. */
  void tellSubscribers(java.util.function.Consumer<SessionListener> message) {
    turn.checkTurn();
    for (Session session : subscribersCopy()) {
      message.accept(session.listener());
    }
  }
}
