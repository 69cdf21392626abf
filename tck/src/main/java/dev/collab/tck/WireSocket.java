package dev.collab.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.ot.JsonLimits;
import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ProtocolCodec;
import dev.collab.protocol.ServerMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A raw protocol client over the JDK's WebSocket for the conformance kit: it sends what it is told
 * (well-formed or not) and queues what the server answers, decoded with the protocol's codec (a
 * frame the codec cannot decode fails the test that reads it). Every wait is bounded.
 */
final class WireSocket implements WebSocket.Listener {
  /** How long a test waits for one answer. */
  static final Duration WAIT = Duration.ofSeconds(20);

  private final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
  final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private final List<ServerMessage> seen = new ArrayList<>();
  @Nullable WebSocket socket;

  /** Opens a WebSocket with {@code collab.v1} and these handshake headers (credentials, Origin). */
  static CompletableFuture<WireSocket> open(HttpClient http, URI uri, Map<String, String> headers) {
    WireSocket client = new WireSocket();
    WebSocket.Builder builder = http.newWebSocketBuilder()
        .subprotocols("collab.v1").connectTimeout(Duration.ofSeconds(10));
    headers.forEach(builder::header);
    return builder.buildAsync(uri, client).thenApply(ws -> {
      client.socket = ws;
      return client;
    });
  }

  WebSocket socket() {
    assertThat(socket).as("an open socket").isNotNull();
    return socket;
  }

  void send(ClientMessage message) {
    sendRaw(ProtocolCodec.encode(message));
  }

  void sendRaw(String frame) {
    socket().sendText(frame, true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
  }

  /** The next message, failing after {@link #WAIT}. */
  ServerMessage next() throws InterruptedException {
    Object item = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(item).as("a message within " + WAIT.toSeconds() + " s; seen so far " + seen).isNotNull();
    if (item instanceof RuntimeException undecodable) {
      throw new AssertionError("the server sent a frame the protocol codec rejects", undecodable);
    }
    ServerMessage message = (ServerMessage) item;
    seen.add(message);
    return message;
  }

  /** The next message of this type, skipping others (presence, ops of other documents). */
  @SuppressWarnings("unchecked")
  <M extends ServerMessage> M next(Class<M> type) throws InterruptedException {
    while (true) {
      ServerMessage message = next();
      if (type.isInstance(message)) {
        return (M) message;
      }
    }
  }

  /** The next message, which must be of this type: nothing else may come first. */
  @SuppressWarnings("unchecked")
  <M extends ServerMessage> M expect(Class<M> type) throws InterruptedException {
    ServerMessage message = next();
    assertThat(message).as("the next message").isInstanceOf(type);
    return (M) message;
  }

  /** Whatever arrives within {@code millis}, without failing when nothing does. */
  List<ServerMessage> quiet(long millis) throws InterruptedException {
    List<ServerMessage> messages = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (true) {
      long left = deadline - System.nanoTime();
      Object item = left > 0 ? received.poll(left, TimeUnit.NANOSECONDS) : received.poll();
      if (item == null) {
        return messages;
      }
      if (item instanceof ServerMessage message) {
        seen.add(message);
        messages.add(message);
      }
    }
  }

  /** The close code the server sent, failing after {@link #WAIT}. */
  int closeCode() throws Exception {
    return closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /**
   * Closes from this side and waits for the server's close frame: the server has then seen the
   * connection end (a container answers a close after its endpoint's close callback).
   */
  void closeAndWait() throws Exception {
    socket().sendClose(WebSocket.NORMAL_CLOSURE, "").get(WAIT.toSeconds(), TimeUnit.SECONDS);
    closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  void close() {
    if (socket != null && !socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
    }
    if (socket != null) {
      socket.abort();
    }
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      try {
        received.addAll(ProtocolCodec.decodeServerFrame(partial.toString(), JsonLimits.STORAGE));
      } catch (RuntimeException undecodable) {
        received.add(new IllegalStateException("undecodable frame: " + partial, undecodable));
      }
      partial.setLength(0);
    }
    webSocket.request(1);
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
}
