package dev.collab.protocol;

import dev.collab.ErrorCode;
import dev.collab.Ids;
import dev.collab.internal.json.BoundedJson;
import dev.collab.ot.InvalidOpException;
import dev.collab.ot.JsonLimits;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Encodes and decodes {@code collab.v1} frames. A frame holds one message object or an array of
 * them. Decoding is bounded by {@link JsonLimits} and never throws for bad client input: each
 * message of a frame decodes to a message or to the {@code error} that answers it (with the
 * message's {@code doc} and {@code seq} when it had readable ones). Unknown fields are ignored, so
 * later protocol additions do not break older peers. Encoded frames write lone surrogates as
 * {@code \\uXXXX} escapes (a UTF-8 WebSocket frame cannot carry them raw), as JavaScript's
 * {@code JSON.stringify} does.
 *
 * <p>Stateless and thread-safe.
 */
public final class ProtocolCodec {
  /** The protocol version this codec speaks. */
  public static final int PROTOCOL = 1;

  private ProtocolCodec() {}

  /**
   * A decoded message, or the error that answers it. Exactly one of the two is set.
   *
   * @param <M> the kind of message decoded
   * @param message the message, or null when it could not be decoded
   * @param error the {@code error} to send back when it could not be decoded (usually {@code
   *     bad-message}, {@code too-large} for input over a limit), or null when it was
   */
  public record Decoded<M>(@Nullable M message, ServerMessage.@Nullable Error error) {
    static <M> Decoded<M> ok(M message) {
      return new Decoded<>(message, null);
    }

    static <M> Decoded<M> bad(String message, @Nullable String doc, @Nullable Long seq) {
      return new Decoded<>(null, new ServerMessage.Error(ErrorCode.BAD_MESSAGE, message, doc, seq));
    }
  }

  // ------------------------------------------------------------------ client -> server

  /**
   * Decodes a client frame; an unreadable frame is one {@code bad-message} error. Never throws for
   * bad input.
   *
   * @param frame the text of a WebSocket frame: one message object or an array of them
   * @param limits the bounds on the frame's JSON (depth, length, string length)
   * @return one entry per message of the frame, in order; a single {@code bad-message} (or {@code
   *     too-large}) error when the frame is not JSON or breaks {@code limits}
   */
  public static List<Decoded<ClientMessage>> decodeClientFrame(String frame, JsonLimits limits) {
    JsonValue json;
    try {
      json = BoundedJson.read(frame, limits);
    } catch (InvalidOpException e) {
      ErrorCode code = e.code() == ErrorCode.TOO_LARGE ? ErrorCode.TOO_LARGE : ErrorCode.BAD_MESSAGE;
      return List.of(new Decoded<>(null, new ServerMessage.Error(code, e.getMessage(), null, null)));
    }
    if (json instanceof JsonArray) {
      List<Decoded<ClientMessage>> messages = new ArrayList<>();
      for (JsonValue element : (JsonArray) json) {
        messages.add(decodeClient(element));
      }
      return messages;
    }
    return List.of(decodeClient(json));
  }

  /**
   * Decodes one client message object. Never throws for bad input.
   *
   * @param json a message of a frame already read within limits
   * @return the message, or the {@code bad-message} error answering it (with its {@code doc} and
   *     {@code seq} when they were readable)
   */
  public static Decoded<ClientMessage> decodeClient(JsonValue json) {
    if (!(json instanceof JsonObject)) {
      return Decoded.bad("a message must be a JSON object, was " + json.getValueType(), null, null);
    }
    JsonObject m = (JsonObject) json;
    String doc = m.get("doc") instanceof JsonString ? ((JsonObject) json).getString("doc") : null;
    Long seq = integer(m.get("seq"));
    Object t = string(m, "t");
    if (t == null) {
      return Decoded.bad("missing 't' (the message type)", safe(doc), seq);
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
          return Decoded.ok(new ClientMessage.Hello((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, protocol)), client));
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
          return Decoded.ok(new ClientMessage.Join(id, from));
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
          return Decoded.ok(new ClientMessage.Submit(id, base, seq, op));
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
          return Decoded.ok(new ClientMessage.Presence(id, range, meta instanceof JsonObject ? (JsonObject) meta : null));
        }
        case "leave":
          return Decoded.ok(new ClientMessage.Leave(requireDoc(doc)));
        case "ping":
          return Decoded.ok(new ClientMessage.Ping());
        default:
          throw new Bad("unknown message type '" + shorten((String) t) + "'");
      }
    } catch (Bad e) {
      return Decoded.bad(e.getMessage(), safe(doc), seq);
    }
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

  /**
   * Encodes a client message (for the Java client and test tools).
   *
   * @param message the message to send; not checked against the server's limits
   * @return the message as one JSON object, lone surrogates escaped
   */
  public static String encode(ClientMessage message) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = BoundedJson.PROVIDER.createGenerator(out)) {
      g.writeStartObject();
      if (message instanceof ClientMessage.Hello) {
        ClientMessage.Hello h = (ClientMessage.Hello) message;
        g.write("t", "hello").write("protocol", h.protocol()).write("client", h.client());
      } else if (message instanceof ClientMessage.Join) {
        ClientMessage.Join j = (ClientMessage.Join) message;
        g.write("t", "join").write("doc", j.doc());
        if (j.from() != null) {
          g.write("from", j.from());
        }
      } else if (message instanceof ClientMessage.Submit) {
        ClientMessage.Submit s = (ClientMessage.Submit) message;
        g.write("t", "submit").write("doc", s.doc()).write("base", s.base()).write("seq", s.seq()).write("op", s.op());
      } else if (message instanceof ClientMessage.Presence) {
        ClientMessage.Presence p = (ClientMessage.Presence) message;
        g.write("t", "presence").write("doc", p.doc()).write("range", p.range());
        if (p.meta() != null) {
          g.write("meta", p.meta());
        }
      } else if (message instanceof ClientMessage.Leave) {
        g.write("t", "leave").write("doc", ((ClientMessage.Leave) message).doc());
      } else {
        g.write("t", "ping");
      }
      g.writeEnd();
    }
    return BoundedJson.escapeLoneSurrogates(out.toString());
  }

  // ------------------------------------------------------------------ server -> client

  /**
   * Encodes one server message as a frame.
   *
   * @param message the message to send
   * @return the message as one JSON object, lone surrogates escaped
   */
  public static String encode(ServerMessage message) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = BoundedJson.PROVIDER.createGenerator(out)) {
      write(g, message);
    }
    return BoundedJson.escapeLoneSurrogates(out.toString());
  }

  /**
   * Encodes several server messages as one array frame (one message: a plain object frame).
   *
   * @param messages one or more messages, in the order the client must read them
   * @return a JSON array of the messages, or the single message's object
   */
  public static String encodeFrame(List<ServerMessage> messages) {
    if (messages.size() == 1) {
      return encode(messages.get(0));
    }
    StringWriter out = new StringWriter();
    try (JsonGenerator g = BoundedJson.PROVIDER.createGenerator(out)) {
      g.writeStartArray();
      for (ServerMessage message : messages) {
        write(g, message);
      }
      g.writeEnd();
    }
    return BoundedJson.escapeLoneSurrogates(out.toString());
  }

  /**
   * Joins already-encoded message objects into one array frame, without parsing them.
   *
   * @param encodedMessages one or more message objects, each as {@link #encode(ServerMessage)} or
   *     {@link #encodeOp} produced it
   * @return a JSON array of them, or the single one unchanged
   */
  public static String joinFrames(List<String> encodedMessages) {
    if (encodedMessages.size() == 1) {
      return encodedMessages.get(0);
    }
    StringBuilder frame = new StringBuilder(encodedMessages.size() * 64);
    frame.append('[');
    for (int i = 0; i < encodedMessages.size(); i++) {
      if (i > 0) {
        frame.append(',');
      }
      frame.append(encodedMessages.get(i));
    }
    return frame.append(']').toString();
  }

  /**
   * An {@code op} message whose op is already JSON text (as stored), spliced in without parsing:
   * the server encodes a committed op once and sends the same text to every recipient.
   * {@code rawOp} must be well-formed JSON produced by this server.
   *
   * @param doc the document's id
   * @param version the op's version
   * @param rawOp the op's JSON text, spliced in as it is
   * @param client the id of the submitting client
   * @param seq that client's number for the submit
   * @param user the op's author
   * @return the {@code op} message as one JSON object, lone surrogates escaped
   */
  public static String encodeOp(String doc, long version, String rawOp, String client, long seq, ServerMessage.WireUser user) {
    StringBuilder frame = new StringBuilder(rawOp.length() + 160);
    frame.append("{\"t\":\"op\",\"doc\":").append(quote(doc))
        .append(",\"version\":").append(version)
        .append(",\"op\":").append(rawOp)
        .append(",\"client\":").append(quote(client))
        .append(",\"seq\":").append(seq)
        .append(",\"user\":{\"id\":").append(quote(user.id())).append(",\"name\":").append(quote(user.name()))
        .append("}}");
    return BoundedJson.escapeLoneSurrogates(frame.toString());
  }

  /** A JSON string literal, escaped. */
  private static String quote(String value) {
    return BoundedJson.PROVIDER.createValue(value).toString();
  }

  private static void write(JsonGenerator g, ServerMessage message) {
    g.writeStartObject();
    if (message instanceof ServerMessage.Welcome) {
      ServerMessage.Welcome w = (ServerMessage.Welcome) message;
      ServerMessage.Limits l = w.limits();
      g.write("t", "welcome").write("protocol", w.protocol());
      user(g, "user", w.user());
      g.writeStartObject("limits")
          .write("maxMessageBytes", l.maxMessageBytes())
          .write("maxOpLength", l.maxOpLength())
          .write("maxDocumentLength", l.maxDocumentLength())
          .write("maxMessagesPerSecond", l.maxMessagesPerSecond())
          .write("maxJsonDepth", l.maxJsonDepth())
          .write("presenceIntervalMs", l.presenceIntervalMs())
          .writeEnd();
    } else if (message instanceof ServerMessage.Snapshot) {
      ServerMessage.Snapshot s = (ServerMessage.Snapshot) message;
      g.write("t", "snapshot").write("doc", s.doc()).write("version", s.version()).write("type", s.type())
          .write("data", s.data()).write("access", s.access());
    } else if (message instanceof ServerMessage.Ops) {
      ServerMessage.Ops o = (ServerMessage.Ops) message;
      g.write("t", "ops").write("doc", o.doc()).writeStartArray("ops");
      for (ServerMessage.Entry e : o.ops()) {
        g.writeStartObject().write("version", e.version()).write("op", e.op()).write("client", e.client())
            .write("seq", e.seq());
        user(g, "user", e.user());
        g.writeEnd();
      }
      g.writeEnd().write("type", o.type()).write("access", o.access());
    } else if (message instanceof ServerMessage.Op) {
      ServerMessage.Op o = (ServerMessage.Op) message;
      g.write("t", "op").write("doc", o.doc()).write("version", o.version()).write("op", o.op())
          .write("client", o.client()).write("seq", o.seq());
      user(g, "user", o.user());
    } else if (message instanceof ServerMessage.Ack) {
      ServerMessage.Ack a = (ServerMessage.Ack) message;
      g.write("t", "ack").write("doc", a.doc()).write("seq", a.seq()).write("version", a.version());
    } else if (message instanceof ServerMessage.Presence) {
      ServerMessage.Presence p = (ServerMessage.Presence) message;
      g.write("t", "presence").write("doc", p.doc()).write("client", p.client());
      user(g, "user", p.user());
      g.write("range", p.range());
      if (p.meta() != null) {
        g.write("meta", p.meta());
      }
    } else if (message instanceof ServerMessage.PresenceGone) {
      ServerMessage.PresenceGone p = (ServerMessage.PresenceGone) message;
      g.write("t", "presence").write("doc", p.doc()).write("client", p.client());
      user(g, "user", p.user());
      g.write("gone", true);
    } else if (message instanceof ServerMessage.Left) {
      g.write("t", "left").write("doc", ((ServerMessage.Left) message).doc());
    } else if (message instanceof ServerMessage.Error) {
      ServerMessage.Error e = (ServerMessage.Error) message;
      g.write("t", "error").write("code", e.code().wire()).write("message", e.message());
      if (e.doc() != null) {
        g.write("doc", e.doc());
      }
      if (e.seq() != null) {
        g.write("seq", e.seq());
      }
    } else {
      g.write("t", "pong");
    }
    g.writeEnd();
  }

  private static void user(JsonGenerator g, String name, ServerMessage.WireUser user) {
    g.writeStartObject(name).write("id", user.id()).write("name", user.name()).writeEnd();
  }

  /**
   * Decodes a server frame (for the Java client). Server frames are trusted to be well-formed; a
   * malformed one is a protocol failure. An {@code error} with a code this version does not know
   * decodes as {@link dev.collab.ErrorCode#INTERNAL}.
   *
   * @param frame the text of a WebSocket frame from the server
   * @param limits the bounds on the frame's JSON
   * @return the frame's messages, in order
   * @throws InvalidOpException when the frame is not JSON or breaks {@code limits}
   * @throws IllegalArgumentException naming an unknown message type
   * @throws RuntimeException from Jakarta JSON Processing (a {@link NullPointerException}, {@link
   *     ClassCastException} or {@link ArithmeticException}) when a field is missing or mistyped
   */
  public static List<ServerMessage> decodeServerFrame(String frame, JsonLimits limits) {
    JsonValue json = BoundedJson.read(frame, limits);
    List<ServerMessage> messages = new ArrayList<>();
    if (json instanceof JsonArray) {
      for (JsonValue element : (JsonArray) json) {
        messages.add(decodeServer(element.asJsonObject()));
      }
    } else {
      messages.add(decodeServer(json.asJsonObject()));
    }
    return messages;
  }

  private static ServerMessage decodeServer(JsonObject m) {
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
