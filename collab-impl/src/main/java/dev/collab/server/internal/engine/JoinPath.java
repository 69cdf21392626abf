package dev.collab.server.internal.engine;

import dev.collab.Access;
import dev.collab.CollabException;
import dev.collab.CommittedOp;
import dev.collab.ErrorCode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The join path of one document: binds the session's client id to its user, checks read access,
 * loads the document, catches up from the store, and answers with a snapshot at the head or the
 * ops since the client's version (then the others' cursors). Every join is answered: a reply, or
 * an error, never silence.
 *
 * <p>Confined to the document's turn.
 *
 * @param <O> the document's op type
 */
final class JoinPath<O> {
  private static final System.Logger LOG = System.getLogger(JoinPath.class.getName());
  private final DocumentSequencer<O> turn;
  private final DocumentContext context;
  private final String id;
  private final DocumentState<O> state;
  private final FanOut fanOut;
  private final PresenceRelay presence;
  private final BusRelay bus;
  private final ThreadSync<O> comments;

  JoinPath(DocumentSequencer<O> turn, DocumentContext context, String id, DocumentState<O> state, FanOut fanOut,
      PresenceRelay presence, BusRelay bus, ThreadSync<O> comments) {
    this.comments = comments;
    this.turn = turn;
    this.context = context;
    this.id = id;
    this.state = state;
    this.fanOut = fanOut;
    this.presence = presence;
    this.bus = bus;
  }

  /** {@code ticket}: the session's number for this join ({@link Session#joinFailed}). */
  void join(Session session, @Nullable Long from, long ticket) {
    turn.checkTurn();
    if (session.isClosed()) {
      return;
    }
    DocumentLifecycle<O> lifecycle = turn.lifecycle();
    boolean bound;
    try {
      // Before anything of the session reaches the document: its client id must be its user's.
      bound = context.bindings().bind(session);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "collab: binding client " + session.client() + " of user "
          + session.user().id() + " at its join of document " + id + " failed", e);
      session.joinFailed(id, ticket);
      lifecycle.closeIfUnused();
      session.listener().error(id, null, ErrorCode.INTERNAL, "storage failed: " + e);
      return;
    }
    if (!bound) {
      session.joinFailed(id, ticket);
      lifecycle.closeIfUnused();
      ClientBindings.refuse(session, id);
      return;
    }
    // A leave of the document after this join (the session no longer has it) still gets its join
    // answered, without a subscription; the leave is confirmed next. Every request is answered.
    boolean subscribe = session.hasJoined(id);
    boolean wasLoaded = lifecycle.isLoaded();
    try {
      answer(session, from, wasLoaded, ticket, subscribe);
    } catch (RuntimeException e) {
      // Whatever failed (the store while loading, the policy, encoding the snapshot), the join is
      // answered: the client sees an error, never silence.
      LOG.log(System.Logger.Level.WARNING, "collab: join of document " + id + " by client " + session.client()
          + " (user " + session.user().id() + ") failed", e);
      fanOut.unsubscribe(session);
      session.joinFailed(id, ticket);
      lifecycle.closeIfUnused();
      session.listener().error(id, null, ErrorCode.INTERNAL, "the join failed on the server: " + e.getClass().getSimpleName());
    }
  }

  private void answer(Session session, @Nullable Long from, boolean wasLoaded, long ticket, boolean subscribe) {
    DocumentLifecycle<O> lifecycle = turn.lifecycle();
    // Access first: a principal without read access learns nothing about whether the document
    // exists (the same answer as for a missing one, as REST's 404), and loads nothing.
    Access access = context.access().access(session.user(), id, true);
    if (!access.allows(Access.READ)) {
      session.joinFailed(id, ticket);
      lifecycle.closeIfUnused();
      session.listener().error(id, null, ErrorCode.UNKNOWN_DOCUMENT, "no document " + id);
      return;
    }
    try {
      lifecycle.ensureLoaded();
    } catch (CollabException e) {
      session.joinFailed(id, ticket);
      lifecycle.closeIfUnused();
      session.listener().error(id, null, e.code(), e.getMessage());
      return;
    }
    try {
      // The store is the truth: a node that missed the last ops (a lost bus message) learns them
      // here, so a join never answers from a stale head, nor for a document deleted meanwhile
      // (perhaps created again: a copy loaded before is checked against the store's).
      long storeHead = context.store().head(id);
      if (storeHead < 0 || (wasLoaded && lifecycle.isStale(storeHead))) {
        // The others are told; the joining session is answered: unknown-document, or by a fresh
        // load of the document created again (once: a fresh copy is not checked again).
        fanOut.unsubscribe(session);
        lifecycle.dropDeleted();
        if (storeHead < 0) {
          session.joinFailed(id, ticket);
          session.listener().error(id, null, ErrorCode.UNKNOWN_DOCUMENT, "document " + id + " was deleted");
        } else {
          turn.registry().sequencer(id).join(session, from, ticket);
        }
        return;
      }
      bus.catchUp(storeHead);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "collab: join of document " + id + " by client " + session.client()
          + " (user " + session.user().id() + "): the store failed", e);
      session.joinFailed(id, ticket);
      session.listener().error(id, null, ErrorCode.INTERNAL, "storage failed: " + e);
      return;
    }
    long head = state.head();
    if (from != null && from > head) {
      session.joinFailed(id, ticket);
      session.listener().error(id, null, ErrorCode.VERSION_AHEAD,
          "join from version " + from + " but the document is at " + head);
      return;
    }
    fanOut.unsubscribe(session);
    JoinReply reply = null;
    // A client further behind than maxCatchUpOps gets a snapshot, as for history no longer kept:
    // the ops since any from (0 included) are not read for it.
    if (from != null && head - from <= context.config().maxCatchUpOps()) {
      List<CommittedOp> missed = state.committedAfter(from);
      if (missed != null) {
        reply = new JoinReply.OpsReply(id, missed, state.type().name(), access);
      }
    }
    if (reply == null) {
      reply = new JoinReply.SnapshotReply(id, head, state.type().name(), state.encodeSnapshot(), access);
    }
    if (subscribe) {
      fanOut.subscribe(session);
    }
    session.listener().joined(reply);
    if (subscribe) {
      // Others' cursors, so the newcomer sees who is here; then the comment threads.
      presence.welcome(session);
      comments.afterJoin(session);
    }
  }

  /** Unsubscribes {@code session}; {@code confirm}: answer {@code left} (a client's {@code leave}). */
  void leave(Session session, boolean confirm) {
    turn.checkTurn();
    fanOut.unsubscribe(session);
    presence.left(session);
    if (confirm) {
      // Also when not subscribed: the join it follows failed, or was answered without one.
      session.listener().left(id);
    }
  }

  /**
   * Every session of {@code userId} that lost read access is dropped from the document; the others
   * are told the level they have now.
   */
  void recheckAccess(String userId) {
    turn.checkTurn();
    for (Session session : fanOut.subscribersCopy()) {
      if (!session.user().id().equals(userId)) {
        continue;
      }
      Access access = context.access().access(session.user(), id, false);
      if (access.allows(Access.READ)) {
        session.listener().accessChanged(id, access);
      } else {
        session.dropped(id);
        leave(session, false);
        session.listener().error(id, null, ErrorCode.FORBIDDEN, "access to document " + id + " was revoked");
        session.listener().left(id);
      }
    }
  }
}
