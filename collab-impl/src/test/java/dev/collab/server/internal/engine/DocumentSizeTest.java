package dev.collab.server.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.RoleAccessPolicy;
import dev.collab.ot.RichText;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code collab.max-document-bytes} on the engine: documents filled with escapes and with
 * attributes up to the limit; the growing submit past it is refused and nothing is committed, a
 * delete is still accepted, the document still reads and opens, and an exact measure is taken at
 * most once per {@link DocumentSize#measureInterval()} (the test's clock moves only when it says).
 */
class DocumentSizeTest {
  static final User ANN = new User("ann", "Ann", Set.of(RoleAccessPolicy.WRITER));
  /** U+0001 as JSON text: six bytes for one unit, the worst of the escapes. */
  static final String ESCAPE = "\\u0001";

  final CreateQuotaTest.TestClock clock = new CreateQuotaTest.TestClock();
  final InMemoryDocumentStore store = new InMemoryDocumentStore();
  final RecordingListener events = new RecordingListener();
  CollabEngine engine;
  Session ann;
  long seq;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private void open(int maxDocumentBytes) {
    engine = CollabEngine.builder().store(store).clock(clock)
        .config(EngineConfig.DEFAULTS.withMaxDocumentBytes(maxDocumentBytes).withSnapshotEvery(1_000)).build();
    if (store.head("doc") < 0) {
      engine.create("doc", RichText.NAME, "Doc", Map.of(), ANN);
    }
    ann = engine.openSession(ANN, "ann-tab", events);
    ann.join("doc", null);
    events.next("joined");
  }

  /** Submits {@code op} on the head and waits for its answer: an ack or an error. */
  private RecordingListener.Event submit(String op) {
    long s = ++seq;
    ann.submit("doc", store.head("doc"), s, op);
    return events.next(e -> (e.kind().equals("ack") || e.kind().equals("error")) && Long.valueOf(s).equals(e.a()),
        "answer to seq " + s);
  }

  private long encodedSize() throws Exception {
    return SizeModel.measure(engine.read("doc").toCompletableFuture().get().data());
  }

  private static String append(long length, String insert) {
    return "[" + (length > 0 ? "{\"retain\":" + length + "}," : "") + insert + "]";
  }

  @Test
  @DisplayName("escapes up to the limit: the op past it is too-large (measured), a delete is accepted, then an op that fits is again")
  void escapesUpToTheLimit() throws Exception {
    open(8_192);
    // Each op: 200 units of U+0001, 1,200 bytes; the document is one run: 15 + 1,200 per op.
    String chunk = "{\"insert\":\"" + ESCAPE.repeat(200) + "\"}";
    for (int i = 0; i < 6; i++) {
      assertThat(submit(append(200L * i, chunk)).kind()).isEqualTo("ack");
    }
    assertThat(encodedSize()).isEqualTo(15 + 6 * 1_200);
    RecordingListener.Event refused = submit(append(1_200, chunk));
    assertThat(refused.kind()).isEqualTo("error");
    assertThat(refused.b()).isEqualTo(ErrorCode.TOO_LARGE);
    assertThat((String) refused.c()).contains("8192 bytes encoded").contains("it is 7215 bytes");
    assertThat(store.head("doc")).isEqualTo(6);

    // A full document can always be shrunk.
    assertThat(submit("[{\"delete\":400}]").kind()).isEqualTo("ack");
    assertThat(encodedSize()).isEqualTo(15 + 4 * 1_200);
    // The estimate after the delete is loose (a delete is only known to remove a byte per unit):
    // this op still fits it ...
    assertThat(submit(append(800, chunk)).kind()).isEqualTo("ack");
    // ... this one does not, and the last measure was just now: it is refused as rate-limited,
    // without measuring the document again.
    RecordingListener.Event later = submit(append(1_000, chunk));
    assertThat(later.b()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat((String) later.c()).contains("measured again at most every");
    // Later (a second, or twenty times what the last measure took) the document is measured: it fits.
    clock.now = clock.now.plus(Duration.ofMinutes(1));
    assertThat(submit(append(1_000, chunk)).kind()).isEqualTo("ack");
    assertThat(encodedSize()).isEqualTo(15 + 6 * 1_200).isLessThanOrEqualTo(8_192);

    // It opens for a new session.
    RecordingListener reader = new RecordingListener();
    Session other = engine.openSession(ANN, "other-tab", reader);
    other.join("doc", null);
    JoinReply reply = (JoinReply) reader.next("joined").a();
    assertThat(reply).isInstanceOf(JoinReply.SnapshotReply.class);
    assertThat(SizeModel.measure(((JoinReply.SnapshotReply) reply).data())).isEqualTo(15 + 6 * 1_200);
  }

  @Test
  @DisplayName("attributes: a link over many runs is too-large; removing attributes is accepted; after a measure the same link fits")
  void attributesAmplify() throws Exception {
    open(65_536);
    StringBuilder alternating = new StringBuilder("[");
    for (int i = 0; i < 1_000; i++) {
      alternating.append(i == 0 ? "" : ",").append(i % 2 == 0 ? "{\"insert\":\"x\",\"attributes\":{\"bold\":true}}" : "{\"insert\":\"y\"}");
    }
    assertThat(submit(alternating.append("]").toString()).kind()).isEqualTo("ack");
    long filled = encodedSize();
    assertThat(filled).isBetween(25_000L, 35_000L);
    // About 1 KB of op that would add about 1 KB to each of the 1,000 runs: 1 MB.
    String link = "[{\"retain\":1000,\"attributes\":{\"link\":\"https://e.example/" + "p".repeat(1_000) + "\"}}]";
    RecordingListener.Event refused = submit(link);
    assertThat(refused.b()).isEqualTo(ErrorCode.TOO_LARGE);
    assertThat(encodedSize()).isEqualTo(filled);
    // Removing the bold merges the runs into one: accepted (it can only add two splits).
    assertThat(submit("[{\"retain\":1000,\"attributes\":{\"bold\":null}}]").kind()).isEqualTo("ack");
    assertThat(encodedSize()).isLessThan(1_100);
    // The estimate still counts 1,000 runs until the next measure: the link waits for it ...
    assertThat(submit(link).b()).isEqualTo(ErrorCode.RATE_LIMITED);
    // ... which finds one run: the link adds about 1 KB, and fits.
    clock.now = clock.now.plus(Duration.ofMinutes(1));
    assertThat(submit(link).kind()).isEqualTo("ack");
    assertThat(encodedSize()).isBetween(2_000L, 2_200L);
  }

  @Test
  @DisplayName("a document loaded again is measured exactly: what fits is accepted, what does not is too-large")
  void measuredAtLoad() throws Exception {
    open(8_192);
    String chunk = "{\"insert\":\"" + ESCAPE.repeat(200) + "\"}";
    for (int i = 0; i < 6; i++) {
      assertThat(submit(append(200L * i, chunk)).kind()).isEqualTo("ack");
    }
    engine.close();
    open(8_192);
    // 7,215 bytes measured at load; an op of up to 977 more fits (its bound, not its size, counts).
    String small = "{\"insert\":\"" + ESCAPE.repeat(150) + "\"}";
    assertThat(submit(append(1_200, small)).kind()).isEqualTo("ack");
    RecordingListener.Event refused = submit(append(1_350, small));
    assertThat(refused.b()).isEqualTo(ErrorCode.TOO_LARGE);
    assertThat(store.head("doc")).isEqualTo(7);
  }
}
