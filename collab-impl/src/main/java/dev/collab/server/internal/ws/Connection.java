package dev.collab.server.internal.ws;

import dev.collab.server.internal.config.WireConfig;

import dev.collab.Access;
import dev.collab.CollabException;
import dev.collab.CommittedOp;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.internal.json.BoundedJson;
import dev.collab.ot.JsonLimits;
import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ProtocolCodec;
import dev.collab.protocol.ServerMessage;
import dev.collab.server.internal.engine.CollabEngine;
import dev.collab.server.internal.engine.JoinReply;
import dev.collab.server.internal.engine.Session;
import dev.collab.server.internal.engine.SessionListener;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One client connection speaking {@code collab.v1}, independent of the transport: it decodes
 * frames, enforces the rate limits, drives a {@link Session}, and turns what the engine says into
 * frames on a bounded outbound queue ({@link Outbound}) that is sent asynchronously, coalescing into
 * array frames when the client is behind. A client that falls further behind than the bound (what
 * it has not confirmed reading, counted by pings, whatever the container buffers) is closed with
 * 1013 (it resyncs on reconnect); it never makes the server buffer without limit.
 *
 * <p>{@link #onMessage} is called by one transport thread at a time; the listener methods are
 * called from engine threads; both are safe together.
 */
public final class Connection implements SessionListener {
  private static final System.Logger LOG = System.getLogger(Connection.class.getName());
  /** Close codes of the protocol. */
  public static final int NORMAL = 1000;
  public static final int GOING_AWAY = 1001;
  public static final int POLICY = 1008;
  public static final int TOO_BIG = 1009;
  public static final int TRY_LATER = 1013;
  /** Closed by an administrator (an extension, docs/PROTOCOL.md): the reason is for the user. */
  public static final int ADMIN_CLOSE = 4000;

  /** What a connection needs from its transport. */
  public interface Transport {
    /** Sends one text frame asynchronously; calls {@code done} with null or the failure. */
    void send(String frame, Consumer<@Nullable Throwable> done);

    /**
     * Sends a WebSocket ping with {@code payload} without blocking the caller; the client's pong
     * goes to {@link Connection#onPong}. False when it cannot be sent now (it is tried again later).
     */
    boolean ping(byte[] payload);

    /** Closes the connection with a close code. */
    void close(int code, String reason);
  }

  private final CollabEngine engine;
  private final WireConfig config;
  private final User user;
  private final Transport transport;
  private final OpFrames opFrames;
  /** The frame limit, the message rates and when the client was last heard. */
  private final Inbound inbound;

  /** Set by the hello; read by engine threads through the listener, hence volatile. */
  private volatile @Nullable Session session;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** What the client is owed, and the flow control that bounds it. */
  private final Outbound outbound;
  /** Set by {@link #refused}: the reason to close with 1008 once the queue is sent. */
  private volatile @Nullable String closeAfterSend;

  public Connection(CollabEngine engine, WireConfig config, User user, Transport transport, OpFrames opFrames,
      RateWindows userWindows) {
    this.engine = engine;
    this.config = config;
    this.user = user;
    this.transport = transport;
    this.opFrames = opFrames;
    this.inbound = new Inbound(config, user.id(), userWindows);
    this.outbound = new Outbound(config, transport, this::tooSlow, this::sendFailed, closed::get);
    outbound.onIdle(this::closeIfSent);
  }

  /** The client owes more than the bound: closed with 1013, and said so in the log. */
  private void tooSlow() {
    if (closed.get()) {
      return;
    }
    Session current = session;
    LOG.log(System.Logger.Level.INFO, "collab: closing client {0} of user {1} with 1013: it owes {2} characters"
        + " (collab.max-queued-bytes {3}) or {4} messages (collab.max-queued-messages)",
        current == null ? "(before hello)" : current.client(), user.id(), outbound.owed(), config.maxQueuedBytes(),
        config.maxQueuedMessages());
    engine.metrics().observer.slowConsumerClosed();
    close(TRY_LATER, "the client is not keeping up");
  }

  /**
   * The transport failed a send: the connection is over (the client left, or the network broke),
   * which is normal for a WebSocket, so it is logged at DEBUG only. The client resyncs on reconnect.
   */
  private void sendFailed(Throwable failure) {
    if (!closed.get()) {
      LOG.log(System.Logger.Level.DEBUG, "collab: a send to " + describe() + " failed; closing the connection", failure);
    }
    onClose();
  }

  /** Who is at the other end, for the log: {@code client <id> of user <id>}. */
  String describe() {
    Session current = session;
    return "client " + (current == null ? "(before hello)" : current.client()) + " of user " + user.id();
  }

  /** A text frame arrived. */
  public void onMessage(String frame) {
    if (closed.get()) {
      return;
    }
    inbound.heard();
    // The container is asked to close larger frames (setMaxTextMessageBufferSize), but not every
    // container does: WildFly 38 (Undertow) delivered one. The limit is checked here too.
    if (Inbound.overBytes(frame, config.maxMessageBytes())) {
      close(TOO_BIG, "frame over " + config.maxMessageBytes() + " bytes");
      return;
    }
    for (ProtocolCodec.Decoded<ClientMessage> decoded : inbound.decode(frame)) {
      if (closed.get()) {
        return;
      }
      RateWindow.Verdict verdict = inbound.count(System.nanoTime());
      if (verdict != RateWindow.Verdict.ACCEPT) {
        engine.metrics().observer.messageRateLimited();
        send(inbound.rateLimited(decoded.message()));
        if (verdict == RateWindow.Verdict.CLOSE) {
          close(POLICY, "flooding");
        }
        continue;
      }
      if (decoded.error() != null) {
        send(decoded.error());
      } else {
        handle(decoded.message());
      }
    }
  }

  private void handle(ClientMessage message) {
    Session current = session;
    if (message instanceof ClientMessage.Hello) {
      hello((ClientMessage.Hello) message);
      return;
    }
    if (message instanceof ClientMessage.Ping) {
      send(new ServerMessage.Pong());
      return;
    }
    if (current == null) {
      send(new ServerMessage.Error(ErrorCode.BAD_MESSAGE, "the first message must be hello", Inbound.docOf(message), Inbound.seqOf(message)));
      return;
    }
    if (engine.isDraining()) {
      send(new ServerMessage.Error(ErrorCode.DRAINING, "the server is shutting down; reconnect", Inbound.docOf(message), Inbound.seqOf(message)));
      return;
    }
    if (message instanceof ClientMessage.Join) {
      ClientMessage.Join join = (ClientMessage.Join) message;
      current.join(join.doc(), join.from());
    } else if (message instanceof ClientMessage.Submit) {
      ClientMessage.Submit submit = (ClientMessage.Submit) message;
      current.submit(submit.doc(), submit.base(), submit.seq(), submit.op());
    } else if (message instanceof ClientMessage.Presence) {
      ClientMessage.Presence presence = (ClientMessage.Presence) message;
      current.presence(presence.doc(), presence.range(), presence.meta());
    } else if (message instanceof ClientMessage.Leave) {
      current.leave(((ClientMessage.Leave) message).doc());
    } else if (message instanceof ClientMessage.Comment) {
      current.comment((ClientMessage.Comment) message);
    }
  }

  private void hello(ClientMessage.Hello hello) {
    if (session != null) {
      send(new ServerMessage.Error(ErrorCode.BAD_MESSAGE, "a second hello", null, null));
      return;
    }
    if (hello.protocol() != ProtocolCodec.PROTOCOL) {
      send(new ServerMessage.Error(ErrorCode.UNSUPPORTED_PROTOCOL,
          "protocol " + hello.protocol() + " is not supported; this server speaks " + ProtocolCodec.PROTOCOL, null, null));
      return;
    }
    try {
      session = engine.openSession(user, hello.client(), this);
    } catch (CollabException e) {
      send(new ServerMessage.Error(e.code(), e.getMessage(), null, null));
      close(POLICY, "client id taken by another user");
      return;
    }
    send(new ServerMessage.Welcome(ProtocolCodec.PROTOCOL, wire(user), new ServerMessage.Limits(
        config.maxMessageBytes(), engine.config().maxOpLength(), engine.config().maxDocumentLength(),
        config.maxMessagesPerSecond(), config.maxJsonDepth(), (int) engine.config().presenceInterval().toMillis())));
  }

  /** The transport closed (by either side). Idempotent. */
  public void onClose() {
    if (closed.compareAndSet(false, true)) {
      Session current = session;
      if (current != null) {
        current.close();
      }
      outbound.clear();
    }
  }

  /** Closes the connection with {@code code}, dropping what was queued for it. */
  public void close(int code, String reason) {
    if (!closed.get()) {
      transport.close(code, reason);
      onClose();
    }
  }

  /** The user of the connection (the handshake's principal). */
  public User user() {
    return user;
  }

  public boolean isClosed() {
    return closed.get();
  }

  /** The client id of its hello, or null before it. */
  public @Nullable String client() {
    Session current = session;
    return current == null ? null : current.client();
  }

  /** Whether its session has joined {@code documentId}. */
  public boolean hasJoined(String documentId) {
    Session current = session;
    return current != null && current.hasJoined(documentId);
  }

  /** The characters the client owes: sent or queued, not yet confirmed read ({@link Outbound}). */
  public long owed() {
    return Math.max(0, outbound.owed());
  }

  // ------------------------------------------------------------------ engine -> client

  @Override
  public void joined(JoinReply reply) {
    if (reply instanceof JoinReply.SnapshotReply) {
      JoinReply.SnapshotReply s = (JoinReply.SnapshotReply) reply;
      outbound.add(ProtocolCodec.encode(new ServerMessage.Snapshot(s.documentId(), s.version(), s.type(),
          BoundedJson.read(s.data(), JsonLimits.STORAGE), s.access().wire())), true);
    } else {
      JoinReply.OpsReply o = (JoinReply.OpsReply) reply;
      List<ServerMessage.Entry> entries = new ArrayList<>(o.ops().size());
      for (CommittedOp op : o.ops()) {
        entries.add(new ServerMessage.Entry(op.version(), BoundedJson.read(op.op(), JsonLimits.STORAGE), op.client(),
            op.seq(), new ServerMessage.WireUser(op.userId(), op.userName())));
      }
      outbound.add(ProtocolCodec.encode(new ServerMessage.Ops(o.documentId(), entries, o.type(), accessOf(o.access()))), true);
    }
  }

  private static String accessOf(Access access) {
    return access.wire();
  }

  @Override
  public void op(String documentId, CommittedOp op) {
    outbound.addFanOut(opFrames.frame(op));
  }

  @Override
  public void ack(String documentId, long seq, long version) {
    send(new ServerMessage.Ack(documentId, seq, version));
  }

  @Override
  public void error(String documentId, @Nullable Long seq, ErrorCode code, String message) {
    send(new ServerMessage.Error(code, message, documentId, seq));
  }

  @Override
  public void presence(String documentId, String client, String userId, String userName, JsonValue range,
      @Nullable JsonObject meta) {
    outbound.addFanOut(ProtocolCodec.encode(
        new ServerMessage.Presence(documentId, client, new ServerMessage.WireUser(userId, userName), range, meta)));
  }

  @Override
  public void presenceGone(String documentId, String client, String userId, String userName) {
    send(new ServerMessage.PresenceGone(documentId, client, new ServerMessage.WireUser(userId, userName)));
  }

  @Override
  public void accessChanged(String documentId, dev.collab.Access access) {
    send(new ServerMessage.AccessChanged(documentId, access.wire()));
  }

  @Override
  public void threads(String documentId, long version, java.util.List<dev.collab.comments.CommentThread> threads) {
    send(new ServerMessage.Threads(documentId, version, threads));
  }

  @Override
  public void thread(String documentId, long version, dev.collab.comments.CommentThread thread) {
    send(new ServerMessage.ThreadChanged(documentId, version, thread));
  }

  @Override
  public void threadDeleted(String documentId, long version, String threadId) {
    send(new ServerMessage.ThreadDeleted(documentId, version, threadId));
  }

  @Override
  public void commented(String documentId, long seq, String threadId) {
    send(new ServerMessage.Commented(documentId, seq, threadId));
  }

  @Override
  public void left(String documentId) {
    send(new ServerMessage.Left(documentId));
  }

  /** The document was unloaded by an administrator: closed with 1001, as in a drain; the client rejoins. */
  @Override
  public void unloaded(String documentId) {
    close(GOING_AWAY, "document " + documentId + " was unloaded; reconnect");
  }

  @Override
  public void replaced() {
    close(POLICY, "another connection took over this client id");
  }

  @Override
  public void refused(@Nullable String documentId, String reason) {
    send(new ServerMessage.Error(ErrorCode.FORBIDDEN, reason, documentId, null));
    closeAfterSend = reason;
    closeIfSent();
  }

  /** Closes with 1008 once what was queued before {@link #refused} (its {@code forbidden}) went out. */
  private void closeIfSent() {
    String reason = closeAfterSend;
    if (reason != null && outbound.idle()) {
      close(POLICY, reason);
    }
  }

  private void send(ServerMessage message) {
    enqueue(ProtocolCodec.encode(message));
  }

  private void enqueue(String message) {
    outbound.add(message, false);
  }

  @Override
  public void beginBatch() {
    outbound.hold();
  }

  @Override
  public void endBatch() {
    outbound.release();
  }

  /** The client's pong to a ping of {@link Outbound}'s flow control. */
  public void onPong(java.nio.ByteBuffer payload) {
    inbound.heard();
    outbound.onPong(payload);
  }

  /**
   * Closes the connection with 1000 when the client has sent nothing, not even a ping or a pong,
   * for longer than {@code timeout} ({@code collab.idle-timeout}): Collab's own idle timeout, which
   * {@link ConnectionRegistry} checks, since the container's misfired on Payara (the endpoint turns
   * the container's off).
   *
   * @param now {@link System#nanoTime} now
   * @return whether it closed the connection
   */
  boolean closeIfSilent(long now, java.time.Duration timeout) {
    if (closed.get() || !inbound.silentLongerThan(timeout, now)) {
      return false;
    }
    LOG.log(System.Logger.Level.INFO, "collab: closing {0}: it sent nothing for {1} (collab.idle-timeout)",
        describe(), timeout);
    close(NORMAL, "silent for " + timeout + " (collab.idle-timeout)");
    return true;
  }

  private static ServerMessage.WireUser wire(User user) {
    return new ServerMessage.WireUser(user.id(), user.name());
  }
}
