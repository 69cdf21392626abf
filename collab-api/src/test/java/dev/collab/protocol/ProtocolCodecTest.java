package dev.collab.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.ErrorCode;
import dev.collab.internal.json.BoundedJson;
import dev.collab.ot.JsonLimits;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProtocolCodecTest {
  static final JsonLimits LIMITS = JsonLimits.DEFAULT;

  @Test
  @DisplayName("every client message encodes and decodes back equal")
  void clientRoundTrip() {
    List<ClientMessage> messages = List.of(
        new ClientMessage.Hello(1, "tab-1"),
        new ClientMessage.Join("doc.1", null),
        new ClientMessage.Join("doc.1", 42L),
        new ClientMessage.Submit("doc.1", 3, 7, BoundedJson.read("[{\"retain\":2},{\"insert\":\"x\"}]", LIMITS)),
        new ClientMessage.Presence("doc.1", BoundedJson.read("{\"index\":1,\"length\":0}", LIMITS),
            BoundedJson.read("{\"color\":\"red\"}", LIMITS).asJsonObject()),
        new ClientMessage.Presence("doc.1", jakarta.json.JsonValue.NULL, null),
        new ClientMessage.Leave("doc.1"),
        new ClientMessage.Comment("doc.1", 8, ClientMessage.CommentAction.CREATE, "t-1", "c-1", 3L, 4, 5, "Why \"this\"? \uD83D\uDE00"),
        new ClientMessage.Comment("doc.1", 9, ClientMessage.CommentAction.REPLY, "t-1", "c-2", null, null, null, "yes"),
        new ClientMessage.Comment("doc.1", 10, ClientMessage.CommentAction.EDIT, "t-1", "c-2", null, null, null, "no"),
        new ClientMessage.Comment("doc.1", 11, ClientMessage.CommentAction.DELETE, "t-1", "c-2", null, null, null, null),
        new ClientMessage.Comment("doc.1", 12, ClientMessage.CommentAction.RESOLVE, "t-1", null, null, null, null, null),
        new ClientMessage.Comment("doc.1", 13, ClientMessage.CommentAction.REOPEN, "t-1", null, null, null, null, null),
        new ClientMessage.Ping());
    for (ClientMessage message : messages) {
      List<ProtocolCodec.Decoded<ClientMessage>> decoded = ProtocolCodec.decodeClientFrame(ProtocolCodec.encode(message), LIMITS);
      assertThat(decoded).hasSize(1);
      assertThat(decoded.get(0).message()).as(message.toString()).isEqualTo(message);
    }
  }

  @Test
  @DisplayName("every server message encodes and decodes back equal, alone and in an array frame")
  void serverRoundTrip() {
    ServerMessage.WireUser ann = new ServerMessage.WireUser("ann", "Ann \"the\" <Editor>");
    List<ServerMessage> messages = List.of(
        new ServerMessage.Welcome(1, ann, new ServerMessage.Limits(1 << 20, 100_000, 10_000_000, 100, 16, 50)),
        new ServerMessage.Snapshot("d", 3, "rich-text", BoundedJson.read("[{\"insert\":\"hi\\n\"}]", LIMITS), "write"),
        new ServerMessage.Ops("d", List.of(new ServerMessage.Entry(4, BoundedJson.read("[{\"insert\":\"a\"}]", LIMITS), "c", 9, ann)), "rich-text", "read"),
        new ServerMessage.Op("d", 5, BoundedJson.read("[{\"delete\":1}]", LIMITS), "c", 10, ann),
        new ServerMessage.Ack("d", 10, 5),
        new ServerMessage.Presence("d", "c", ann, BoundedJson.read("{\"index\":0,\"length\":3}", LIMITS), null),
        new ServerMessage.PresenceGone("d", "c", ann),
        new ServerMessage.Left("d"),
        new ServerMessage.AccessChanged("d", "read"),
        new ServerMessage.Error(ErrorCode.INVALID_OP, "op 0: bad", "d", 10L),
        new ServerMessage.Error(ErrorCode.BAD_MESSAGE, "not JSON", null, null),
        new ServerMessage.Threads("d", 7, List.of(thread(false), thread(true))),
        new ServerMessage.ThreadChanged("d", 7, thread(true)),
        new ServerMessage.ThreadDeleted("d", 7, "t-9"),
        new ServerMessage.Commented("d", 12, "t-9"),
        new ServerMessage.Pong());
    for (ServerMessage message : messages) {
      assertThat(ProtocolCodec.decodeServerFrame(ProtocolCodec.encode(message), LIMITS)).containsExactly(message);
    }
    assertThat(ProtocolCodec.decodeServerFrame(ProtocolCodec.encodeFrame(messages), LIMITS)).isEqualTo(messages);
    List<String> encoded = messages.stream().map(ProtocolCodec::encode).toList();
    assertThat(ProtocolCodec.decodeServerFrame(ProtocolCodec.joinFrames(encoded), LIMITS)).isEqualTo(messages);
  }

  private static dev.collab.comments.CommentThread thread(boolean resolved) {
    java.time.Instant t = java.time.Instant.parse("2026-12-07T10:00:00Z");
    return new dev.collab.comments.CommentThread("d", resolved ? "t-2" : "t-1",
        resolved ? new dev.collab.comments.Anchor(3, 0, 7, true) : new dev.collab.comments.Anchor(1, 4, 7, false),
        List.of(new dev.collab.comments.Comment("c-1", "ann", "Ann <b>", "a <script> \"x\"", t, null),
            new dev.collab.comments.Comment("c-2", "bob", "Bob", "ok", t, t.plusSeconds(5))),
        resolved, resolved ? "bob" : null, resolved ? t.plusSeconds(9) : null, 3);
  }

  static Stream<Arguments> badMessages() {
    return Stream.of(
        Arguments.of("not JSON", "{\"t\":", ErrorCode.BAD_MESSAGE, null, null, "invalid JSON"),
        Arguments.of("not an object", "42", ErrorCode.BAD_MESSAGE, null, null, "JSON object"),
        Arguments.of("no type", "{\"doc\":\"d\"}", ErrorCode.BAD_MESSAGE, "d", null, "'t'"),
        Arguments.of("unknown type", "{\"t\":\"dance\"}", ErrorCode.BAD_MESSAGE, null, null, "unknown message type 'dance'"),
        Arguments.of("hello without client", "{\"t\":\"hello\",\"protocol\":1}", ErrorCode.BAD_MESSAGE, null, null, "client"),
        Arguments.of("hello with a bad client id", "{\"t\":\"hello\",\"protocol\":1,\"client\":\"a b\"}", ErrorCode.BAD_MESSAGE, null, null, "client"),
        Arguments.of("join without doc", "{\"t\":\"join\"}", ErrorCode.BAD_MESSAGE, null, null, "'doc'"),
        Arguments.of("join of a bad doc id (not echoed)", "{\"t\":\"join\",\"doc\":\"<script>\"}", ErrorCode.BAD_MESSAGE, null, null, "'doc'"),
        Arguments.of("join from a negative version", "{\"t\":\"join\",\"doc\":\"d\",\"from\":-1}", ErrorCode.BAD_MESSAGE, "d", null, "from"),
        Arguments.of("submit with a negative seq", "{\"t\":\"submit\",\"doc\":\"d\",\"base\":0,\"seq\":-3,\"op\":[]}", ErrorCode.BAD_MESSAGE, "d", -3L, "seq"),
        Arguments.of("submit with base as a string", "{\"t\":\"submit\",\"doc\":\"d\",\"base\":\"0\",\"seq\":1,\"op\":[]}", ErrorCode.BAD_MESSAGE, "d", 1L, "base"),
        Arguments.of("submit without op", "{\"t\":\"submit\",\"doc\":\"d\",\"base\":0,\"seq\":1}", ErrorCode.BAD_MESSAGE, "d", 1L, "op"),
        Arguments.of("presence with a bad range", "{\"t\":\"presence\",\"doc\":\"d\",\"range\":{\"index\":-1,\"length\":0}}", ErrorCode.BAD_MESSAGE, "d", null, "range"),
        Arguments.of("comment with an unknown action", "{\"t\":\"comment\",\"doc\":\"d\",\"seq\":4,\"action\":\"burn\",\"thread\":\"t\"}", ErrorCode.BAD_MESSAGE, "d", 4L, "action"),
        Arguments.of("comment without seq", "{\"t\":\"comment\",\"doc\":\"d\",\"action\":\"resolve\",\"thread\":\"t\"}", ErrorCode.BAD_MESSAGE, "d", null, "seq"),
        Arguments.of("comment with a bad thread id", "{\"t\":\"comment\",\"doc\":\"d\",\"seq\":4,\"action\":\"resolve\",\"thread\":\"a b\"}", ErrorCode.BAD_MESSAGE, "d", 4L, "thread"),
        Arguments.of("comment reply without a comment id", "{\"t\":\"comment\",\"doc\":\"d\",\"seq\":4,\"action\":\"reply\",\"thread\":\"t\",\"text\":\"x\"}", ErrorCode.BAD_MESSAGE, "d", 4L, "comment"),
        Arguments.of("comment create with an empty range", "{\"t\":\"comment\",\"doc\":\"d\",\"seq\":4,\"action\":\"create\",\"thread\":\"t\",\"comment\":\"c\",\"base\":0,\"range\":{\"index\":0,\"length\":0},\"text\":\"x\"}", ErrorCode.BAD_MESSAGE, "d", 4L, "range"),
        Arguments.of("comment edit without text", "{\"t\":\"comment\",\"doc\":\"d\",\"seq\":4,\"action\":\"edit\",\"thread\":\"t\",\"comment\":\"c\"}", ErrorCode.BAD_MESSAGE, "d", 4L, "text"),
        Arguments.of("too deep", "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]", ErrorCode.BAD_MESSAGE, null, null, "deep"),
        Arguments.of("too large", "\"" + "x".repeat(1 << 20) + "\"", ErrorCode.TOO_LARGE, null, null, "limit"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badMessages")
  @DisplayName("bad client input decodes to the error that answers it")
  void badInput(String name, String frame, ErrorCode code, String doc, Long seq, String words) {
    List<ProtocolCodec.Decoded<ClientMessage>> decoded = ProtocolCodec.decodeClientFrame(frame, LIMITS);
    assertThat(decoded).hasSize(1);
    ServerMessage.Error error = decoded.get(0).error();
    assertThat(decoded.get(0).message()).isNull();
    assertThat(error).isNotNull();
    assertThat(error.code()).isEqualTo(code);
    assertThat(error.doc()).isEqualTo(doc);
    assertThat(error.seq()).isEqualTo(seq);
    assertThat(error.message()).contains(words);
  }

  @Test
  @DisplayName("an array frame decodes element by element: a bad element does not spoil the others")
  void arrayFrame() {
    List<ProtocolCodec.Decoded<ClientMessage>> decoded =
        ProtocolCodec.decodeClientFrame("[{\"t\":\"ping\"},{\"t\":\"nope\"},{\"t\":\"leave\",\"doc\":\"d\",\"extra\":1}]", LIMITS);
    assertThat(decoded).hasSize(3);
    assertThat(decoded.get(0).message()).isEqualTo(new ClientMessage.Ping());
    assertThat(decoded.get(1).error().code()).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(decoded.get(2).message()).isEqualTo(new ClientMessage.Leave("d"));
  }
}
