package dev.collab.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Backpressure on Payara Micro, whose WebSocket stack reports an asynchronous send as done when it
 * is queued, not when the client has read it: a client that joins a busy document and stops
 * reading must be closed (1013) once it owes more than {@code collab.max-queued-bytes}, and the
 * server must not hold much more than that for it. The writer replaces a 50,000-character text
 * 640 times while the reader reads, then 320 times more while it does not (16 M characters of ops it
 * is owed, 16 times the bound); the server's heap grows by what the store keeps in both phases, and
 * in the second by whatever it holds for the reader on top.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SlowConsumerIT {
  private static final int BOUND = 1 << 20;
  private static final int TEXT = 50_000;
  /** Edits per phase. */
  private static final int EDITS = 640;

  @Deployment(testable = false)
  static WebArchive deployment() {
    // the writer waits for each ack but may still pass 100 messages a second: not what is tested here
    return Deployments.collabWar("collab-slow", "collab.any-user-writes=true\ncollab.max-queued-bytes=" + BOUND
        + "\ncollab.max-messages-per-second=100000\ncollab.max-messages-per-second-per-user=100000\n");
  }

  @ArquillianResource URL reported;

  /** A raw client whose reading can be stopped: without demand the JDK client stops reading the socket. */
  static final class Client implements WebSocket.Listener {
    final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    final AtomicLong chars = new AtomicLong();
    volatile boolean reading = true;
    private final StringBuilder partial = new StringBuilder();
    WebSocket socket;

    static Client open(URI ws, String user) throws Exception {
      Client client = new Client();
      client.socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("collab.v1")
          .header("Authorization", TestSecurity.basic(user)).buildAsync(ws, client).get(20, TimeUnit.SECONDS);
      return client;
    }

    void send(String frame) {
      socket.sendText(frame, true).join();
    }

    /** The next frame containing {@code marker}, skipping others (20 s at most); an error frame fails. */
    String next(String marker) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline) {
        String frame = frames.poll(1, TimeUnit.SECONDS);
        if (frame != null && frame.contains(marker)) {
          return frame;
        }
        if (frame != null && frame.contains("\"error\"")) {
          throw new AssertionError("an error instead of " + marker + ": " + frame);
        }
      }
      throw new AssertionError("no frame with " + marker + " within 20 s; closed: " + closed);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      chars.addAndGet(data.length());
      partial.append(data);
      if (last) {
        frames.add(partial.toString());
        partial.setLength(0);
      }
      if (reading) {
        webSocket.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.completeExceptionally(error);
    }

    /** Reads again, everything. */
    void resume() {
      reading = true;
      socket.request(Long.MAX_VALUE);
    }
  }

  /** Submits {@code count} edits from seq {@code first}, each waiting for its ack. */
  private static void edit(Client writer, URI http, int first, int count) throws Exception {
    String text = "w".repeat(TEXT);
    for (int seq = first; seq < first + count; seq++) {
      String op = seq == 1 ? "[{\"insert\":\"" + text + "\"}]" : "[{\"delete\":" + TEXT + "},{\"insert\":\"" + text + "\"}]";
      writer.send("{\"t\":\"submit\",\"doc\":\"busy\",\"base\":" + (seq - 1) + ",\"seq\":" + seq + ",\"op\":" + op + "}");
      try {
        writer.next("\"ack\"");
      } catch (AssertionError stuck) {
        System.out.println(HttpClient.newHttpClient().send(HttpRequest.newBuilder(http.resolve("test/memory?threads")).build(),
            HttpResponse.BodyHandlers.ofString()).body());
        throw new AssertionError("no ack for seq " + seq, stuck);
      }
    }
  }

  private long serverHeap(URI http) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(http.resolve("test/memory")).build(),
        HttpResponse.BodyHandlers.ofString());
    return Long.parseLong(response.body().trim());
  }

  @Test
  @DisplayName("a client that stops reading a busy document is closed with 1013, and the server holds about the bound for it, not what it is owed")
  void nonReadingClientIsCut() throws Exception {
    URI http = Deployments.http(reported);
    URI ws = Deployments.webSocket(reported);
    HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(http.resolve("test/create?id=busy"))
        .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", TestSecurity.basic("ann")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(201);

    Client writer = Client.open(ws, "ann");
    writer.send("{\"t\":\"hello\",\"protocol\":1,\"client\":\"writer\"}");
    writer.next("welcome");
    writer.send("{\"t\":\"join\",\"doc\":\"busy\"}");
    writer.next("snapshot");
    Client reader = Client.open(ws, "bob");
    reader.send("{\"t\":\"hello\",\"protocol\":1,\"client\":\"reader\"}");
    reader.next("welcome");
    reader.send("{\"t\":\"join\",\"doc\":\"busy\"}");
    reader.next("snapshot");
    // Phase one, the reader reads: what the server keeps anyway (the in-memory store keeps every op).
    edit(writer, http, 1, EDITS / 2);
    long heapStart = serverHeap(http);
    edit(writer, http, EDITS / 2 + 1, EDITS / 2);
    long heapReading = serverHeap(http);
    // Phase two, the reader stops reading: the same edits again.
    reader.reading = false;
    long readBefore = reader.chars.get();
    edit(writer, http, EDITS + 1, EDITS / 2);
    long heapStalled = serverHeap(http);
    long kept = heapReading - heapStart;
    long keptStalled = heapStalled - heapReading;
    System.out.printf("SlowConsumerIT: server heap grew %,d bytes over %,d edits with the reader reading, %,d with it stalled%n",
        kept, EDITS / 2, keptStalled);
    assertThat(keptStalled - kept).as("what the server holds for the stalled reader (bound %,d characters)", BOUND)
        .isLessThan(12L * BOUND);

    // The reader reads again: it gets what the server had queued for it, then the end. Payara's
    // WebSocket stack resets the TCP connection of a session closed with frames still unread, so
    // the 1013 close frame itself may be lost; the connection ends either way, and the server log
    // says why ("closing client reader of user bob with 1013").
    reader.resume();
    Integer code;
    try {
      code = reader.closed.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException reset) {
      code = null;
    }
    long received = reader.chars.get() - readBefore;
    System.out.printf("SlowConsumerIT: the reader got %,d characters, then %s%n", received,
        code == null ? "a reset connection" : "close " + code);
    assertThat(code).as("closed for not keeping up, or reset").isIn(1013, null);
    assertThat(received).as("what the server had sent or queued for the reader").isLessThan(4L * BOUND);
    writer.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
  }
}
