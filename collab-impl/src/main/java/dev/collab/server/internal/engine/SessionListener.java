package dev.collab.server.internal.engine;

import dev.collab.CommittedOp;
import dev.collab.ErrorCode;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link Session} tells its connection. For one document, every call is made on that
 * document's sequencer, in version order: the join reply first, then each later op as an
 * {@link #op} (someone else's) or an {@link #ack} (this session's), never a gap or a duplicate.
 * Calls must return quickly (queue the message and return): they run on the engine's threads.
 */
public interface SessionListener {

  /** The reply to a join: a snapshot or a catch-up. */
  void joined(JoinReply reply);

  /** Someone else's op, committed as {@code op.version()}. */
  void op(String documentId, CommittedOp op);

  /** This session's submit {@code seq} is durable as {@code version}. */
  void ack(String documentId, long seq, long version);

  /** A request failed; {@code seq} is set when it answers a submit. */
  void error(String documentId, @Nullable Long seq, ErrorCode code, String message);

  /** Another client's cursor; {@code range} is JSON null or {@code {index, length}}. */
  void presence(String documentId, String client, String userId, String userName, JsonValue range, @Nullable JsonObject meta);

  /** Another client that had sent presence left or disconnected. */
  void presenceGone(String documentId, String client, String userId, String userName);

  /** The session is no longer subscribed to the document (it left, or lost its access). */
  void left(String documentId);

  /**
   * The session's access to a joined document was re-evaluated (after a revocation or a change of
   * a grant) and still allows reading: {@code access} is the level now, which may be the one it had.
   * A connection tells its client ({@code access} on the wire), whose editor turns read-only below
   * write. The default does nothing: the next submit is refused all the same when it may not write.
   */
  default void accessChanged(String documentId, dev.collab.Access access) {}

  /** Another connection took over this session's client id; the connection should close (1008). */
  default void replaced() {}

  /**
   * An administrator unloaded {@code documentId} from this node while this session was joined to
   * it: the session no longer receives its ops. A connection closes with 1001, as in a drain (the
   * client reconnects and rejoins, which loads the document afresh); the default tells the session
   * {@code draining}, then {@code left}, and it may join again.
   */
  default void unloaded(String documentId) {
    error(documentId, null, ErrorCode.DRAINING, "document " + documentId + " was unloaded by an administrator; join again");
    left(documentId);
  }

  /**
   * The session's client id is bound to another user (see {@link CollabEngine#openSession}): the
   * session is closed; the connection should answer {@code forbidden} (with {@code documentId} when
   * a join found it out, else without) and close (1008).
   */
  default void refused(@Nullable String documentId, String reason) {}

  /**
   * The calls up to the matching {@link #endBatch} belong to one commit: a connection may hold
   * them and send them together (one array frame instead of one frame per op). Batches of
   * different documents may overlap on one listener; every begin is followed by one end, on the
   * same thread.
   */
  default void beginBatch() {}

  /** The end of what {@link #beginBatch} started: whatever was held goes out now. */
  default void endBatch() {}

  /** The comment threads of a joined document, their anchors at {@code version} (after the join's reply). */
  default void threads(String documentId, long version, java.util.List<dev.collab.comments.CommentThread> threads) {}

  /** A comment thread was opened or changed; its anchor at {@code version}. */
  default void thread(String documentId, long version, dev.collab.comments.CommentThread thread) {}

  /** A comment thread was deleted. */
  default void threadDeleted(String documentId, long version, String threadId) {}

  /** The comment message {@code seq} is done and durable. */
  default void commented(String documentId, long seq, String threadId) {}
}
