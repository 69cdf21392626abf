package dev.collab.client;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What {@link CollabClient} needs from a WebSocket, so that its logic can be tested against a fake
 * server without a network. {@link JdkTransport} is the real one.
 *
 * <p>Listener methods may be called from any thread; the client hands each event to its own event
 * thread and ignores events of connections it has given up.
 */
interface Transport {

  /**
   * Opens a connection with the {@code collab.v1} subprotocol and the extra handshake headers.
   * Completes with the connection once the handshake succeeded, or exceptionally ({@link Refused}
   * when the server answered the handshake with an HTTP 4xx status).
   */
  CompletableFuture<Connection> connect(URI uri, Map<String, String> headers, Listener listener);

  /** An open connection. */
  interface Connection {
    /** Sends one text frame. Called by one thread at a time (the client's event thread). */
    void send(String frame);

    /** Closes the connection with a close code. */
    void close(int code, String reason);

    /** Drops the connection at once, as a network failure would. No listener call need follow. */
    void abort();
  }

  /** What happens on a connection. */
  interface Listener {
    /** One whole text frame. */
    void onText(String frame);

    /** The server closed the connection (or the connection ended) with {@code code}. */
    void onClosed(int code, String reason);

    /** The connection failed. */
    void onError(Throwable error);
  }

  /** The handshake was answered with an HTTP client error (401, 403, 404...): retrying will not help. */
  final class Refused extends IOException {
    private static final long serialVersionUID = 1L;

    /** The HTTP status of the refusal. */
    private final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }

    int status() {
      return status;
    }
  }
}
