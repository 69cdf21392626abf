package dev.collab.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.ot.JsonLimits;
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

/**
 * A raw {@code collab.v1} client over the JDK's WebSocket for the tests of this module: sends frames
 * as given, queues what the server answers (decoded), and records the close. Every wait is bounded.
 */
final class WireClient implements WebSocket.Listener, AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(20);

  private final LinkedBlockingQueue<ServerMessage> received = new LinkedBlockingQueue<>();
  private final StringBuilder partial = new StringBuilder();
  /** The server's close: code and reason. */
  final CompletableFuture<String> closed = new CompletableFuture<>();
  private volatile WebSocket socket;

  /** Opens a connection as {@code user} (HTTP Basic, the users of {@link TestSecurity}). */
  static WireClient open(HttpClient http, URI uri, String user) throws Exception {
    WireClient client = new WireClient();
    String basic = Base64.getEncoder().encodeToString((user + ":" + TestSecurity.PASSWORD).getBytes(StandardCharsets.UTF_8));
    client.socket = http.newWebSocketBuilder().subprotocols("collab.v1").connectTimeout(WAIT)
        .header("Authorization", "Basic " + basic).buildAsync(uri, client).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    return client;
  }

  void send(String frame) {
    socket.sendText(frame, true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
  }

  /** The next message of this type, skipping others. */
  @SuppressWarnings("unchecked")
  <M extends ServerMessage> M next(Class<M> type) throws InterruptedException {
    while (true) {
      ServerMessage message = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(message).as("a %s within %s s (closed: %s)", type.getSimpleName(), WAIT.toSeconds(),
          closed.getNow("no")).isNotNull();
      if (type.isInstance(message)) {
        return (M) message;
      }
    }
  }

  /** {@code hello} answered by {@code welcome}. */
  WireClient hello(String client) throws InterruptedException {
    send("{\"t\":\"hello\",\"protocol\":1,\"client\":\"" + client + "\"}");
    next(ServerMessage.Welcome.class);
    return this;
  }

  /**
   * Sends {@code hello} and tells whether {@code welcome} came (true) or the server closed the
   * connection first (false); fails when neither happens within {@link #WAIT}.
   */
  boolean welcomed(String client) throws InterruptedException {
    try {
      send("{\"t\":\"hello\",\"protocol\":1,\"client\":\"" + client + "\"}");
    } catch (RuntimeException closedMeanwhile) {
      return !closed.isDone() && next(ServerMessage.Welcome.class) != null;
    }
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      ServerMessage message = received.poll(50, TimeUnit.MILLISECONDS);
      if (message instanceof ServerMessage.Welcome) {
        return true;
      }
      if (message == null && closed.isDone()) {
        return false;
      }
    }
    throw new AssertionError("neither welcome nor a close within " + WAIT.toSeconds() + " s");
  }

  /** The server's close as "code reason", failing after {@link #WAIT}. */
  String closeCodeAndReason() throws Exception {
    return closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
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
    closed.complete(statusCode + " " + reason);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.completeExceptionally(error);
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
    }
    socket.abort();
  }
}
