package dev.collab.client;

import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.Ids;
import dev.collab.User;
import dev.collab.ot.Delta;
import dev.collab.ot.JsonLimits;
import dev.collab.ot.OtType;
import dev.collab.ot.RichText;
import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ProtocolCodec;
import dev.collab.protocol.ServerMessage;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A Java client of a Collab server over one WebSocket ({@code collab.v1}), built on the JDK's
 * {@code java.net.http} alone. It multiplexes any number of {@link SharedDocument}s, follows the
 * protocol's client rules, and survives connection loss:
 *
 * <ul>
 *   <li>On an unexpected close or error it reconnects with exponential backoff and jitter (bounded
 *       by {@link Builder#reconnectBackoff} and {@link Builder#maxReconnectAttempts}); promptly
 *       after close 1001 (a draining server); after 1009 or 1013 it starts at a later step. The
 *       backoff starts over once a connection stayed up for 10 s. Close 1008
 *       (policy: flooding, or another connection took over this client id) and a handshake refused
 *       with HTTP 4xx are final: reconnecting would not help, so the client closes.
 *   <li>After reconnecting it sends {@code hello} with the same client id and rejoins each open
 *       document with {@code from} = its last version; the {@code ops} reply goes to
 *       {@link ClientDocument#catchUp}, which recognises the in-flight op if it was committed, and
 *       what it returns is sent (the in-flight op again with its original {@code seq}, then the
 *       buffer). A {@code snapshot} reply (history gone) replaces the document and drops pending
 *       edits, reported to {@link DocumentListener#onError} and {@link DocumentListener#onReset}.
 *   <li>A ping every {@link Builder#pingInterval}; a connection that received nothing since the
 *       previous ping is considered dead and replaced.
 * </ul>
 *
 * <p>Threads: one event thread per client ({@code collab-client-<id>}) owns all protocol state;
 * transport callbacks are handed to it. Listeners run on it and must not block. Public methods may
 * be called from any thread; the blocking ones ({@link #open}) must not be called from a listener.
 *
 * <p>This class is the connection's state machine, so it is one of the larger files; per-document
 * logic lives in {@link SharedDocument}.
 */
public final class CollabClient implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(CollabClient.class.getName());
  /** A connection up at least this long counts as healthy: the backoff starts over. */
  private static final long STABLE_NANOS = TimeUnit.SECONDS.toNanos(10);
  /** After 1009 or 1013 the backoff starts at least at this step (2 s with the default 500 ms). */
  static final int OVERLOAD_ATTEMPT = 2;
  static final int NORMAL = 1000;
  static final int GOING_AWAY = 1001;
  static final int POLICY = 1008;
  static final int TOO_BIG = 1009;
  static final int TRY_LATER = 1013;

  /** Hears about the connection; called on the client's event thread. */
  public interface Listener {
    /**
     * A {@code welcome} arrived: the connection is ready (first connect or a reconnect). The
     * default does nothing.
     *
     * @param user the user the server authenticated
     */
    default void onConnected(User user) {}

    /**
     * The connection was lost with {@code code}; a reconnect follows after {@code retryIn}. The
     * default does nothing.
     *
     * @param code the WebSocket close code (1006 when the connection failed without a close)
     * @param reason the close reason, possibly empty
     * @param retryIn the delay before the next reconnect attempt
     */
    default void onDisconnected(int code, String reason, Duration retryIn) {}

    /**
     * The client stopped for good. The default does nothing.
     *
     * @param cause null after {@link #close()}, else why it gave up (a final close code, a refused
     *     handshake, too many failed reconnects)
     */
    default void onClosed(@Nullable Throwable cause) {}

    /**
     * An {@code error} from the server about no document (e.g. {@code bad-message}). The default
     * does nothing.
     *
     * @param error the server's code and message
     */
    default void onError(DocumentError error) {}
  }

  /** The server and its {@link Builder#failover} alternatives, tried in turn on reconnect. */
  private final List<URI> uris;
  private final Map<String, String> headers;
  private final String clientId;
  private final Transport transport;
  private final Backoff backoff;
  private final Backoff submitBackoff;
  private final int maxReconnectAttempts;
  private final int maxSubmitRetries;
  private final Duration timeout;
  private final Duration pingInterval;
  private final Random random;
  private final List<Listener> listeners;
  private final ScheduledThreadPoolExecutor loop;
  private final Thread loopThread;
  /** Numbers this client's submits across all its documents, from 1. */
  private final AtomicLong seqs = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CompletableFuture<Void> firstWelcome = new CompletableFuture<>();
  private volatile @Nullable User user;
  private volatile ServerMessage.@Nullable Limits limits;
  private volatile boolean ready;

  // Everything below is confined to the event thread.
  private Transport.@Nullable Connection connection;
  /**
   * The server dialled: the first URI, after a lost connection the next one of {@link #uris}.
   * Written on the event thread only; volatile because error messages of {@link #start} read it.
   */
  private volatile URI uri;
  /** Numbers connection attempts; events of an older attempt are ignored. */
  private long generation;
  private int attempt;
  private long readySince;
  private @Nullable ScheduledFuture<?> reconnectTask;
  private @Nullable ScheduledFuture<?> pingTask;
  private long lastReceived;
  private long lastPing;
  private final Map<String, SharedDocument<?>> documents = new LinkedHashMap<>();

  private CollabClient(Builder b) {
    List<URI> all = new ArrayList<>();
    all.add(b.uri);
    all.addAll(b.failover);
    this.uris = List.copyOf(all);
    this.uri = b.uri;
    this.headers = Map.copyOf(b.headers);
    this.clientId = b.clientId != null ? b.clientId : newClientId();
    this.transport = b.transport != null ? b.transport : new JdkTransport(b.timeout);
    this.backoff = new Backoff(b.initialBackoff, b.maxBackoff);
    this.submitBackoff = new Backoff(b.initialBackoff, b.maxBackoff);
    this.maxReconnectAttempts = b.maxReconnectAttempts;
    this.maxSubmitRetries = b.maxSubmitRetries;
    this.timeout = b.timeout;
    this.pingInterval = b.pingInterval;
    this.random = b.seed != null ? new Random(b.seed) : new Random();
    this.listeners = new CopyOnWriteArrayList<>(b.listeners);
    Thread[] thread = new Thread[1];
    this.loop = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "collab-client-" + clientId);
      t.setDaemon(true);
      thread[0] = t;
      return t;
    }, new ThreadPoolExecutor.AbortPolicy());
    loop.setRemoveOnCancelPolicy(true);
    loop.prestartCoreThread();
    this.loopThread = thread[0];
  }

  /**
   * Starts building a client of the WebSocket at {@code uri} (e.g. {@code ws://host/app/collab/ws}).
   *
   * @param uri the server's WebSocket endpoint, {@code ws:} or {@code wss:}
   * @return a builder with the defaults; {@link Builder#connect()} connects
   * @throws NullPointerException when {@code uri} is null
   */
  public static Builder builder(URI uri) {
    return new Builder(uri);
  }

  /**
   * A new random client id, from a {@link SecureRandom}.
   *
   * @return 22 characters of letters, digits, '-' and '_' (128 random bits)
   */
  public static String newClientId() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * This client's id, the same across reconnects.
   *
   * @return the id the builder was given, or the one it generated
   */
  public String clientId() {
    return clientId;
  }

  /**
   * The user the server authenticated, as of the last {@code welcome}.
   *
   * @return the user; never null once {@link Builder#connect()} returned
   */
  public User user() {
    return Objects.requireNonNull(user, "not connected yet");
  }

  /**
   * The server's limits, as of the last {@code welcome}.
   *
   * @return the limits; never null once {@link Builder#connect()} returned
   */
  public ServerMessage.Limits limits() {
    return Objects.requireNonNull(limits, "not connected yet");
  }

  /**
   * Whether the client is connected now.
   *
   * @return true while a connection is up and welcomed; false while reconnecting or closed
   */
  public boolean isConnected() {
    return ready;
  }

  /**
   * Whether the client stopped for good.
   *
   * @return true after {@link #close()} or after the client gave up reconnecting
   */
  public boolean isClosed() {
    return closed.get();
  }

  /**
   * Adds a connection listener; any thread.
   *
   * @param listener called on the event thread for every later connection event
   */
  public void addListener(Listener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Removes a connection listener; nothing happens when it was not added. Any thread.
   *
   * @param listener the listener to remove
   */
  public void removeListener(Listener listener) {
    listeners.remove(listener);
  }

  /**
   * Opens a rich-text document; see {@link #open(String, OtType)}.
   *
   * @param doc the document's id
   * @return the open document, its snapshot applied
   * @throws InterruptedException if the calling thread was interrupted while waiting
   * @throws TimeoutException if the snapshot did not arrive within the client's timeout
   */
  public SharedDocument<Delta> open(String doc) throws InterruptedException, TimeoutException {
    return open(doc, RichText.INSTANCE);
  }

  /**
   * Joins document {@code doc} and returns once its snapshot arrived (within the client's
   * timeout). Must not be called from a listener; use {@link #openAsync} there.
   *
   * @param <O> the op type of the document's OT type
   * @param doc the document's id ({@link Ids#requireDocumentId})
   * @param type the document's OT type; it must be the server's type for the document
   * @return the open document, its snapshot applied
   * @throws CollabException with the server's code if the join was refused (e.g.
   *     {@code unknown-document}, {@code forbidden})
   * @throws IllegalArgumentException if {@code doc} is not a document id
   * @throws IllegalStateException if the document is already open on this client, or the client is
   *     closed, or this is called on the event thread
   * @throws InterruptedException if the calling thread was interrupted while waiting
   * @throws TimeoutException if the snapshot did not arrive within the client's timeout
   */
  public <O> SharedDocument<O> open(String doc, OtType<O> type) throws InterruptedException, TimeoutException {
    if (Thread.currentThread() == loopThread) {
      throw new IllegalStateException("open blocks: call openAsync from a listener");
    }
    try {
      return openAsync(doc, type).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  /**
   * Opens a rich-text document; completes when its snapshot arrived. See {@link #openAsync(String,
   * OtType)}.
   *
   * @param doc the document's id
   * @return a future completed with the open document, or exceptionally
   */
  public CompletableFuture<SharedDocument<Delta>> openAsync(String doc) {
    return openAsync(doc, RichText.INSTANCE);
  }

  /**
   * Joins {@code doc}; completes (on the event thread) when its snapshot arrived, or exceptionally.
   * May be called from a listener.
   *
   * @param <O> the op type of the document's OT type
   * @param doc the document's id ({@link Ids#requireDocumentId})
   * @param type the document's OT type
   * @return a future completed with the open document, or exceptionally with a {@link
   *     CollabException} carrying the server's code when the join was refused
   * @throws IllegalArgumentException if {@code doc} is not a document id
   * @throws IllegalStateException if the document is already open on this client, or the client is
   *     closed
   */
  public <O> CompletableFuture<SharedDocument<O>> openAsync(String doc, OtType<O> type) {
    Ids.requireDocumentId(doc);
    Objects.requireNonNull(type, "type");
    return onLoop(() -> {
      if (documents.containsKey(doc)) {
        throw new IllegalStateException("document " + doc + " is already open on this client");
      }
      SharedDocument<O> shared = new SharedDocument<>(this, type, doc);
      documents.put(doc, shared);
      if (ready) {
        shared.connected();
      }
      return shared.opened();
    });
  }

  /**
   * Drops the current connection abruptly, as a network failure would, and reconnects as after
   * one. For tests and fault-injection tools.
   */
  public void abortConnection() {
    onLoopIfOpen(() -> {
      Transport.Connection c = connection;
      if (c != null) {
        c.abort();
        lost(generation, 1006, "aborted by the application", null);
      }
    });
  }

  /**
   * Leaves every document, closes the connection and stops reconnecting. Pending edits are
   * abandoned. Idempotent; waits briefly for the event thread to finish.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Runnable shutdown = () -> stop(null, true);
    if (Thread.currentThread() == loopThread) {
      shutdown.run();
      return;
    }
    try {
      loop.execute(shutdown);
      loop.awaitTermination(5, TimeUnit.SECONDS);
    } catch (RejectedExecutionException e) {
      // already stopped
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- connection (event thread)

  /** Connects and waits for the first {@code welcome}. */
  private void start() throws IOException, InterruptedException {
    execute(this::dial, () -> {});
    try {
      firstWelcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      close();
      Throwable cause = e.getCause();
      throw cause instanceof IOException ? (IOException) cause : new IOException("could not connect to " + uri + ": " + cause, cause);
    } catch (TimeoutException e) {
      close();
      throw new IOException("no welcome from " + uri + " within " + timeout, e);
    } catch (InterruptedException e) {
      close();
      throw e;
    }
  }

  private void dial() {
    assertLoop();
    reconnectTask = null;
    if (closed.get()) {
      return;
    }
    long gen = ++generation;
    Transport.Listener listener = new Transport.Listener() {
      @Override
      public void onText(String frame) {
        execute(() -> {
          if (gen == generation) {
            onFrame(frame);
          }
        }, () -> {});
      }

      @Override
      public void onClosed(int code, String reason) {
        execute(() -> lost(gen, code, reason, null), () -> {});
      }

      @Override
      public void onError(Throwable error) {
        execute(() -> lost(gen, 1006, String.valueOf(error), error), () -> {});
      }
    };
    CompletableFuture<Transport.Connection> connecting;
    try {
      connecting = transport.connect(uri, headers, listener);
    } catch (RuntimeException e) {
      connecting = CompletableFuture.failedFuture(e);
    }
    connecting.whenComplete((c, error) -> execute(() -> {
      if (gen != generation || closed.get()) {
        if (c != null) {
          c.abort();
        }
        return;
      }
      if (error != null) {
        Throwable cause = error.getCause() != null && error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
        lost(gen, 1006, "could not connect: " + cause, cause);
        return;
      }
      connection = c;
      lastReceived = System.nanoTime();
      c.send(ProtocolCodec.encode(new ClientMessage.Hello(ProtocolCodec.PROTOCOL, clientId)));
    }, () -> {
      if (c != null) {
        c.abort();
      }
    }));
  }

  private void onFrame(String frame) {
    lastReceived = System.nanoTime();
    List<ServerMessage> messages;
    try {
      messages = ProtocolCodec.decodeServerFrame(frame, JsonLimits.STORAGE);
    } catch (RuntimeException e) {
      // A server that sends what this client cannot read: start over on a new connection.
      log(System.Logger.Level.WARNING, "unreadable frame from " + uri + ": " + e);
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
    String doc = docOf(message);
    if (doc == null) {
      if (message instanceof ServerMessage.Error) {
        ServerMessage.Error e = (ServerMessage.Error) message;
        DocumentError error = new DocumentError(e.code(), e.message(), e.seq());
        fire(l -> l.onError(error));
      }
      return;
    }
    SharedDocument<?> shared = documents.get(doc);
    if (shared != null) {
      shared.onMessage(message);
    }
  }

  private void onWelcome(ServerMessage.Welcome w) {
    User u = new User(w.user().id(), w.user().name(), java.util.Set.of());
    user = u;
    limits = w.limits();
    ready = true;
    readySince = System.nanoTime();
    lastReceived = readySince;
    lastPing = readySince;
    if (pingTask == null) {
      long every = pingInterval.toMillis();
      pingTask = loop.scheduleWithFixedDelay(guarded(this::ping), every, every, TimeUnit.MILLISECONDS);
    }
    firstWelcome.complete(null);
    fire(l -> l.onConnected(u));
    for (SharedDocument<?> shared : List.copyOf(documents.values())) {
      shared.connected();
    }
  }

  private void ping() {
    Transport.Connection c = connection;
    if (c == null || !ready) {
      return;
    }
    if (lastPing - lastReceived > 0) {
      // Nothing arrived since the last ping, not even its pong: the connection is dead.
      c.abort();
      lost(generation, 1006, "no answer to ping within " + pingInterval, null);
      return;
    }
    lastPing = System.nanoTime();
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
    if (pingTask != null) {
      pingTask.cancel(false);
      pingTask = null;
    }
    for (SharedDocument<?> shared : List.copyOf(documents.values())) {
      shared.disconnected();
    }
    if (!firstWelcome.isDone()) {
      IOException failure = error instanceof IOException ? (IOException) error
          : new IOException("connection to " + uri + " closed before welcome: " + code + " " + reason, error);
      firstWelcome.completeExceptionally(failure);
      closed.set(true);
      stop(failure, false);
      return;
    }
    if (code == POLICY || error instanceof Transport.Refused) {
      CollabException failure = new CollabException(ErrorCode.FORBIDDEN,
          "connection to " + uri + " refused for good (" + code + " " + reason + "); not reconnecting", error);
      closed.set(true);
      stop(failure, false);
      return;
    }
    boolean overload = code == TOO_BIG || code == TRY_LATER;
    if (wasReady && System.nanoTime() - readySince >= STABLE_NANOS) {
      attempt = 0;
    }
    if (overload) {
      // The server is overloaded or this client cannot keep up: never come back at once.
      attempt = Math.max(attempt, OVERLOAD_ATTEMPT);
    }
    long delay;
    if (code == GOING_AWAY) {
      delay = backoff.promptMillis(random);
    } else {
      if (attempt >= maxReconnectAttempts) {
        CollabException failure = new CollabException(ErrorCode.INTERNAL,
            "gave up reconnecting to " + uri + " after " + attempt + " attempts; last: " + code + " " + reason, error);
        closed.set(true);
        stop(failure, false);
        return;
      }
      delay = backoff.delayMillis(attempt++, random);
    }
    if (uris.size() > 1) {
      // Failover: the next server of the list (round robin); with one URI, the same server again.
      uri = uris.get((uris.indexOf(uri) + 1) % uris.size());
    }
    log(System.Logger.Level.DEBUG, "connection lost (" + code + " " + reason + "), reconnecting to " + uri + " in " + delay + " ms");
    Duration retryIn = Duration.ofMillis(delay);
    fire(l -> l.onDisconnected(code, reason, retryIn));
    reconnectTask = loop.schedule(guarded(this::dial), delay, TimeUnit.MILLISECONDS);
  }

  /** Stops for good, on the event thread: closes documents and the connection, ends the thread. */
  private void stop(@Nullable Throwable cause, boolean leave) {
    assertLoop();
    generation++;
    ready = false;
    if (reconnectTask != null) {
      reconnectTask.cancel(false);
    }
    if (pingTask != null) {
      pingTask.cancel(false);
    }
    Transport.Connection c = connection;
    connection = null;
    Throwable why = cause != null ? cause : new IllegalStateException("the client is closed");
    for (SharedDocument<?> shared : List.copyOf(documents.values())) {
      shared.closeLocally(why);
    }
    documents.clear();
    if (c != null) {
      c.close(NORMAL, leave ? "client closed" : "client gave up");
    }
    firstWelcome.completeExceptionally(why);
    if (cause != null) {
      log(System.Logger.Level.WARNING, cause.getMessage());
    }
    fire(l -> l.onClosed(cause));
    loop.shutdown();
  }

  // ---------------------------------------------------------------- for SharedDocument

  long nextSeq() {
    return seqs.incrementAndGet();
  }

  boolean isReady() {
    return ready;
  }

  int presenceIntervalMs() {
    ServerMessage.Limits l = limits;
    return l == null ? 0 : l.presenceIntervalMs();
  }

  Backoff submitBackoff() {
    return submitBackoff;
  }

  Random random() {
    return random;
  }

  int maxSubmitRetries() {
    return maxSubmitRetries;
  }

  long nanoTime() {
    return System.nanoTime();
  }

  /** Sends {@code message} if a connection is ready; else drops it (a rejoin resends what matters). */
  void send(ClientMessage message) {
    assertLoop();
    Transport.Connection c = connection;
    if (c != null && ready) {
      c.send(ProtocolCodec.encode(message));
    }
  }

  void forget(SharedDocument<?> shared) {
    assertLoop();
    documents.remove(shared.id(), shared);
  }

  ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
    return loop.schedule(guarded(task), delayMillis, TimeUnit.MILLISECONDS);
  }

  void assertLoop() {
    if (Thread.currentThread() != loopThread) {
      throw new IllegalStateException("must run on " + loopThread.getName() + ", not " + Thread.currentThread().getName());
    }
  }

  /** Runs {@code task} on the event thread and waits for it (at once when already there). */
  <T> T onLoop(Supplier<T> task) {
    if (Thread.currentThread() == loopThread) {
      return task.get();
    }
    if (closed.get()) {
      throw new IllegalStateException("the client is closed");
    }
    Future<T> result;
    try {
      result = loop.submit(task::get);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("the client is closed", e);
    }
    try {
      return result.get();
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the client's event thread", e);
    }
  }

  /** Like {@link #onLoop} but does nothing when the client is closed. */
  void onLoopIfOpen(Runnable task) {
    if (Thread.currentThread() == loopThread) {
      task.run();
      return;
    }
    try {
      loop.submit(task).get();
    } catch (RejectedExecutionException e) {
      // closed
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs {@code task} on the event thread later, or {@code ifClosed} if the client is closed. */
  void execute(Runnable task, Runnable ifClosed) {
    try {
      loop.execute(guarded(task));
    } catch (RejectedExecutionException e) {
      ifClosed.run();
    }
  }

  void log(System.Logger.Level level, String message) {
    LOG.log(level, "collab client " + clientId + ": " + message);
  }

  private Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        LOG.log(System.Logger.Level.ERROR, "collab client " + clientId + ": unexpected failure", e);
      }
    };
  }

  private void fire(java.util.function.Consumer<Listener> event) {
    for (Listener listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        log(System.Logger.Level.WARNING, "a listener failed: " + e);
      }
    }
  }

  private static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof RuntimeException) {
      throw (RuntimeException) cause;
    }
    if (cause instanceof Error) {
      throw (Error) cause;
    }
    throw new IllegalStateException(cause);
  }

  private static @Nullable String docOf(ServerMessage m) {
    if (m instanceof ServerMessage.Snapshot) {
      return ((ServerMessage.Snapshot) m).doc();
    } else if (m instanceof ServerMessage.Ops) {
      return ((ServerMessage.Ops) m).doc();
    } else if (m instanceof ServerMessage.Op) {
      return ((ServerMessage.Op) m).doc();
    } else if (m instanceof ServerMessage.Ack) {
      return ((ServerMessage.Ack) m).doc();
    } else if (m instanceof ServerMessage.Presence) {
      return ((ServerMessage.Presence) m).doc();
    } else if (m instanceof ServerMessage.PresenceGone) {
      return ((ServerMessage.PresenceGone) m).doc();
    } else if (m instanceof ServerMessage.Left) {
      return ((ServerMessage.Left) m).doc();
    } else if (m instanceof ServerMessage.Error) {
      return ((ServerMessage.Error) m).doc();
    }
    return null;
  }

  /** Configures and connects a {@link CollabClient}. */
  public static final class Builder {
    private final URI uri;
    private final List<URI> failover = new ArrayList<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<Listener> listeners = new ArrayList<>();
    private @Nullable String clientId;
    private @Nullable Transport transport;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private int maxReconnectAttempts = 30;
    private int maxSubmitRetries = 5;
    private Duration timeout = Duration.ofSeconds(30);
    private Duration pingInterval = Duration.ofSeconds(30);
    private @Nullable Long seed;

    private Builder(URI uri) {
      this.uri = Objects.requireNonNull(uri, "uri");
    }

    /**
     * An extra handshake header, e.g. {@code Authorization} or {@code Cookie}; a second call with
     * the same name replaces the value.
     *
     * @param name the header's name
     * @param value the header's value
     * @return this builder
     */
    public Builder header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Other nodes of the same cluster (servers sharing one store and one bus), for failover: after
     * a lost connection each reconnect attempt dials the next URI of the list [{@code uri},
     * {@code others}...] in turn, round robin, and rejoins there as on any reconnect (same client
     * id, in-flight op resubmitted with its original {@code seq}). The first connection is always
     * to {@code uri}. Default: none, every reconnect goes to {@code uri}.
     *
     * @param others the other nodes' WebSocket endpoints, added to those of earlier calls
     * @return this builder
     */
    public Builder failover(List<URI> others) {
      for (URI other : others) {
        failover.add(Objects.requireNonNull(other, "failover uri"));
      }
      return this;
    }

    /**
     * The client id (default: {@link #newClientId()}); keep it for the life of one "tab".
     *
     * @param id a client id ({@link Ids#requireClientId}); the server binds it to the user
     * @return this builder
     * @throws IllegalArgumentException if {@code id} is not a client id
     */
    public Builder clientId(String id) {
      this.clientId = Ids.requireClientId(id);
      return this;
    }

    /**
     * Reconnect delays: the n-th consecutive attempt waits a random time in
     * {@code [s/2, s]} with {@code s = min(max, initial * 2^n)}. Also used between resubmits of an
     * op refused for a transient reason. Default 500 ms and 30 s.
     *
     * @param initial the first step; positive
     * @param max the longest step; at least {@code initial}
     * @return this builder
     * @throws IllegalArgumentException if {@code initial} is not positive or {@code max} is less
     */
    public Builder reconnectBackoff(Duration initial, Duration max) {
      new Backoff(initial, max);
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /**
     * Consecutive failed reconnects before the client gives up and closes (default 30).
     *
     * @param attempts 0 or more; 0 closes the client at the first lost connection (a close 1001,
     *     from a draining server, is always followed by a prompt reconnect and counts no attempt)
     * @return this builder
     * @throws IllegalArgumentException if {@code attempts} is negative
     */
    public Builder maxReconnectAttempts(int attempts) {
      if (attempts < 0) {
        throw new IllegalArgumentException("maxReconnectAttempts must be 0 or more, was " + attempts);
      }
      this.maxReconnectAttempts = attempts;
      return this;
    }

    /**
     * Resubmits of one op refused as rate-limited, retry-exhausted, draining or internal before it
     * is undone (default 5).
     *
     * @param retries 0 or more; 0 undoes such an op at its first refusal
     * @return this builder
     * @throws IllegalArgumentException if {@code retries} is negative
     */
    public Builder maxSubmitRetries(int retries) {
      if (retries < 0) {
        throw new IllegalArgumentException("maxSubmitRetries must be 0 or more, was " + retries);
      }
      this.maxSubmitRetries = retries;
      return this;
    }

    /**
     * How long {@link #connect()} and {@link CollabClient#open} wait (default 30 s).
     *
     * @param timeout a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Time between pings (default 30 s); a connection silent for a whole interval after a ping is
     * replaced.
     *
     * @param interval a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code interval} is zero or negative
     */
    public Builder pingInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("pingInterval must be positive, was " + interval);
      }
      this.pingInterval = interval;
      return this;
    }

    /**
     * Seeds the backoff jitter, for reproducible tests (default: an unseeded random).
     *
     * @param seed the seed of the jitter's random numbers
     * @return this builder
     */
    public Builder jitterSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Adds a connection listener (also possible later with {@link CollabClient#addListener}).
     *
     * @param listener called on the event thread, from the first connection on
     * @return this builder
     */
    public Builder listener(Listener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** For tests: the transport to use instead of the JDK WebSocket. */
    Builder transport(Transport transport) {
      this.transport = transport;
      return this;
    }

    /**
     * Connects, sends {@code hello} and waits for {@code welcome}. A failure here is not retried.
     *
     * @return the connected client; close it when done
     * @throws IOException if the connection or the handshake failed (a refused handshake is a
     *     {@link IOException} naming the HTTP status), or no welcome came within the timeout
     * @throws InterruptedException if the calling thread was interrupted while waiting; the client
     *     is closed
     */
    public CollabClient connect() throws IOException, InterruptedException {
      CollabClient client = new CollabClient(this);
      client.start();
      return client;
    }
  }
}
