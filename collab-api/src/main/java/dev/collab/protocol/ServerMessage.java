package dev.collab.protocol;

import dev.collab.ErrorCode;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A message from the server to a client, as {@link ProtocolCodec} encodes and decodes it. */
public sealed interface ServerMessage {

  /**
   * A user as the wire shows one: {@code {id, name}}; roles never leave the server.
   *
   * @param id the user's id
   * @param name the user's display name
   */
  record WireUser(String id, String name) {}

  /**
   * The limits the server enforces, announced in {@link Welcome}.
   *
   * @param maxMessageBytes the largest frame the server accepts, in bytes (over it: close 1009)
   * @param maxOpLength the most UTF-16 code units one op may insert (an embed counts 1)
   * @param maxDocumentLength the longest document, in UTF-16 code units
   * @param maxMessagesPerSecond the most messages per second a connection may send, {@code ping}
   *     and each element of an array frame included
   * @param maxJsonDepth the deepest nesting of JSON arrays and objects in a message
   * @param presenceIntervalMs the least time between two presence messages of a client to one
   *     document, in milliseconds
   */
  record Limits(int maxMessageBytes, int maxOpLength, int maxDocumentLength, int maxMessagesPerSecond,
      int maxJsonDepth, int presenceIntervalMs) {}

  /**
   * {@code welcome}: the answer to {@code hello}.
   *
   * @param protocol the protocol version the server speaks: 1
   * @param user the authenticated user, as others will see it
   * @param limits the limits the server enforces on this connection
   */
  record Welcome(int protocol, WireUser user, Limits limits) implements ServerMessage {}

  /**
   * {@code snapshot}: the document as of {@code version}, in answer to a {@code join}.
   *
   * @param doc the document's id
   * @param version the version of the content, 0 or more
   * @param type the OT type's name, e.g. {@code rich-text}
   * @param data the content in the type's JSON form (a Delta's {@code ops} array of inserts)
   * @param access the user's access, as {@link dev.collab.Access#wire()}: {@code read}, {@code
   *     comment}, {@code write} or {@code admin}
   */
  record Snapshot(String doc, long version, String type, JsonValue data, String access) implements ServerMessage {}

  /**
   * One entry of {@link Ops}: a committed op.
   *
   * @param version the op's version: the document's version right after it
   * @param op the op in the document type's JSON form
   * @param client the id of the client that submitted it
   * @param seq that client's number for the submit
   * @param user the op's author
   */
  record Entry(long version, JsonValue op, String client, long seq, WireUser user) {}

  /**
   * {@code ops}: the catch-up after a {@code join} with {@code from}, the client's own ops included.
   *
   * @param doc the document's id
   * @param ops the ops after {@code from} up to the head, in version order; empty when {@code from}
   *     is the head
   * @param type the OT type's name
   * @param access the user's access, as in {@link Snapshot}
   */
  record Ops(String doc, List<Entry> ops, String type, String access) implements ServerMessage {}

  /**
   * {@code op}: someone else's committed op; never sent to its own submitter, which gets {@link Ack}.
   *
   * @param doc the document's id
   * @param version the op's version: the document's version right after it
   * @param op the op in the document type's JSON form
   * @param client the id of the client that submitted it
   * @param seq that client's number for the submit
   * @param user the op's author
   */
  record Op(String doc, long version, JsonValue op, String client, long seq, WireUser user) implements ServerMessage {}

  /**
   * {@code ack}: the client's op is durable; a resubmitted {@code seq} gets the same answer.
   *
   * @param doc the document's id
   * @param seq the client's number for the submit acknowledged
   * @param version the version the op was committed as
   */
  record Ack(String doc, long seq, long version) implements ServerMessage {}

  /**
   * {@code presence}: someone else's cursor; never echoed to its sender.
   *
   * @param doc the document's id
   * @param client the id of the client whose cursor it is
   * @param user that client's user
   * @param range JSON null or {@code {index, length}} in UTF-16 code units
   * @param meta the sender's application data, or null when it sent none
   */
  record Presence(String doc, String client, WireUser user, JsonValue range, @Nullable JsonObject meta)
      implements ServerMessage {}

  /**
   * {@code presence} with {@code gone: true}: a client that had sent presence left or disconnected.
   *
   * @param doc the document's id
   * @param client the id of the client that is gone
   * @param user that client's user
   */
  record PresenceGone(String doc, String client, WireUser user) implements ServerMessage {}

  /**
   * {@code left}: the client is no longer subscribed to the document (after a {@code leave}, a
   * delete or a revoked access).
   *
   * @param doc the document's id
   */
  record Left(String doc) implements ServerMessage {}

  /**
   * {@code access} (an extension): the client's access to a joined document was re-evaluated, after
   * a revocation or a change of a grant, and still allows reading. Below {@code write} the editor
   * turns read-only (a submit is refused with {@code forbidden}); a client that lost all access gets
   * {@code error forbidden}, then {@code left}, instead.
   *
   * @param doc the document's id
   * @param access the level now: {@code read}, {@code comment}, {@code write} or {@code admin}
   * @since 0.1
   */
  record AccessChanged(String doc, String access) implements ServerMessage {}

  /**
   * {@code error}: a refusal.
   *
   * @param code why, as a stable code
   * @param message a human-readable explanation, naming the argument or limit
   * @param doc the document of the message it answers, or null when that had none (or not a
   *     well-formed one)
   * @param seq the {@code seq} of the submit it answers, or null
   */
  record Error(ErrorCode code, String message, @Nullable String doc, @Nullable Long seq) implements ServerMessage {}

  /**
   * {@code threads} (an extension): every comment thread of a document, sent right after the reply
   * to a {@code join} when the document has any (none sent: it has none).
   *
   * @param doc the document's id
   * @param version the version the anchors are at: the version of the join's reply
   * @param threads the threads, in the order they were opened
   * @since 0.1
   */
  record Threads(String doc, long version, List<dev.collab.comments.CommentThread> threads) implements ServerMessage {}

  /**
   * {@code thread} (an extension): a comment thread was opened or changed, or deleted ({@code
   * deleted: true} with its id only). Sent to every client joined to the document, the one that
   * made the change included, in order with the document's ops.
   *
   * @param doc the document's id
   * @param version the version the anchor is at: the last op the client was sent for the document
   * @param thread the thread as it is now
   * @since 0.1
   */
  record ThreadChanged(String doc, long version, dev.collab.comments.CommentThread thread) implements ServerMessage {}

  /**
   * {@code thread} with {@code deleted: true} (an extension): a thread was deleted.
   *
   * @param doc the document's id
   * @param version the document's version when it was deleted
   * @param thread the thread's id
   * @since 0.1
   */
  record ThreadDeleted(String doc, long version, String thread) implements ServerMessage {}

  /**
   * {@code commented} (an extension): the {@code comment} message with this {@code seq} is done
   * and durable.
   *
   * @param doc the document's id
   * @param seq the {@code seq} of the {@code comment} message
   * @param thread the thread's id
   * @since 0.1
   */
  record Commented(String doc, long seq, String thread) implements ServerMessage {}

  /** {@code pong}: the answer to {@code ping}. */
  record Pong() implements ServerMessage {}
}
