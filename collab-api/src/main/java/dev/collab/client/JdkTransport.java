package dev.collab.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** {@link Transport} over the JDK's {@code java.net.http.WebSocket}. */
final class JdkTransport implements Transport {
  static final String SUBPROTOCOL = "collab.v1";

  private final HttpClient http;
  private final Duration connectTimeout;

  JdkTransport(Duration connectTimeout) {
    this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    this.connectTimeout = connectTimeout;
  }

  @Override
  public CompletableFuture<Connection> connect(URI uri, Map<String, String> headers, Listener listener) {
    WebSocket.Builder builder =
        http.newWebSocketBuilder().subprotocols(SUBPROTOCOL).connectTimeout(connectTimeout);
    headers.forEach(builder::header);
    return builder
        .buildAsync(uri, new Adapter(listener))
        .handle(
            (ws, error) -> {
              if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause instanceof WebSocketHandshakeException) {
                  int status = ((WebSocketHandshakeException) cause).getResponse().statusCode();
                  if (status >= 400 && status < 500) {
                    throw new CompletionException(
                        new Refused(status, "the handshake to " + uri + " was refused with HTTP " + status));
                  }
                }
                throw new CompletionException(cause);
              }
              return new JdkConnection(ws, listener);
            });
  }

  private static final class JdkConnection implements Connection {
    private final WebSocket ws;
    private final Listener listener;
    /**
     * The last send: the JDK WebSocket allows one outstanding send, so sends are chained. Touched
     * only by the client's event thread.
     */
    private CompletableFuture<?> last = CompletableFuture.completedFuture(null);

    JdkConnection(WebSocket ws, Listener listener) {
      this.ws = ws;
      this.listener = listener;
    }

    @Override
    public void send(String frame) {
      last =
          last.thenCompose(ignored -> ws.sendText(frame, true))
              .whenComplete(
                  (ignored, error) -> {
                    if (error != null) {
                      ws.abort();
                      listener.onError(error);
                    }
                  });
    }

    @Override
    public void close(int code, String reason) {
      last.handle((ignored, error) -> null)
          .thenCompose(ignored -> ws.sendClose(code, reason))
          .orTimeout(5, TimeUnit.SECONDS)
          .whenComplete((ignored, error) -> ws.abort());
    }

    @Override
    public void abort() {
      ws.abort();
    }
  }

  /** Reassembles text frames and forwards events. */
  private static final class Adapter implements WebSocket.Listener {
    private final Listener listener;
    private final StringBuilder partial = new StringBuilder();

    Adapter(Listener listener) {
      this.listener = listener;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String frame = partial.toString();
        partial.setLength(0);
        listener.onText(frame);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      listener.onClosed(statusCode, reason);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      listener.onError(error);
    }
  }
}
