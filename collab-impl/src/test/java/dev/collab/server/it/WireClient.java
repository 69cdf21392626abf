package dev.collab.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.ot.JsonLimits;
import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ProtocolCodec;
import dev.collab.protocol.ServerMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A raw protocol client over the JDK's WebSocket, for over-the-wire tests. */
final class WireClient implements WebSocket.Listener {
  final LinkedBlockingQueue<ServerMessage> received = new LinkedBlockingQueue<>();
  final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  WebSocket socket;

  static String basic(String user) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + TestSecurity.PASSWORD).getBytes(StandardCharsets.UTF_8));
  }

  /** Opens a WebSocket; {@code user} null for anonymous, {@code origin} null for none. */
  static CompletableFuture<WireClient> open(URI uri, String user, String origin) {
    WireClient client = new WireClient();
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
        .subprotocols("collab.v1").connectTimeout(Duration.ofSeconds(10));
    if (user != null) {
      builder.header("Authorization", basic(user));
    }
    if (origin != null) {
      builder.header("Origin", origin);
    }
    return builder.buildAsync(uri, client).thenApply(ws -> {
      client.socket = ws;
      return client;
    });
  }

  void send(ClientMessage message) {
    sendRaw(ProtocolCodec.encode(message));
  }

  void sendRaw(String frame) {
    socket.sendText(frame, true).join();
  }

  ServerMessage next() throws InterruptedException {
    ServerMessage message = received.poll(20, TimeUnit.SECONDS);
    assertThat(message).as("a message within 20 s").isNotNull();
    return message;
  }

  @SuppressWarnings("unchecked")
  <M extends ServerMessage> M next(Class<M> type) throws InterruptedException {
    while (true) {
      ServerMessage message = next();
      if (type.isInstance(message)) {
        return (M) message;
      }
    }
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
