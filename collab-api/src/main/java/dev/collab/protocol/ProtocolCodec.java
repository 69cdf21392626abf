package dev.collab.protocol;

import dev.collab.ErrorCode;
import dev.collab.internal.json.BoundedJson;
import dev.collab.ot.InvalidOpException;
import dev.collab.ot.JsonLimits;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
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
    return ClientMessageDecoder.decode(json);
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
      } else if (message instanceof ClientMessage.Comment) {
        writeComment(g, (ClientMessage.Comment) message);
      } else {
        g.write("t", "ping");
      }
      g.writeEnd();
    }
    return BoundedJson.escapeLoneSurrogates(out.toString());
  }

  private static void writeComment(JsonGenerator g, ClientMessage.Comment c) {
    g.write("t", "comment").write("doc", c.doc()).write("seq", c.seq()).write("action", c.action().wire())
        .write("thread", c.thread());
    if (c.comment() != null) {
      g.write("comment", c.comment());
    }
    if (c.base() != null && c.index() != null && c.length() != null) {
      g.write("base", c.base()).writeStartObject("range").write("index", c.index()).write("length", c.length()).writeEnd();
    }
    if (c.text() != null) {
      g.write("text", c.text());
    }
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
      ServerMessageWriter.write(g, message);
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
        ServerMessageWriter.write(g, message);
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
        messages.add(ServerMessageDecoder.decode(element.asJsonObject()));
      }
    } else {
      messages.add(ServerMessageDecoder.decode(json.asJsonObject()));
    }
    return messages;
  }
}
