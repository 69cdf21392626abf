package dev.collab.server.internal.engine;

import dev.collab.CommittedOp;
import dev.collab.spi.ClusterBus;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One document's side of the cluster bus: its subscription, what other nodes send (ops, head
 * announcements, presence, revocations, deletions), the gap fill from the store when a message was
 * lost, and the announcements of the head after a burst of commits, so that another node notices
 * a lost last message.
 *
 * <p>Confined to the document's turn.
 */
final class BusRelay {
  private static final System.Logger LOG = System.getLogger(BusRelay.class.getName());
  private static final long[] ANNOUNCE_DELAYS_MS = {100, 1_000, 5_000};

  private final DocumentSequencer<?> turn;
  private final DocumentContext context;
  private final String id;
  private final DocumentState<?> state;
  private final FanOut fanOut;
  private final PresenceRelay presence;
  // ---- guarded by the document's turn ----
  private ClusterBus.@Nullable Subscription subscription;
  /**
   * The last {@code ops} message this document published. An in-process bus hands the same
   * instance back to this document's own subscription; its ops are all at or below the head
   * already, so it is recognised by identity and not parsed.
   */
  private @Nullable String publishedOps;
  /** When the last commit happened; head announcements count their delays from it. */
  private long lastCommitNanos;
  /** The next announcement to make (an index into ANNOUNCE_DELAYS_MS); past the end: none. */
  private int announceStage = ANNOUNCE_DELAYS_MS.length;
  private boolean announceTimerPending;

  BusRelay(DocumentSequencer<?> turn, DocumentContext context, String id, DocumentState<?> state, FanOut fanOut,
      PresenceRelay presence) {
    this.turn = turn;
    this.context = context;
    this.id = id;
    this.state = state;
    this.fanOut = fanOut;
    this.presence = presence;
  }

  void subscribe(Consumer<String> onMessage) {
    turn.checkTurn();
    subscription = context.bus().subscribe(id, onMessage::accept);
  }

  void unsubscribe() {
    turn.checkTurn();
    ClusterBus.Subscription current = subscription;
    subscription = null;
    if (current != null) {
      current.close();
    }
  }

  /** This node changed a comment thread (and published it): the head, with the threads' digest, is announced after the burst. */
  void threadsChanged() {
    turn.checkTurn();
    if (context.hasPeers()) {
      scheduleHeadAnnouncements();
    }
  }

  /** This node committed {@code ops}: they are published, and the head announced after the burst. */
  void committed(List<CommittedOp> ops) {
    turn.checkTurn();
    String message = context.publish(id, () -> BusMessages.ops(context.nodeId(), ops));
    if (message != null) {
      publishedOps = message;
      scheduleHeadAnnouncements();
    }
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
    context.executors().schedule(() -> turn.execute(this::announceHead), Math.max(1, delayMs), TimeUnit.MILLISECONDS);
  }

  private void announceHead() {
    announceTimerPending = false;
    if (turn.isClosed() || announceStage >= ANNOUNCE_DELAYS_MS.length) {
      return;
    }
    long quietMs = (System.nanoTime() - lastCommitNanos) / 1_000_000;
    long due = ANNOUNCE_DELAYS_MS[announceStage];
    if (quietMs < due) {
      armAnnouncement(due - quietMs);
      return;
    }
    long head = state.head();
    boolean withThreads = state.threads().isLoaded();
    long threads = withThreads ? state.threads().digest() : 0;
    context.publish(id, () -> withThreads ? BusMessages.head(context.nodeId(), head, threads) : BusMessages.head(context.nodeId(), head));
    announceStage++;
    if (announceStage < ANNOUNCE_DELAYS_MS.length) {
      armAnnouncement(ANNOUNCE_DELAYS_MS[announceStage] - quietMs);
    }
  }

  /** A message of this document from the bus (any node's, this one's too). */
  void onMessage(String message, boolean loaded) {
    turn.checkTurn();
    if (message == publishedOps || BusMessages.isOpsOf(context.nodeId(), message)) {
      // Our own ops, back from the bus (the same instance from an in-process bus, a copy from
      // Redis or JMS): every one is at or below the head, and presence held for the head was
      // released when they were committed. Nothing to do, and nothing to parse.
      publishedOps = null;
      return;
    }
    if (!loaded) {
      return;
    }
    context.metrics().observer.busReceived();
    try {
      dispatch(BusMessages.parse(message));
    } catch (RuntimeException e) {
      // Another node (or whoever can write to the bus) sent what this node cannot read: dropped.
      // The store stays the truth: a missed op is caught up at the next gap, join or read.
      LOG.log(System.Logger.Level.WARNING, "collab: dropped a malformed bus message for document " + id + ": "
          + (message.length() > 200 ? message.substring(0, 200) + "..." : message), e);
    }
  }

  /**
   * Where {@code thread} messages, and {@code head} messages with a threads digest, go (the
   * document's {@link ThreadSync}), set once by the sequencer.
   */
  private java.util.function.Consumer<JsonObject> threads = message -> {};

  void onThreads(java.util.function.Consumer<JsonObject> handler) {
    this.threads = handler;
  }

  private void dispatch(JsonObject parsed) {
    switch (parsed.getString("t", "")) {
      case "thread":
        threads.accept(parsed);
        break;
      case "ops":
        List<CommittedOp> ops = BusMessages.committedOps(parsed);
        fanOut.asOneBatch(ops.size(), () -> {
          for (CommittedOp op : ops) {
            if (op.version() <= state.head()) {
              continue;
            }
            if (op.version() > state.head() + 1) {
              // A gap: one read from the store fills it, up to this op.
              catchUp(op.version());
            } else {
              applyRemote(op);
            }
          }
        });
        presence.releaseHeld();
        break;
      case "head":
        catchUp(parsed.getJsonNumber("v").longValue());
        presence.releaseHeld();
        if (parsed.containsKey("threads")) {
          threads.accept(parsed);
        }
        break;
      case "presence":
        if (!context.nodeId().equals(parsed.getString("node", ""))) {
          presence.remote(parsed);
        }
        break;
      case "revoke":
        // The node that revoked forgot and re-evaluated already (CollabApi.revoke): its own echo
        // would only tell its clients their level a second time.
        if (!context.nodeId().equals(parsed.getString("node", ""))) {
          context.access().forget(parsed.getString("user", ""), id);
          turn.recheckAccessNow(parsed.getString("user", ""));
        }
        break;
      case "deleted":
        // Not for a copy of a document created again since (this node loaded it after the delete).
        if (!context.nodeId().equals(parsed.getString("node", ""))
            && state.info() != null && state.info().created().equals(BusMessages.deletedCreated(parsed))) {
          context.access().forgetDocument(id);
          turn.lifecycle().dropDeleted();
        }
        break;
      default:
        break;
    }
  }

  /** Applies and delivers the ops committed elsewhere, up to {@code target} (one store read). */
  void catchUp(long target) {
    turn.checkTurn();
    if (target <= state.head()) {
      return;
    }
    context.metrics().gapReads.incrementAndGet();
    List<CommittedOp> missed;
    try {
      missed = context.store().readOps(id, state.head(), target);
    } catch (RuntimeException e) {
      context.metrics().observer.storeFailed("read");
      throw e;
    }
    context.metrics().observer.gapFilled(missed.size());
    fanOut.asOneBatch(missed.size(), () -> missed.forEach(this::applyRemote));
  }

  private void applyRemote(CommittedOp op) {
    if (state.applyRemote(op)) {
      fanOut.deliver(op, null);
    }
  }
}
