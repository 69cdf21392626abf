package dev.collab.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.collab.ErrorCode;
import dev.collab.protocol.ServerMessage;
import dev.collab.tck.ProtocolConformanceKit.Participant;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Part of {@link ProtocolConformanceKit}: bad input (issue #4's rows), the size limits and rate
 * limiting.
 *
 * <p>The kit's tests are spread over this chain of package-private superclasses, in the order of
 * {@code docs/PROTOCOL.md}; an implementer extends {@link ProtocolConformanceKit} alone, and JUnit
 * runs the inherited tests as its own.
 */
abstract class ProtocolKitBadInput extends ProtocolKitEditing {

  // ------------------------------------------------------------------ bad input (issue #4's rows)

  /** One row: what is sent, the error code expected, the seq echoed (null when none). */
  record Row(String name, String frame, ErrorCode code, @Nullable Long seq) {}

  @Test
  @DisplayName("bad input: each row is answered with its error code and seq, the connection stays usable, the document unchanged")
  void badInput() throws Exception {
    String doc = document();
    Session ann = session(Participant.WRITER);
    ann.join(doc);
    ann.commit(doc, 0, 1, "[{\"insert\":\"abc\"}]");
    String deep = "[".repeat(ann.welcome().limits().maxJsonDepth() + 2) + "]".repeat(ann.welcome().limits().maxJsonDepth() + 2);
    String submit = "{\"t\":\"submit\",\"doc\":\"" + doc + "\",";
    List<Row> rows = List.of(
        new Row("malformed JSON", "{\"t\":\"ping\"", ErrorCode.BAD_MESSAGE, null),
        new Row("not an object", "42", ErrorCode.BAD_MESSAGE, null),
        new Row("nesting deeper than maxJsonDepth", deep, ErrorCode.BAD_MESSAGE, null),
        new Row("unknown t", "{\"t\":\"dance\"}", ErrorCode.BAD_MESSAGE, null),
        new Row("no t", "{\"doc\":\"" + doc + "\"}", ErrorCode.BAD_MESSAGE, null),
        new Row("join without doc", "{\"t\":\"join\"}", ErrorCode.BAD_MESSAGE, null),
        new Row("submit without op", submit + "\"base\":1,\"seq\":2}", ErrorCode.BAD_MESSAGE, 2L),
        new Row("submit with a string base", submit + "\"base\":\"1\",\"seq\":3,\"op\":[]}", ErrorCode.BAD_MESSAGE, 3L),
        new Row("submit with a negative seq", submit + "\"base\":1,\"seq\":-1,\"op\":[{\"insert\":\"x\"}]}", ErrorCode.BAD_MESSAGE, -1L),
        new Row("submit with a string for op", submit + "\"base\":1,\"seq\":9,\"op\":\"insert x\"}", ErrorCode.BAD_MESSAGE, 9L),
        new Row("submit with a number for op", submit + "\"base\":1,\"seq\":10,\"op\":42}", ErrorCode.BAD_MESSAGE, 10L),
        new Row("a malformed op (empty insert)", submit + "\"base\":1,\"seq\":4,\"op\":[{\"insert\":\"\"}]}", ErrorCode.INVALID_OP, 4L),
        new Row("an op that does not apply", submit + "\"base\":1,\"seq\":5,\"op\":[{\"delete\":9}]}", ErrorCode.INVALID_OP, 5L),
        new Row("an op breaking the format schema", submit + "\"base\":1,\"seq\":6,\"op\":[{\"insert\":\"x\",\"attributes\":{\"link\":\"javascript:alert(1)\"}}]}", ErrorCode.INVALID_OP, 6L),
        new Row("a base version in the future", submit + "\"base\":99,\"seq\":7,\"op\":[{\"insert\":\"x\"}]}", ErrorCode.VERSION_AHEAD, 7L),
        new Row("join of an unknown document", "{\"t\":\"join\",\"doc\":\"" + fresh("missing") + "\"}", ErrorCode.UNKNOWN_DOCUMENT, null),
        new Row("submit before join", "{\"t\":\"submit\",\"doc\":\"" + fresh("other") + "\",\"base\":0,\"seq\":8,\"op\":[{\"insert\":\"x\"}]}", ErrorCode.NOT_JOINED, 8L));
    for (Row row : rows) {
      ann.socket().sendRaw(row.frame());
      ServerMessage.Error error = ann.error();
      assertThat(error.code()).as(row.name()).isEqualTo(row.code());
      assertThat(error.seq()).as(row.name() + ": seq echoed").isEqualTo(row.seq());
      assertThat(error.message()).as(row.name() + ": a message").isNotBlank();
      ann.usable(row.name());
    }
    JsonObject head = head(doc);
    assertThat(head.getInt("version")).isEqualTo(1);
    assertThat(head.get("data").toString()).isEqualTo("[{\"insert\":\"abc\"}]");
  }

  @Test
  @DisplayName("bad input: in an array frame a bad element is answered and the others are processed")
  void arrayFrame() throws Exception {
    String doc = document();
    Session ann = session(Participant.WRITER);
    ann.join(doc);
    ann.socket().sendRaw("[{\"t\":\"ping\"},{\"t\":\"dance\"},{\"t\":\"submit\",\"doc\":\"" + doc
        + "\",\"base\":0,\"seq\":1,\"op\":[{\"insert\":\"ok\"}]}]");
    List<ServerMessage> answers = new ArrayList<>();
    while (answers.stream().noneMatch(m -> m instanceof ServerMessage.Ack)) {
      answers.add(ann.socket().next());
      assertThat(answers).as("answers to one array frame").hasSizeLessThan(10);
    }
    assertThat(answers).anyMatch(m -> m instanceof ServerMessage.Pong);
    assertThat(answers).anyMatch(m -> m instanceof ServerMessage.Error e && e.code() == ErrorCode.BAD_MESSAGE);
    assertThat(head(doc).getInt("version")).isEqualTo(1);
  }

  @Test
  @DisplayName("limits: an op inserting more than maxOpLength, in a frame of acceptable size, is too-large and not stored")
  void opTooLarge() throws Exception {
    String doc = document();
    Session ann = session(Participant.WRITER);
    ServerMessage.Limits limits = ann.welcome().limits();
    assumeTrue(limits.maxOpLength() + 1_000 < limits.maxMessageBytes(),
        "maxOpLength is not below maxMessageBytes: an op over it cannot fit in a frame");
    ann.join(doc);
    ann.submit(doc, 0, 1, "[{\"insert\":\"" + "x".repeat(limits.maxOpLength() + 1) + "\"}]");
    ServerMessage.Error error = ann.error();
    assertThat(error.code()).isEqualTo(ErrorCode.TOO_LARGE);
    assertThat(error.seq()).isEqualTo(1);
    ann.usable("a too-large op");
    assertThat(head(doc).getInt("version")).isZero();
    // Exactly at the limit is fine.
    ann.commit(doc, 0, 2, "[{\"insert\":\"" + "x".repeat(limits.maxOpLength()) + "\"}]");
  }

  @Test
  @Tag("slow")
  @DisplayName("limits: a document whose snapshot is 17 M characters of escapes (over Collab's default send queue) opens for a fresh client")
  void largeSnapshotOpens() throws Exception {
    Session ann = session(Participant.WRITER);
    ServerMessage.Limits limits = ann.welcome().limits();
    int chunk = 100_000;
    int chunks = 29;
    assumeTrue(limits.maxOpLength() >= chunk && limits.maxDocumentLength() >= chunk * chunks
        && limits.maxMessageBytes() > 6 * chunk + 1_000, "the server's limits do not allow this document");
    String doc = document();
    ann.join(doc);
    // U+0001 is written "\\u0001" in JSON: six characters for one, the worst case of the escapes
    String escapes = "\\u0001".repeat(chunk);
    for (int i = 0; i < chunks; i++) {
      ann.commit(doc, i, i + 1, "[" + (i == 0 ? "" : "{\"retain\":" + (long) i * chunk + "},") + "{\"insert\":\"" + escapes + "\"}]");
    }
    Session fresh = session(Participant.READER);
    ServerMessage.Snapshot snapshot = fresh.join(doc);
    assertThat(snapshot.version()).isEqualTo(chunks);
    assertThat(snapshot.data().asJsonArray().getJsonObject(0).getString("insert")).hasSize(chunk * chunks);
    fresh.usable("a large snapshot");
    assertThat(fresh.socket().isClosed()).as("still open").isFalse();
  }

  @Test
  @Tag("frame-limit")
  @DisplayName("limits: a frame just over maxMessageBytes closes the connection with 1009")
  void frameTooBig() throws Exception {
    Session ann = session(Participant.WRITER);
    int size = ann.welcome().limits().maxMessageBytes() + 1024;
    // A server may close as soon as it has read past the limit and stop reading: the rest of the
    // write may fail or never finish (the socket is aborted after the test). Only the close code
    // counts.
    ann.socket().socket().sendText("{\"t\":\"ping\",\"pad\":\"" + "x".repeat(size) + "\"}", true);
    assertThat(ann.socket().closeCode()).isEqualTo(1009);
  }

  @Test
  @Tag("frame-limit")
  @DisplayName("limits: a frame of eight times maxMessageBytes closes the connection with 1009 (or aborts the write), never another code; the server serves others")
  void hugeFrameTooBig() throws Exception {
    Session ann = session(Participant.WRITER);
    int size = 8 * ann.welcome().limits().maxMessageBytes();
    ann.socket().socket().sendText("{\"t\":\"ping\",\"pad\":\"" + "x".repeat(size) + "\"}", true);
    // The server stops reading at the limit and closes: the client may still be writing, and then
    // sees its write fail (broken pipe, reset) instead of the close frame. What it must never see
    // is another close code (Payara was reported to close such frames with 1011).
    try {
      assertThat(ann.socket().closeCode()).isEqualTo(1009);
    } catch (java.util.concurrent.ExecutionException aborted) {
      assertThat(aborted).hasRootCauseInstanceOf(java.io.IOException.class);
    }
    session(Participant.WRITER).usable("another client's huge frame");
  }

  @Test
  @DisplayName("limits: ten times maxMessagesPerSecond in one second (1,000 with the defaults) is answered rate-limited; the connection then recovers")
  void flood() throws Exception {
    Session ann = session(Participant.WRITER);
    int perSecond = ann.welcome().limits().maxMessagesPerSecond();
    StringBuilder burst = new StringBuilder("[");
    for (int i = 0; i < perSecond; i++) {
      burst.append(i == 0 ? "" : ",").append("{\"t\":\"ping\"}");
    }
    String frame = burst.append("]").toString();
    for (int i = 0; i < 10; i++) {
      ann.socket().sendRaw(frame);
      TimeUnit.MILLISECONDS.sleep(100);
    }
    ServerMessage.Error limited = ann.error();
    assertThat(limited.code()).isEqualTo(ErrorCode.RATE_LIMITED);
    // Under the close threshold (twice over for 5 s): after a quiet second the connection works.
    TimeUnit.MILLISECONDS.sleep(1_500);
    ann.socket().quiet(200);
    ann.usable("the flood");
  }

  @Test
  @Tag("slow")
  @DisplayName("limits: a client that stays over twice maxMessagesPerSecond for more than 5 seconds is closed with 1008")
  void floodCloses() throws Exception {
    Session ann = session(Participant.WRITER);
    int perSecond = ann.welcome().limits().maxMessagesPerSecond();
    StringBuilder burst = new StringBuilder("[");
    for (int i = 0; i < perSecond; i++) {
      burst.append(i == 0 ? "" : ",").append("{\"t\":\"ping\"}");
    }
    String frame = burst.append("]").toString();
    // Five times the limit each second (well over twice, even on a busy machine), for at most 15 s.
    for (int tick = 0; tick < 75 && !ann.socket().isClosed(); tick++) {
      try {
        ann.socket().sendRaw(frame);
      } catch (CompletionException closedMeanwhile) {
        break;
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    assertThat(ann.socket().closeCode()).isEqualTo(1008);
  }
}
