package dev.collab.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.collab.ErrorCode;
import dev.collab.protocol.ServerMessage;
import dev.collab.tck.WireSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code collab.max-document-bytes} over the real wire: Collab on embedded Jetty ({@link JettyApp})
 * with a 3,000,000-byte bound, set as a system property of this JVM while the class runs. A writer
 * fills a document with the worst escapes and then with runs of attributes; the growing submit past
 * the bound is refused with {@code too-large} and nothing is committed, a delete is accepted, and a
 * fresh client opens the document.
 */
class DocumentSizeIT {
  private static final int MAX_BYTES = 3_000_000;
  private static final Map<String, String> SETTINGS = Map.of("collab.max-document-bytes", String.valueOf(MAX_BYTES));
  /** U+0001 as JSON text: six bytes for one unit, the worst of the escapes. */
  private static final String ESCAPE = "\\u0001";
  private static final int CHUNK = 100_000;
  private static SettingsApp app;

  @BeforeAll
  static void boot() throws Exception {
    app = SettingsApp.start(SETTINGS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) {
      app.close();
    }
  }

  @AfterEach
  void closeClients() {
    app.closeClients();
  }

  private WireSocket connect(String user, String client) throws Exception {
    WireSocket socket = app.connect(user);
    socket.hello(client);
    return socket;
  }

  private void create(String user, String id) throws Exception {
    HttpResponse<String> created = app.create(user, id);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  /** Submits {@code op} on {@code base} and returns the answer: an ack or an error for that seq. */
  private static ServerMessage submit(WireSocket socket, String doc, long base, long seq, String op) throws Exception {
    socket.sendRaw("{\"t\":\"submit\",\"doc\":\"" + doc + "\",\"base\":" + base + ",\"seq\":" + seq + ",\"op\":" + op + "}");
    while (true) {
      ServerMessage message = socket.next();
      if (message instanceof ServerMessage.Ack ack && ack.seq() == seq) {
        return ack;
      }
      if (message instanceof ServerMessage.Error error && Long.valueOf(seq).equals(error.seq())) {
        return error;
      }
    }
  }

  private static long version(ServerMessage answer) {
    assertThat(answer).as("an ack").isInstanceOf(ServerMessage.Ack.class);
    return ((ServerMessage.Ack) answer).version();
  }

  private static String append(long retain, String insert) {
    return "[" + (retain > 0 ? "{\"retain\":" + retain + "}," : "") + insert + "]";
  }

  @Test
  @DisplayName("escapes, then runs of attributes, up to collab.max-document-bytes: the growing submit past it is too-large, a delete is accepted, the document opens")
  void fillToTheBound() throws Exception {
    String doc = "size-escapes";
    create("ann", doc);
    WireSocket ann = connect("ann", "ann-size");
    ann.sendRaw("{\"t\":\"join\",\"doc\":\"" + doc + "\"}");
    ann.next(ServerMessage.Snapshot.class);

    // Four ops of 100,000 × U+0001: 600,000 bytes each (a frame of about 600 KB, under the 1 MiB
    // frame limit), 2,400,015 bytes in all; a fifth would pass 3,000,000.
    String chunk = "{\"insert\":\"" + ESCAPE.repeat(CHUNK) + "\"}";
    long head = 0;
    long seq = 0;
    for (int i = 0; i < 4; i++) {
      head = version(submit(ann, doc, head, ++seq, append((long) i * CHUNK, chunk)));
    }
    ServerMessage refused = submit(ann, doc, head, ++seq, append(4L * CHUNK, chunk));
    assertThat(refused).isInstanceOf(ServerMessage.Error.class);
    assertThat(((ServerMessage.Error) refused).code()).isEqualTo(ErrorCode.TOO_LARGE);
    assertThat(((ServerMessage.Error) refused).message()).contains(MAX_BYTES + " bytes encoded");

    // Runs of attributes: bold on every other unit of the first 10,000 splits the one run into
    // 10,000 (about 280 KB more, accepted); a long link over all of them would add about a
    // kilobyte to each (10 MB): too-large. The size is measured exactly at most once a second,
    // so the first answer may be rate-limited: the client resubmits, as the protocol says.
    StringBuilder alternate = new StringBuilder("[");
    for (int i = 0; i < 5_000; i++) {
      alternate.append(i == 0 ? "" : ",").append("{\"retain\":1,\"attributes\":{\"bold\":true}},{\"retain\":1}");
    }
    head = version(submit(ann, doc, head, ++seq, alternate.append("]").toString()));
    String link = "[{\"retain\":" + 4 * CHUNK + ",\"attributes\":{\"link\":\"https://e.example/" + "p".repeat(1_000) + "\"}}]";
    long linkSeq = ++seq;
    long linkBase = head;
    AtomicReference<ServerMessage> answer = new AtomicReference<>();
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
      answer.set(submit(ann, doc, linkBase, linkSeq, link));
      return !(answer.get() instanceof ServerMessage.Error error && error.code() == ErrorCode.RATE_LIMITED);
    });
    assertThat(answer.get()).isInstanceOf(ServerMessage.Error.class);
    assertThat(((ServerMessage.Error) answer.get()).code()).isEqualTo(ErrorCode.TOO_LARGE);

    // A document at its bound can always be shrunk.
    head = version(submit(ann, doc, head, ++seq, "[{\"retain\":" + 3 * CHUNK + "},{\"delete\":" + CHUNK + "}]"));
    assertThat(head).isEqualTo(6);

    // It opens for a fresh client, within the bound.
    WireSocket reader = connect("bob", "bob-size");
    reader.sendRaw("{\"t\":\"join\",\"doc\":\"" + doc + "\"}");
    ServerMessage.Snapshot snapshot = reader.next(ServerMessage.Snapshot.class);
    assertThat(snapshot.version()).isEqualTo(6);
    String json = snapshot.data().toString();
    assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(MAX_BYTES);
    // 5,000 bold runs, 5,000 plain ones (the last merged with the rest of the text)
    assertThat(snapshot.data().asJsonArray()).hasSize(10_000);
  }
}
