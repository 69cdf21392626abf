package dev.collab.client;

import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.ot.JsonLimits;
import dev.collab.ot.OtType;
import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ProtocolCodec;
import dev.collab.protocol.ServerMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The connection state machine behind a {@link CollabClient}: dials, says {@code hello}, reads
 * frames and routes their messages to the open {@link SharedDocument}s, pings, and on a lost
 * connection asks the {@link ReconnectPolicy} whether and when to dial again, or stops for good.
 * It is also what a {@link SharedDocument} sees of its client (sending, sequence numbers, timers,
 * the event thread). All state below the volatile fields is confined to the {@link EventLoop}.
 */
final class Connector {
  private final Map<String, String> headers;
  private final String clientId;
  private final Transport transport;
  private final ReconnectPolicy reconnects;
  private final ResubmitPolicy resubmits;
  private final Duration timeout;
  private final CopyOnWriteArrayList<CollabClient.Listener> listeners;
  /** Numbers this client's submits across all its documents, from 1. */
  private final AtomicLong seqs = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CompletableFuture<Void> firstWelcome = new CompletableFuture<>();
  private final EventLoop loop;
  private final Heartbeat heartbeat;
  private volatile @Nullable User user;
  private volatile ServerMessage.@Nullable Limits limits;
  private volatile boolean ready;

  // Everything below is confined to the event thread.
  private Transport.@Nullable Connection connection;
  /** Numbers connection attempts; events of an older attempt are ignored. */
  private long generation;
  private long readySince;
  private @Nullable ScheduledFuture<?> reconnectTask;
  private final OpenDocuments documents = new OpenDocuments();

  Connector(String clientId, Map<String, String> headers, Transport transport, ReconnectPolicy reconnects,
      ResubmitPolicy resubmits, Duration timeout, Duration pingInterval, CopyOnWriteArrayList<CollabClient.Listener> listeners) {
    this.clientId = clientId;
    this.headers = Map.copyOf(headers);
    this.transport = transport;
    this.reconnects = reconnects;
    this.resubmits = resubmits;
    this.timeout = timeout;
    this.listeners = listeners;
    this.loop = new EventLoop(clientId, closed::get);
    this.heartbeat = new Heartbeat(pingInterval, loop);
  }

  // ---------------------------------------------------------------- for CollabClient

  String clientId() {
    return clientId;
  }

  User user() {
    return Objects.requireNonNull(user, "not connected yet");
  }

  ServerMessage.Limits limits() {
    return Objects.requireNonNull(limits, "not connected yet");
  }

  boolean isReady() {
    return ready;
  }

  boolean isClosed() {
    return closed.get();
  }

  void addListener(CollabClient.Listener listener) {
    listeners.add(listener);
  }

  void removeListener(CollabClient.Listener listener) {
    listeners.remove(listener);
  }

  <O> SharedDocument<O> open(String doc, OtType<O> type) throws InterruptedException, TimeoutException {
    if (loop.isLoopThread()) {
      throw new IllegalStateException("open blocks: call openAsync from a listener");
    }
    try {
      return openAsync(doc, type).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw EventLoop.rethrow(e.getCause());
    }
  }

  <O> CompletableFuture<SharedDocument<O>> openAsync(String doc, OtType<O> type) {
    return loop.onLoop(() -> documents.open(new SharedDocument<>(this, type, doc), ready));
  }

  void abortConnection() {
    loop.onLoopIfOpen(() -> {
      Transport.Connection c = connection;
      if (c != null) {
        c.abort();
        lost(generation, 1006, "aborted by the application", null);
      }
    });
  }

  void close() {
    if (closed.compareAndSet(false, true)) {
      loop.shutdownFromOutside(() -> stop(null, true));
    }
  }

  /** Connects and waits for the first {@code welcome}. */
  void start() throws IOException, InterruptedException {
    loop.execute(this::dial, () -> {});
    try {
      firstWelcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      close();
      Throwable cause = e.getCause();
      throw cause instanceof IOException ? (IOException) cause
          : new IOException("could not connect to " + reconnects.uri() + ": " + cause, cause);
    } catch (TimeoutException e) {
      close();
      throw new IOException("no welcome from " + reconnects.uri() + " within " + timeout, e);
    } catch (InterruptedException e) {
      close();
      throw e;
    }
  }

  // ---------------------------------------------------------------- connection (event thread)

  private void dial() {
    loop.assertLoop();
    reconnectTask = null;
    if (closed.get()) {
      return;
    }
    long gen = ++generation;
    Transport.Listener listener = new Transport.Listener() {
      @Override
      public void onText(String frame) {
        loop.execute(() -> {
          if (gen == generation) {
            onFrame(frame);
          }
        }, () -> {});
      }

      @Override
      public void onClosed(int code, String reason) {
        loop.execute(() -> lost(gen, code, reason, null), () -> {});
      }

      @Override
      public void onError(Throwable error) {
        loop.execute(() -> lost(gen, 1006, String.valueOf(error), error), () -> {});
      }
    };
    CompletableFuture<Transport.Connection> connecting;
    try {
      connecting = transport.connect(reconnects.uri(), headers, listener);
    } catch (RuntimeException e) {
      connecting = CompletableFuture.failedFuture(e);
    }
    connecting.whenComplete((c, error) -> loop.execute(() -> {
      if (gen != generation || closed.get()) {
        if (c != null) {
          c.abort();
        }
        return;
      }
      if (error != null) {
        Throwable cause = error.getCause() != null && error instanceof CompletionException ? error.getCause() : error;
        lost(gen, 1006, "could not connect: " + cause, cause);
        return;
      }
      connection = c;
      heartbeat.received();
      c.send(ProtocolCodec.encode(new ClientMessage.Hello(ProtocolCodec.PROTOCOL, clientId)));
    }, () -> {
      if (c != null) {
        c.abort();
      }
    }));
  }

  private void onFrame(String frame) {
    heartbeat.received();
    List<ServerMessage> messages;
    try {
      messages = ProtocolCodec.decodeServerFrame(frame, JsonLimits.STORAGE);
    } catch (RuntimeException e) {
      // A server that sends what this client cannot read: start over on a new connection.
      log(System.Logger.Level.WARNING, "unreadable frame from " + reconnects.uri() + ": " + e);
      Transport.Connection c = connection;
      if (c != null) {
        c.abort();
      }
      lost(generation, 1002, "unreadable frame", e);
      return;
    }
    long gen = generation;
    for (ServerMessage message : messages) {
      if (gen != generation || closed.get()) {
        return; // the frame's earlier messages ended this connection
      }
      dispatch(message);
    }
  }

  private void dispatch(ServerMessage message) {
    if (message instanceof ServerMessage.Welcome) {
      onWelcome((ServerMessage.Welcome) message);
      return;
    }
    if (message instanceof ServerMessage.Pong) {
      return;
    }
    if (!documents.route(message) && message instanceof ServerMessage.Error) {
      ServerMessage.Error e = (ServerMessage.Error) message;
      DocumentError error = new DocumentError(e.code(), e.message(), e.seq());
      fire(l -> l.onError(error));
    }
  }

  private void onWelcome(ServerMessage.Welcome w) {
    User u = new User(w.user().id(), w.user().name(), Set.of());
    user = u;
    limits = w.limits();
    ready = true;
    readySince = System.nanoTime();
    heartbeat.start(readySince, this::ping);
    firstWelcome.complete(null);
    fire(l -> l.onConnected(u));
    documents.connected();
  }

  private void ping() {
    Transport.Connection c = connection;
    if (c == null || !ready) {
      return;
    }
    if (heartbeat.silentSincePing()) {
      c.abort();
      lost(generation, 1006, "no answer to ping within " + heartbeat.interval(), null);
      return;
    }
    c.send(ProtocolCodec.encode(new ClientMessage.Ping()));
  }

  /** The connection {@code gen} ended; unless it was final, schedule a reconnect. */
  private void lost(long gen, int code, String reason, @Nullable Throwable error) {
    if (gen != generation || closed.get()) {
      return;
    }
    generation++;
    Transport.Connection c = connection;
    connection = null;
    if (c != null && error != null) {
      c.abort();
    }
    boolean wasReady = ready;
    ready = false;
    heartbeat.stop();
    documents.disconnected();
    if (!firstWelcome.isDone()) {
      IOException failure = error instanceof IOException ? (IOException) error
          : new IOException("connection to " + reconnects.uri() + " closed before welcome: " + code + " " + reason, error);
      firstWelcome.completeExceptionally(failure);
      giveUp(failure);
      return;
    }
    if (code == ReconnectPolicy.POLICY || error instanceof Transport.Refused) {
      giveUp(new CollabException(ErrorCode.FORBIDDEN,
          "connection to " + reconnects.uri() + " refused for good (" + code + " " + reason + "); not reconnecting", error));
      return;
    }
    boolean stable = wasReady && System.nanoTime() - readySince >= ReconnectPolicy.STABLE_NANOS;
    long delay = reconnects.nextDelay(code, stable);
    if (delay < 0) {
      giveUp(new CollabException(ErrorCode.INTERNAL, "gave up reconnecting to " + reconnects.uri() + " after "
          + reconnects.attempts() + " attempts; last: " + code + " " + reason, error));
      return;
    }
    reconnects.advance();
    log(System.Logger.Level.DEBUG, "connection lost (" + code + " " + reason + "), reconnecting to " + reconnects.uri() + " in " + delay + " ms");
    Duration retryIn = Duration.ofMillis(delay);
    fire(l -> l.onDisconnected(code, reason, retryIn));
    reconnectTask = loop.schedule(this::dial, delay);
  }

  private void giveUp(Throwable failure) {
    closed.set(true);
    stop(failure, false);
  }

  /** Stops for good, on the event thread: closes documents and the connection, ends the thread. */
  private void stop(@Nullable Throwable cause, boolean leave) {
    loop.assertLoop();
    generation++;
    ready = false;
    if (reconnectTask != null) {
      reconnectTask.cancel(false);
    }
    heartbeat.stop();
    Transport.Connection c = connection;
    connection = null;
    Throwable why = cause != null ? cause : new IllegalStateException("the client is closed");
    documents.closeAll(why);
    if (c != null) {
      c.close(ReconnectPolicy.NORMAL, leave ? "client closed" : "client gave up");
    }
    firstWelcome.completeExceptionally(why);
    if (cause != null) {
      log(System.Logger.Level.WARNING, cause.getMessage());
    }
    fire(l -> l.onClosed(cause));
    loop.shutdown();
  }

  private void fire(Consumer<CollabClient.Listener> event) {
    for (CollabClient.Listener listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        log(System.Logger.Level.WARNING, "a listener failed: " + e);
      }
    }
  }

  // ---------------------------------------------------------------- for SharedDocument

  long nextSeq() {
    return seqs.incrementAndGet();
  }

  int presenceIntervalMs() {
    ServerMessage.Limits l = limits;
    return l == null ? 0 : l.presenceIntervalMs();
  }

  ResubmitPolicy resubmits() {
    return resubmits;
  }

  long nanoTime() {
    return System.nanoTime();
  }

  EventLoop loop() {
    return loop;
  }

  /** Sends {@code message} if a connection is ready; else drops it (a rejoin resends what matters). */
  void send(ClientMessage message) {
    loop.assertLoop();
    Transport.Connection c = connection;
    if (c != null && ready) {
      c.send(ProtocolCodec.encode(message));
    }
  }

  void forget(SharedDocument<?> shared) {
    loop.assertLoop();
    documents.remove(shared);
  }

  void log(System.Logger.Level level, String message) {
    loop.log(level, message);
  }
}
