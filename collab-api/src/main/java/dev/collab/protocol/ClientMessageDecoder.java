package dev.collab.protocol;

import dev.collab.Ids;
import dev.collab.comments.Comment;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import org.jspecify.annotations.Nullable;

/**
 * Decodes one client message object for {@link ProtocolCodec#decodeClient}: checks each message
 * type's fields and turns anything malformed into the {@code bad-message} error that answers it,
 * never an exception. Untrusted input, so every field is checked; the checks of the server's
 * messages ({@link ServerMessageDecoder}) are much lighter.
 */
final class ClientMessageDecoder {
  private ClientMessageDecoder() {}

  static ProtocolCodec.Decoded<ClientMessage> decode(JsonValue json) {
    if (!(json instanceof JsonObject)) {
      return ProtocolCodec.Decoded.bad("a message must be a JSON object, was " + json.getValueType(), null, null);
    }
    JsonObject m = (JsonObject) json;
    String doc = m.get("doc") instanceof JsonString ? ((JsonObject) json).getString("doc") : null;
    Long seq = integer(m.get("seq"));
    Object t = string(m, "t");
    if (t == null) {
      return ProtocolCodec.Decoded.bad("missing 't' (the message type)", safe(doc), seq);
    }
    try {
      switch ((String) t) {
        case "hello": {
          Long protocol = integer(m.get("protocol"));
          String client = string(m, "client");
          if (protocol == null) {
            throw new Bad("hello needs 'protocol', an integer");
          }
          if (client == null || !Ids.isClientId(client)) {
            throw new Bad("hello needs 'client': 1 to 64 letters, digits, '-', '_'");
          }
          return ProtocolCodec.Decoded.ok(new ClientMessage.Hello((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, protocol)), client));
        }
        case "join": {
          String id = requireDoc(doc);
          JsonValue fromValue = m.get("from");
          Long from = null;
          if (fromValue != null && fromValue != JsonValue.NULL) {
            from = integer(fromValue);
            if (from == null || from < 0) {
              throw new Bad("join 'from' must be a version, an integer of 0 or more");
            }
          }
          return ProtocolCodec.Decoded.ok(new ClientMessage.Join(id, from));
        }
        case "submit": {
          String id = requireDoc(doc);
          Long base = integer(m.get("base"));
          if (base == null || base < 0) {
            throw new Bad("submit 'base' must be a version, an integer of 0 or more");
          }
          if (seq == null || seq < 1) {
            throw new Bad("submit 'seq' must be a positive integer");
          }
          JsonValue op = m.get("op");
          if (op == null || op == JsonValue.NULL) {
            throw new Bad("submit needs 'op'");
          }
          if (!(op instanceof JsonStructure)) {
            // a mistyped field is a malformed message; what is inside an op array is the type's to judge
            throw new Bad("submit 'op' must be an array of operations (or {\"ops\": [...]}), was " + op.getValueType());
          }
          return ProtocolCodec.Decoded.ok(new ClientMessage.Submit(id, base, seq, op));
        }
        case "presence": {
          String id = requireDoc(doc);
          JsonValue range = m.get("range");
          if (range == null) {
            throw new Bad("presence needs 'range': {index, length} or null");
          }
          if (range != JsonValue.NULL && !isRange(range)) {
            throw new Bad("presence 'range' must be {index, length} with integers of 0 or more, or null");
          }
          JsonValue meta = m.get("meta");
          if (meta != null && meta != JsonValue.NULL && !(meta instanceof JsonObject)) {
            throw new Bad("presence 'meta' must be an object");
          }
          return ProtocolCodec.Decoded.ok(new ClientMessage.Presence(id, range, meta instanceof JsonObject ? (JsonObject) meta : null));
        }
        case "leave":
          return ProtocolCodec.Decoded.ok(new ClientMessage.Leave(requireDoc(doc)));
        case "ping":
          return ProtocolCodec.Decoded.ok(new ClientMessage.Ping());
        case "comment":
          return ProtocolCodec.Decoded.ok(comment(requireDoc(doc), seq, m));
        default:
          throw new Bad("unknown message type '" + shorten((String) t) + "'");
      }
    } catch (Bad e) {
      return ProtocolCodec.Decoded.bad(e.getMessage(), safe(doc), seq);
    }
  }

  private static ClientMessage.Comment comment(String doc, @Nullable Long seq, JsonObject m) {
    if (seq == null || seq < 1) {
      throw new Bad("comment 'seq' must be a positive integer");
    }
    String actionName = string(m, "action");
    ClientMessage.CommentAction action = null;
    for (ClientMessage.CommentAction a : ClientMessage.CommentAction.values()) {
      if (a.wire().equals(actionName)) {
        action = a;
      }
    }
    if (action == null) {
      throw new Bad("comment 'action' must be one of create, reply, edit, delete, resolve, reopen");
    }
    String thread = string(m, "thread");
    if (!Comment.isId(thread)) {
      throw new Bad("comment 'thread' must be 1 to 64 letters, digits, '-', '_'");
    }
    boolean withComment = action != ClientMessage.CommentAction.RESOLVE && action != ClientMessage.CommentAction.REOPEN;
    String comment = string(m, "comment");
    if (withComment && !Comment.isId(comment)) {
      throw new Bad("comment " + action.wire() + " needs 'comment': 1 to 64 letters, digits, '-', '_'");
    }
    boolean withText = action == ClientMessage.CommentAction.CREATE || action == ClientMessage.CommentAction.REPLY
        || action == ClientMessage.CommentAction.EDIT;
    String text = string(m, "text");
    if (withText && text == null) {
      throw new Bad("comment " + action.wire() + " needs 'text', a string");
    }
    Long base = null;
    Integer index = null;
    Integer length = null;
    if (action == ClientMessage.CommentAction.CREATE) {
      base = integer(m.get("base"));
      if (base == null || base < 0) {
        throw new Bad("comment create 'base' must be a version, an integer of 0 or more");
      }
      JsonValue range = m.get("range");
      Long i = range instanceof JsonObject ? integer(((JsonObject) range).get("index")) : null;
      Long n = range instanceof JsonObject ? integer(((JsonObject) range).get("length")) : null;
      if (i == null || n == null || i < 0 || n < 1 || i > Integer.MAX_VALUE || n > Integer.MAX_VALUE - i) {
        throw new Bad("comment create 'range' must be {index, length} with index 0 or more and length 1 or more");
      }
      index = i.intValue();
      length = n.intValue();
    }
    return new ClientMessage.Comment(doc, seq, action, thread, withComment ? comment : null, base, index, length,
        withText ? text : null);
  }

  private static boolean isRange(JsonValue range) {
    if (!(range instanceof JsonObject)) {
      return false;
    }
    Long index = integer(((JsonObject) range).get("index"));
    Long length = integer(((JsonObject) range).get("length"));
    return index != null && index >= 0 && length != null && length >= 0;
  }

  private static String requireDoc(@Nullable String doc) {
    if (doc == null) {
      throw new Bad("missing 'doc'");
    }
    if (!Ids.isDocumentId(doc)) {
      throw new Bad("'doc' must be 1 to 128 letters, digits, '-', '_', '.', not only dots");
    }
    return doc;
  }

  /** The doc id to echo in an error: only a well-formed one (so an error never reflects junk). */
  private static @Nullable String safe(@Nullable String doc) {
    return doc != null && Ids.isDocumentId(doc) ? doc : null;
  }

  private static @Nullable String string(JsonObject m, String key) {
    JsonValue value = m.get(key);
    return value instanceof JsonString ? ((JsonString) value).getString() : null;
  }

  private static @Nullable Long integer(@Nullable JsonValue value) {
    if (!(value instanceof JsonNumber) || !((JsonNumber) value).isIntegral()) {
      return null;
    }
    try {
      return ((JsonNumber) value).longValueExact();
    } catch (ArithmeticException e) {
      return null;
    }
  }

  private static String shorten(String value) {
    String cut = value.length() > 32 ? value.substring(0, 32) + "..." : value;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }

  /** A malformed message; internal to decoding. */
  private static final class Bad extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Bad(String message) {
      super(message, null, false, false);
    }
  }
}
