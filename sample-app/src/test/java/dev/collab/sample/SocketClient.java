package dev.collab.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.ot.JsonLimits;
import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ProtocolCodec;
import dev.collab.protocol.ServerMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A raw collab.v1 client over the JDK's WebSocket that presents a session cookie, as a browser does. */
final class SocketClient implements WebSocket.Listener {
  final LinkedBlockingQueue<ServerMessage> received = new LinkedBlockingQueue<>();
  /** The close code, once the connection is closed. */
  final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private WebSocket socket;

  /** Opens {@code uri} with {@code cookie} (null: none) and the page's own origin. */
  static CompletableFuture<SocketClient> open(URI uri, String cookie, String origin) {
    SocketClient client = new SocketClient();
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
        .subprotocols("collab.v1").connectTimeout(Duration.ofSeconds(10)).header("Origin", origin);
    if (cookie != null) {
      builder.header("Cookie", cookie);
    }
    return builder.buildAsync(uri, client).thenApply(ws -> {
      client.socket = ws;
      return client;
    });
  }

  void send(ClientMessage message) {
    socket.sendText(ProtocolCodec.encode(message), true).join();
  }

  /** Sends {@code frame} as is, without waiting: a server may close before it has read it all. */
  void sendRaw(String frame) {
    socket.sendText(frame, true);
  }

  /**
   * The next message of {@code type}, skipping others (presence and the like); 60 s at most (the
   * machine that runs the tests may be busy with other servers).
   */
  @SuppressWarnings("unchecked")
  <M extends ServerMessage> M next(Class<M> type) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      ServerMessage message = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      assertThat(message).as("a %s within 60 s (connection closed: %s)", type.getSimpleName(),
          closed.isDone() ? closed : "no").isNotNull();
      if (type.isInstance(message)) {
        return (M) message;
      }
    }
  }

  void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
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

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      received.addAll(ProtocolCodec.decodeServerFrame(partial.toString(), JsonLimits.STORAGE));
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }
}
