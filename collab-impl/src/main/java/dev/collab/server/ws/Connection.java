package dev.collab.server.ws;

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
import dev.collab.server.CollabEngine;
import dev.collab.server.JoinReply;
import dev.collab.server.Session;
import dev.collab.server.SessionListener;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One client connection speaking {@code collab.v1}, independent of the transport: it decodes
 * frames, enforces the rate limits, drives a {@link Session}, and turns what the engine says into
 * frames on a bounded outbound queue that is sent asynchronously, coalescing into array frames
 * when the client is behind. A client that falls further behind than the bound is closed with 1013
 * (it resyncs on reconnect); it never makes the server buffer without limit.
 *
 * <p>{@link #onMessage} is called by one transport thread at a time; the listener methods are
 * called from engine threads; both are safe together.
 */
public final class Connection implements SessionListener {
  /** Close codes of the protocol. */
  public static final int GOING_AWAY = 1001;
  public static final int POLICY = 1008;
  public static final int TOO_BIG = 1009;
  public static final int TRY_LATER = 1013;

  /** What a connection needs from its transport. */
  public interface Transport {
    /** Sends one text frame asynchronously; calls {@code done} with null or the failure. */
    void send(String frame, Consumer<@Nullable Throwable> done);

    /** Closes the connection with a close code. */
    void close(int code, String reason);
  }

  private final CollabEngine engine;
  private final WireConfig config;
  private final User user;
  private final Transport transport;
  private final OpFrames opFrames;
  private final RateWindow rate;
  private final RateWindows userRates;
  private final JsonLimits limits;

  /** Set by the hello; read by engine threads through the listener, hence volatile. */
  private volatile @Nullable Session session;
  private final AtomicBoolean closed = new AtomicBoolean();

  private final ConcurrentLinkedQueue<String> outbound = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queuedMessages = new AtomicInteger();
  private final AtomicLong queuedChars = new AtomicLong();
  /** True while a send is in flight: the transport takes one frame at a time. */
  private final AtomicBoolean sending = new AtomicBoolean();
  /** Open {@link #beginBatch} calls: while above 0, queued messages wait for the batch's end. */
  private final AtomicInteger holds = new AtomicInteger();

  public Connection(CollabEngine engine, WireConfig config, User user, Transport transport, OpFrames opFrames,
      RateWindows userWindows) {
    this.engine = engine;
    this.config = config;
    this.user = user;
    this.transport = transport;
    this.opFrames = opFrames;
    this.rate = new RateWindow(config.maxMessagesPerSecond());
    this.userRates = userWindows;
    this.limits = new JsonLimits(config.maxMessageBytes(), config.maxJsonDepth(),
        JsonLimits.DEFAULT.maxStringLength(), JsonLimits.DEFAULT.maxOps());
  }

  /** A text frame arrived. */
  public void onMessage(String frame) {
    if (closed.get()) {
      return;
    }
    // The container is asked to close larger frames (setMaxTextMessageBufferSize), but not every
    // container does: WildFly 38 (Undertow) delivered one. The limit is checked here too.
    if (overBytes(frame, config.maxMessageBytes())) {
      close(TOO_BIG, "frame over " + config.maxMessageBytes() + " bytes");
      return;
    }
    for (ProtocolCodec.Decoded<ClientMessage> decoded : ProtocolCodec.decodeClientFrame(frame, limits)) {
      if (closed.get()) {
        return;
      }
      long now = System.nanoTime();
      RateWindow.Verdict verdict = worst(rate.count(now), userRates.count(user.id(), now));
      if (verdict != RateWindow.Verdict.ACCEPT) {
        ClientMessage m = decoded.message();
        send(new ServerMessage.Error(ErrorCode.RATE_LIMITED,
            "more than " + config.maxMessagesPerSecond() + " messages per second; message dropped", docOf(m), seqOf(m)));
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

  /** Whether {@code frame} is longer than {@code limit} bytes in UTF-8, counting no further than needed. */
  static boolean overBytes(String frame, int limit) {
    if (frame.length() > limit) {
      return true; // every UTF-16 unit takes at least one byte
    }
    if ((long) frame.length() * 3 <= limit) {
      return false; // and at most three (a surrogate pair takes four for two units)
    }
    long bytes = 0;
    for (int i = 0; i < frame.length(); i++) {
      char c = frame.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
      if (bytes > limit) {
        return true;
      }
    }
    return false;
  }

  private static RateWindow.Verdict worst(RateWindow.Verdict a, RateWindow.Verdict b) {
    return a.compareTo(b) >= 0 ? a : b;
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
      send(new ServerMessage.Error(ErrorCode.BAD_MESSAGE, "the first message must be hello", docOf(message), seqOf(message)));
      return;
    }
    if (engine.isDraining()) {
      send(new ServerMessage.Error(ErrorCode.DRAINING, "the server is shutting down; reconnect", docOf(message), seqOf(message)));
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

  // ------------------------------------------------------------------ engine -> client

  @Override
  public void joined(JoinReply reply) {
    if (reply instanceof JoinReply.SnapshotReply) {
      JoinReply.SnapshotReply s = (JoinReply.SnapshotReply) reply;
      send(new ServerMessage.Snapshot(s.documentId(), s.version(), s.type(),
          BoundedJson.read(s.data(), JsonLimits.STORAGE), s.access().wire()));
    } else {
      JoinReply.OpsReply o = (JoinReply.OpsReply) reply;
      List<ServerMessage.Entry> entries = new ArrayList<>(o.ops().size());
      for (CommittedOp op : o.ops()) {
        entries.add(new ServerMessage.Entry(op.version(), BoundedJson.read(op.op(), JsonLimits.STORAGE), op.client(),
            op.seq(), new ServerMessage.WireUser(op.userId(), op.userName())));
      }
      send(new ServerMessage.Ops(o.documentId(), entries, o.type(), accessOf(o.access())));
    }
  }

  private static String accessOf(Access access) {
    return access.wire();
  }

  @Override
  public void op(String documentId, CommittedOp op) {
    enqueue(opFrames.frame(op));
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
    send(new ServerMessage.Presence(documentId, client, new ServerMessage.WireUser(userId, userName), range, meta));
  }

  @Override
  public void presenceGone(String documentId, String client, String userId, String userName) {
    send(new ServerMessage.PresenceGone(documentId, client, new ServerMessage.WireUser(userId, userName)));
  }

  @Override
  public void left(String documentId) {
    send(new ServerMessage.Left(documentId));
  }

  @Override
  public void replaced() {
    close(POLICY, "another connection took over this client id");
  }

  private void send(ServerMessage message) {
    enqueue(ProtocolCodec.encode(message));
  }

  private void enqueue(String message) {
    if (closed.get()) {
      return;
    }
    int messages = queuedMessages.incrementAndGet();
    long chars = queuedChars.addAndGet(message.length());
    if (messages > config.maxQueuedMessages() || chars > config.maxQueuedBytes()) {
      close(TRY_LATER, "the client is not keeping up");
      return;
    }
    outbound.add(message);
    // Added before holds is read: a batch ending at the same time drains this message if we don't.
    if (holds.get() == 0) {
      drain();
    }
  }

  @Override
  public void beginBatch() {
    holds.incrementAndGet();
  }

  @Override
  public void endBatch() {
    if (holds.decrementAndGet() == 0) {
      drain();
    }
  }

  /** Sends what is queued as one frame (an array when several), if no send is in flight. */
  private void drain() {
    while (!outbound.isEmpty() && !closed.get() && sending.compareAndSet(false, true)) {
      List<String> batch = new ArrayList<>();
      long size = 0;
      String next;
      while (size < config.maxMessageBytes() && (next = outbound.poll()) != null) {
        batch.add(next);
        size += next.length();
      }
      if (batch.isEmpty()) {
        sending.set(false);
        continue;
      }
      queuedMessages.addAndGet(-batch.size());
      queuedChars.addAndGet(-size);
      transport.send(ProtocolCodec.joinFrames(batch), failure -> {
        sending.set(false);
        if (failure != null) {
          onClose();
        } else if (holds.get() == 0) {
          drain(); // else the batch's end drains
        }
      });
      return;
    }
  }

  private static ServerMessage.WireUser wire(User user) {
    return new ServerMessage.WireUser(user.id(), user.name());
  }

  private static @Nullable String docOf(@Nullable ClientMessage m) {
    if (m instanceof ClientMessage.Join) {
      return ((ClientMessage.Join) m).doc();
    } else if (m instanceof ClientMessage.Submit) {
      return ((ClientMessage.Submit) m).doc();
    } else if (m instanceof ClientMessage.Presence) {
      return ((ClientMessage.Presence) m).doc();
    } else if (m instanceof ClientMessage.Leave) {
      return ((ClientMessage.Leave) m).doc();
    }
    return null;
  }

  private static @Nullable Long seqOf(@Nullable ClientMessage m) {
    return m instanceof ClientMessage.Submit ? ((ClientMessage.Submit) m).seq() : null;
  }
}
