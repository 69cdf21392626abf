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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A raw {@code collab.v1} client over the JDK's WebSocket, for protocol tests: it sends what it is
 * told, well-formed or not, and queues what the server answers, decoded with the protocol's codec
 * (a frame the codec cannot decode fails the test that reads it). Every wait is bounded, by
 * {@link #WAIT} unless the socket is opened with another limit.
 *
 * <p>The {@link ProtocolConformanceKit} talks through it, and so do Collab's own over-the-wire
 * tests and the sample application's; an integrator may use it for tests of their own
 * deployment (its login, its Origin rules):
 *
 * <pre>{@code
 * WireSocket socket = WireSocket.open(http, URI.create("wss://app.example/collab/ws"),
 *     Map.of("Cookie", session)).get(20, TimeUnit.SECONDS);
 * socket.hello("tab-1");
 * socket.send(new ClientMessage.Join("doc-1", null));
 * ServerMessage.Snapshot snapshot = socket.next(ServerMessage.Snapshot.class);
 * }</pre>
 *
 * <p>One test thread reads and sends; the JDK's thread fills the queue. Failures are AssertJ
 * assertion errors that say what was awaited and what came instead.
 */
public final class WireSocket implements AutoCloseable {
  /** How long a test waits for one answer, unless the socket was opened with another limit. */
  public static final Duration WAIT = Duration.ofSeconds(20);

  private final Listener listener = new Listener();
  /** Complete text frames received; see {@link #framesReceived()}. */
  private final java.util.concurrent.atomic.AtomicLong frames = new java.util.concurrent.atomic.AtomicLong();
  /** Messages, and errors for frames the codec could not decode, in arrival order. */
  private final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
  /** Completed by the server's close frame; exceptionally when the connection broke without one. */
  private final CompletableFuture<Close> closed = new CompletableFuture<>();
  /** The last {@link #SEEN_KEPT} messages taken, for failure messages (bounded: a long test reads many). */
  private final ArrayDeque<ServerMessage> seen = new ArrayDeque<>();
  private final Duration wait;
  private volatile @Nullable WebSocket socket;

  /** The server's close frame. */
  /** A close frame, and how long after the handshake it came (for failure messages). */
  private record Close(int code, String reason, long afterMillis) {}

  /** {@link System#nanoTime} when the handshake completed. */
  private volatile long opened = System.nanoTime();

  private WireSocket(Duration wait) {
    this.wait = wait;
  }

  /**
   * Opens a WebSocket with the subprotocol {@code collab.v1} and these handshake headers
   * (credentials, {@code Origin}); completes exceptionally when the handshake is refused.
   *
   * @param http the client to open it with (its executor runs the socket's callbacks)
   * @param uri the endpoint, {@code ws:} or {@code wss:}
   * @param headers handshake headers, sent as they are
   * @return the open socket, once the server accepted the handshake
   */
  public static CompletableFuture<WireSocket> open(HttpClient http, URI uri, Map<String, String> headers) {
    return open(http, uri, headers, WAIT);
  }

  /**
   * As {@link #open(HttpClient, URI, Map)}, waiting up to {@code wait} for each answer (a machine
   * busy with several servers may need more than {@link #WAIT}).
   *
   * @param http the client to open it with
   * @param uri the endpoint, {@code ws:} or {@code wss:}
   * @param headers handshake headers, sent as they are
   * @param wait how long each later wait for an answer or a close lasts
   * @return the open socket, once the server accepted the handshake
   */
  public static CompletableFuture<WireSocket> open(HttpClient http, URI uri, Map<String, String> headers, Duration wait) {
    WireSocket client = new WireSocket(Objects.requireNonNull(wait, "wait"));
    WebSocket.Builder builder = http.newWebSocketBuilder()
        .subprotocols("collab.v1").connectTimeout(Duration.ofSeconds(10));
    headers.forEach(builder::header);
    return builder.buildAsync(uri, client.listener).thenApply(ws -> {
      client.socket = ws;
      client.opened = System.nanoTime();
      return client;
    });
  }

  /**
   * The JDK's socket (its subprotocol, its output state).
   *
   * @return the socket; fails the test when it is not open yet
   */
  public WebSocket socket() {
    WebSocket open = socket;
    assertThat(open).as("an open socket").isNotNull();
    return Objects.requireNonNull(open);
  }

  /**
   * Sends a message, encoded by the protocol's codec, and waits until it is sent.
   *
   * @param message what to send
   */
  public void send(ClientMessage message) {
    sendRaw(ProtocolCodec.encode(message));
  }

  /**
   * Sends one text frame as it is, and waits until it is sent (fails with a {@link CompletionException}
   * naming the server's close, if any, when it cannot be).
   *
   * @param frame the frame's text, well-formed or not
   */
  public void sendRaw(String frame) {
    try {
      sendRawAsync(frame).orTimeout(wait.toSeconds(), TimeUnit.SECONDS).join();
    } catch (CompletionException failed) {
      // the same exception, saying what the connection had seen: why it closed is the question
      throw new CompletionException("a frame of " + frame.length() + " characters could not be sent (closed: "
          + closeState() + "; the last messages " + seen + ")", failed.getCause());
    }
  }

  /**
   * Sends one text frame as it is without waiting: for a frame the server may refuse by closing
   * before it has read all of it.
   *
   * @param frame the frame's text, well-formed or not
   * @return completes when the frame is handed to the network, exceptionally when it cannot be
   */
  public CompletableFuture<WebSocket> sendRawAsync(String frame) {
    return socket().sendText(frame, true);
  }

  /**
   * Sends {@code hello} (protocol 1) and expects {@code welcome} as the answer.
   *
   * @param client the client id to say hello with
   * @return the server's welcome
   * @throws InterruptedException when the test thread is interrupted while waiting
   */
  public ServerMessage.Welcome hello(String client) throws InterruptedException {
    send(new ClientMessage.Hello(1, client));
    return expect(ServerMessage.Welcome.class);
  }

  /**
   * Sends {@code hello} (protocol 1) and tells whether {@code welcome} came (true) or the server
   * closed the connection first (false), for a server that may refuse a connection after its
   * handshake; fails when neither happens in time.
   *
   * @param client the client id to say hello with
   * @return true when welcomed, false when the server closed the connection instead
   * @throws InterruptedException when the test thread is interrupted while waiting
   */
  public boolean welcomed(String client) throws InterruptedException {
    try {
      send(new ClientMessage.Hello(1, client));
    } catch (RuntimeException sendFailed) {
      // The server may close right after the handshake, before the hello is out: then say so.
      try {
        closed.get(wait.toSeconds(), TimeUnit.SECONDS);
        return false;
      } catch (ExecutionException broken) {
        return false; // closed without a close frame: the connection ended all the same
      } catch (TimeoutException noClose) {
        AssertionError error = new AssertionError("hello could not be sent, and no close came within "
            + wait.toSeconds() + " s", sendFailed);
        error.addSuppressed(noClose);
        throw error;
      }
    }
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      Object item = received.poll(50, TimeUnit.MILLISECONDS);
      if (item != null) {
        if (take(item) instanceof ServerMessage.Welcome) {
          return true;
        }
      } else if (closed.isDone()) {
        return false;
      }
    }
    throw new AssertionError("neither welcome nor a close within " + wait.toSeconds() + " s; the last messages " + seen);
  }

  /**
   * The next message, failing when none comes in time.
   *
   * @return the next message the server sent
   * @throws InterruptedException when the test thread is interrupted while waiting
   */
  public ServerMessage next() throws InterruptedException {
    Object item = received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(item).as("a message within %d s (closed: %s); the last messages %s", wait.toSeconds(), closeState(), seen)
        .isNotNull();
    return take(Objects.requireNonNull(item));
  }

  /**
   * The next message of this type, skipping others (presence, ops of other documents).
   *
   * @param <M> the message type
   * @param type the message type to wait for
   * @return the first message of that type
   * @throws InterruptedException when the test thread is interrupted while waiting
   */
  public <M extends ServerMessage> M next(Class<M> type) throws InterruptedException {
    while (true) {
      ServerMessage message = next();
      if (type.isInstance(message)) {
        return type.cast(message);
      }
    }
  }

  /**
   * The next message, which must be of this type: nothing else may come first.
   *
   * @param <M> the message type
   * @param type the type the next message must have
   * @return the next message
   * @throws InterruptedException when the test thread is interrupted while waiting
   */
  public <M extends ServerMessage> M expect(Class<M> type) throws InterruptedException {
    ServerMessage message = next();
    assertThat(message).as("the next message").isInstanceOf(type);
    return type.cast(message);
  }

  /**
   * Whatever arrives within {@code millis}, without failing when nothing does.
   *
   * @param millis how long to listen
   * @return the messages that arrived, in order (may be empty)
   * @throws InterruptedException when the test thread is interrupted while waiting
   */
  public List<ServerMessage> quiet(long millis) throws InterruptedException {
    List<ServerMessage> messages = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (true) {
      long left = deadline - System.nanoTime();
      Object item = left > 0 ? received.poll(left, TimeUnit.NANOSECONDS) : received.poll();
      if (item == null) {
        return messages;
      }
      if (item instanceof ServerMessage message) {
        remember(message);
        messages.add(message);
      }
    }
  }

  /**
   * Whether the connection has ended.
   *
   * @return true once the connection is closed (by the server, by {@link #close}, or broken)
   */
  public boolean isClosed() {
    return closed.isDone();
  }

  /**
   * The close code the server sent, waiting for it.
   *
   * @return the close frame's status code
   * @throws InterruptedException when the test thread is interrupted while waiting
   * @throws ExecutionException when the connection broke without a close frame (its cause says how)
   * @throws TimeoutException when the connection is still open after the wait
   */
  public int closeCode() throws InterruptedException, ExecutionException, TimeoutException {
    return closed.get(wait.toSeconds(), TimeUnit.SECONDS).code();
  }

  /**
   * The reason of the server's close frame, waiting for it as {@link #closeCode()} does.
   *
   * @return the close frame's reason text
   * @throws InterruptedException when the test thread is interrupted while waiting
   * @throws ExecutionException when the connection broke without a close frame
   * @throws TimeoutException when the connection is still open after the wait
   */
  public String closeReason() throws InterruptedException, ExecutionException, TimeoutException {
    return closed.get(wait.toSeconds(), TimeUnit.SECONDS).reason();
  }

  /**
   * Closes from this side and waits for the server's close frame: the server has then seen the
   * connection end (a container answers a close after its endpoint's close callback).
   *
   * @throws Exception when the close cannot be sent or no close comes back in time
   */
  public void closeAndWait() throws Exception {
    socket().sendClose(WebSocket.NORMAL_CLOSURE, "").get(wait.toSeconds(), TimeUnit.SECONDS);
    closed.get(wait.toSeconds(), TimeUnit.SECONDS);
  }

  /** Sends a close frame if the output is still open and drops the connection, without waiting. */
  @Override
  public void close() {
    WebSocket open = socket;
    if (open != null && !open.isOutputClosed()) {
      open.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
    }
    if (open != null) {
      open.abort();
    }
  }

  /** "no", the close frame, or how the connection broke: for failure messages. */
  private String closeState() {
    return closed.handle((close, broken) -> close != null ? close.toString() : "broken: " + broken).getNow("no");
  }

  private static final int SEEN_KEPT = 50;

  private void remember(ServerMessage message) {
    if (seen.size() == SEEN_KEPT) {
      seen.removeFirst();
    }
    seen.addLast(message);
  }

  private ServerMessage take(Object item) {
    if (item instanceof RuntimeException undecodable) {
      throw new AssertionError("the server sent a frame the protocol codec rejects", undecodable);
    }
    ServerMessage message = (ServerMessage) item;
    remember(message);
    return message;
  }

  /**
   * How many text frames the server has sent so far; an array frame of several messages counts
   * once. For tests of how a server batches what it sends.
   *
   * @return the number of complete text frames received
   */
  public long framesReceived() {
    return frames.get();
  }

  /** The JDK's callbacks, on its thread: frames decoded into the queue, the close recorded. */
  private final class Listener implements WebSocket.Listener {
    /** Confined to the JDK's callback thread, which delivers one frame part at a time. */
    private final StringBuilder partial = new StringBuilder();

    @Override
    public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        frames.incrementAndGet();
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
    public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(new Close(statusCode, reason, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened)));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.completeExceptionally(error);
    }
  }
}
