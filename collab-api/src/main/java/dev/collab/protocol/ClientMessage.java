package dev.collab.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jspecify.annotations.Nullable;

/**
 * A message from a client to the server, as {@link ProtocolCodec} decodes it: well-formed (ids in
 * their alphabets, numbers in range), not yet checked against any document.
 */
public sealed interface ClientMessage {

  /**
   * {@code hello}: must be first; answered with {@code welcome}.
   *
   * @param protocol the protocol version the client speaks; the server speaks 1
   * @param client the client's id, stable across reconnects of one tab (letters, digits, {@code - _};
   *     at most 64)
   */
  record Hello(int protocol, String client) implements ClientMessage {}

  /**
   * {@code join}: subscribes to a document; answered with {@code snapshot} or {@code ops}.
   *
   * @param doc the document's id
   * @param from the last version the client has, to receive the ops after it; null to receive a
   *     snapshot at the head
   */
  record Join(String doc, @Nullable Long from) implements ClientMessage {}

  /**
   * {@code submit}: an op for the server to commit; answered with {@code ack} or {@code error}.
   *
   * @param doc the document's id
   * @param base the version the op was made on, 0 or more
   * @param seq the client's number for the submit, from 1, increasing by 1 with each new submit
   * @param op the op in the document type's JSON form (a Delta's {@code ops} array), not yet checked
   */
  record Submit(String doc, long base, long seq, JsonValue op) implements ClientMessage {}

  /**
   * {@code presence}: the client's cursor, relayed to the document's other clients; not answered.
   *
   * @param doc the document's id
   * @param range JSON null (no cursor) or {@code {index, length}} in UTF-16 code units
   * @param meta application data relayed as it is (a name colour, say), or null
   */
  record Presence(String doc, JsonValue range, @Nullable JsonObject meta) implements ClientMessage {}

  /**
   * {@code leave}: unsubscribes from a document; answered with {@code left}.
   *
   * @param doc the document's id
   */
  record Leave(String doc) implements ClientMessage {}

  /** {@code ping}: answered with {@code pong}; keeps the connection alive. */
  record Ping() implements ClientMessage {}

  /** What a {@code comment} message asks for. */
  enum CommentAction {
    /** Open a thread: {@code thread}, {@code comment} (new ids), {@code base}, {@code range}, {@code text}. */
    CREATE,
    /** Reply: {@code thread}, {@code comment} (a new id), {@code text}. */
    REPLY,
    /** Change one's own comment: {@code thread}, {@code comment}, {@code text}. */
    EDIT,
    /** Delete a comment (the first one: the thread): {@code thread}, {@code comment}. */
    DELETE,
    /** Mark the thread resolved: {@code thread}. */
    RESOLVE,
    /** Open a resolved thread again: {@code thread}. */
    REOPEN;

    /**
     * The action's name on the wire.
     *
     * @return the lower-case name, e.g. {@code create}
     */
    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * {@code comment} (an extension): a change of a comment thread; answered with {@code commented}
   * once the change is durable (after the {@code thread} message that shows it), or {@code error}
   * with {@code doc} and {@code seq}. Ids are the client's, so a command sent again after a
   * reconnect is recognised: opening a thread or replying with an id that exists already, by the
   * same user, is answered {@code commented} without a second copy.
   *
   * @param doc the document's id
   * @param seq the client's number for the message, from the same sequence as {@code submit}'s
   * @param action what to do
   * @param thread the thread's id (a new one for {@link CommentAction#CREATE})
   * @param comment the comment's id: new for create and reply, existing for edit and delete; null
   *     for resolve and reopen
   * @param base for create: the version the range was taken at; else null
   * @param index for create: the range's first UTF-16 unit at {@code base}; else null
   * @param length for create: the range's length, 1 or more; else null
   * @param text for create, reply and edit: the comment's text; else null
   */
  record Comment(String doc, long seq, CommentAction action, String thread, @Nullable String comment,
      @Nullable Long base, @Nullable Integer index, @Nullable Integer length, @Nullable String text) implements ClientMessage {}
}
