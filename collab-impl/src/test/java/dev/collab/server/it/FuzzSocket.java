package dev.collab.server.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A raw {@code collab.v1} WebSocket for {@link ProtocolFuzzIT}: sends any text (valid or not) and
 * hands every server message, array frames split, to a queue, with the close code when the server
 * closes. The JDK's WebSocket answers the server's flow-control pings by itself.
 *
 * <p>Not the TCK's {@code WireSocket}, on purpose: the fuzzer's oracle judges the server's answers
 * as raw JSON (an answer the protocol codec would reject is a finding, not a crash of the test),
 * needs the close in order with the messages, and a send to a connection the fuzzed frame killed
 * reports false instead of throwing.
 */
final class FuzzSocket implements WebSocket.Listener {
  /** What the server said: a message, or the close (code and reason). */
  record Event(@Nullable JsonObject message, int closeCode, String reason) {
    boolean isClose() {
      return message == null;
    }
  }

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final StringBuilder partial = new StringBuilder();
  private final WebSocket socket;
  private volatile boolean closed;

  private FuzzSocket(HttpClient http, URI uri, String authorization) throws Exception {
    socket = http.newWebSocketBuilder()
        .subprotocols("collab.v1")
        .header("Authorization", authorization)
        .connectTimeout(Duration.ofSeconds(10))
        .buildAsync(uri, this)
        .get(15, TimeUnit.SECONDS);
  }

  static FuzzSocket open(HttpClient http, URI uri, String authorization) throws Exception {
    return new FuzzSocket(http, uri, authorization);
  }

  /** Sends one text frame, waiting until the JDK has taken it (false when the socket is gone). */
  boolean send(String frame) {
    if (closed) {
      return false;
    }
    try {
      socket.sendText(frame, true).get(30, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** The next event, or null after {@code millis}. */
  @Nullable Event poll(long millis) throws InterruptedException {
    return events.poll(millis, TimeUnit.MILLISECONDS);
  }

  boolean isClosed() {
    return closed;
  }

  void abort() {
    closed = true;
    socket.abort();
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      String frame = partial.toString();
      partial.setLength(0);
      JsonValue json = jakarta.json.Json.createReader(new StringReader(frame)).readValue();
      if (json instanceof JsonArray) {
        for (JsonValue element : (JsonArray) json) {
          events.add(new Event(element.asJsonObject(), 0, ""));
        }
      } else {
        events.add(new Event(json.asJsonObject(), 0, ""));
      }
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed = true;
    events.add(new Event(null, statusCode, reason));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed = true;
    events.add(new Event(null, 1006, String.valueOf(error)));
  }
}
