package dev.collab.protocol;

import dev.collab.ErrorCode;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decodes one server message object for {@link ProtocolCodec#decodeServerFrame} (the Java
 * client's side). Server messages are trusted to be well-formed, so a missing or mistyped field
 * fails with the exception Jakarta JSON Processing throws; an unknown {@code error} code decodes
 * as {@link ErrorCode#INTERNAL}.
 */
final class ServerMessageDecoder {
  private ServerMessageDecoder() {}

  static ServerMessage decode(JsonObject m) {
    String t = m.getString("t", "");
    switch (t) {
      case "welcome": {
        JsonObject l = m.getJsonObject("limits");
        return new ServerMessage.Welcome(m.getInt("protocol"), wireUser(m.getJsonObject("user")),
            new ServerMessage.Limits(l.getInt("maxMessageBytes"), l.getInt("maxOpLength"), l.getInt("maxDocumentLength"),
                l.getInt("maxMessagesPerSecond"), l.getInt("maxJsonDepth"), l.getInt("presenceIntervalMs")));
      }
      case "snapshot":
        return new ServerMessage.Snapshot(m.getString("doc"), m.getJsonNumber("version").longValueExact(),
            m.getString("type"), m.get("data"), m.getString("access"));
      case "ops": {
        List<ServerMessage.Entry> entries = new ArrayList<>();
        for (JsonValue value : m.getJsonArray("ops")) {
          JsonObject e = value.asJsonObject();
          entries.add(new ServerMessage.Entry(e.getJsonNumber("version").longValueExact(), e.get("op"),
              e.getString("client"), e.getJsonNumber("seq").longValueExact(), wireUser(e.getJsonObject("user"))));
        }
        return new ServerMessage.Ops(m.getString("doc"), entries, m.getString("type"), m.getString("access"));
      }
      case "op":
        return new ServerMessage.Op(m.getString("doc"), m.getJsonNumber("version").longValueExact(), m.get("op"),
            m.getString("client"), m.getJsonNumber("seq").longValueExact(), wireUser(m.getJsonObject("user")));
      case "ack":
        return new ServerMessage.Ack(m.getString("doc"), m.getJsonNumber("seq").longValueExact(),
            m.getJsonNumber("version").longValueExact());
      case "presence":
        if (m.getBoolean("gone", false)) {
          return new ServerMessage.PresenceGone(m.getString("doc"), m.getString("client"), wireUser(m.getJsonObject("user")));
        }
        JsonValue meta = m.get("meta");
        return new ServerMessage.Presence(m.getString("doc"), m.getString("client"), wireUser(m.getJsonObject("user")),
            m.get("range"), meta instanceof JsonObject ? (JsonObject) meta : null);
      case "left":
        return new ServerMessage.Left(m.getString("doc"));
      case "access":
        return new ServerMessage.AccessChanged(m.getString("doc"), m.getString("access"));
      case "error": {
        String code = m.getString("code");
        ErrorCode errorCode = ErrorCode.INTERNAL;
        for (ErrorCode c : ErrorCode.values()) {
          if (c.wire().equals(code)) {
            errorCode = c;
          }
        }
        JsonValue seq = m.get("seq");
        return new ServerMessage.Error(errorCode, m.getString("message", ""), m.getString("doc", null),
            seq instanceof JsonNumber ? ((JsonNumber) seq).longValueExact() : null);
      }
      case "threads": {
        String doc = m.getString("doc");
        long version = m.getJsonNumber("version").longValueExact();
        List<dev.collab.comments.CommentThread> threads = new ArrayList<>();
        for (JsonValue value : m.getJsonArray("threads")) {
          threads.add(CommentJson.decodeThread(doc, version, value.asJsonObject()));
        }
        return new ServerMessage.Threads(doc, version, threads);
      }
      case "thread": {
        String doc = m.getString("doc");
        long version = m.getJsonNumber("version").longValueExact();
        if (m.getBoolean("deleted", false)) {
          return new ServerMessage.ThreadDeleted(doc, version, m.getJsonObject("thread").getString("id"));
        }
        return new ServerMessage.ThreadChanged(doc, version, CommentJson.decodeThread(doc, version, m.getJsonObject("thread")));
      }
      case "commented":
        return new ServerMessage.Commented(m.getString("doc"), m.getJsonNumber("seq").longValueExact(), m.getString("thread"));
      case "pong":
        return new ServerMessage.Pong();
      default:
        throw new IllegalArgumentException("unknown server message type '" + t.toLowerCase(Locale.ROOT) + "'");
    }
  }

  private static ServerMessage.WireUser wireUser(JsonObject user) {
    return new ServerMessage.WireUser(user.getString("id"), user.getString("name"));
  }
}
