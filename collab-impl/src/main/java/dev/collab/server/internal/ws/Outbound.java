package dev.collab.server.internal.ws;

import dev.collab.server.internal.config.WireConfig;

import dev.collab.protocol.ProtocolCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What one connection owes its client, and the flow control that bounds it on every container.
 *
 * <p>Messages wait in a queue and go to the transport one frame at a time (an array frame when
 * several are waiting, none while a {@link #hold} is open). A container may report a send as done
 * long before the client has read it: Payara's WebSocket stack accepts asynchronous sends into a
 * write queue of its own without bound. So what counts is what the client has <em>confirmed</em>:
 * after every {@code maxQueuedBytes / 4} characters sent (and after a join reply) the connection
 * sends a WebSocket ping whose payload marks how much was sent before it; the client's pong, which
 * it can only send after reading everything up to the ping (RFC 6455 requires the answer), confirms
 * that much. A pong that does not echo the ping in flight proves nothing and is ignored. The client
 * owes what was queued minus what it confirmed; past {@code maxQueuedBytes} (or past
 * {@code maxQueuedMessages} unsent) the connection is closed with 1013, and the container holds at
 * most that much for it.
 *
 * <p>Fan-out (other clients' ops and cursors, {@link #addFanOut}) may wait up to
 * {@code collab.fan-out-linger} on a connection that was just sent a frame, so that a busy
 * document's ops share frames ({@link Linger}); anything else goes at once, taking what waits along.
 *
 * <p>A join reply (the snapshot or catch-up of one document) may be larger than the bound: the
 * largest unconfirmed join reply is allowed on top of it, so that any document within the limits
 * can be opened by a client that reads.
 *
 * <p>Thread-safe: {@link #add} from any thread, {@link #onPong} from the transport's thread.
 */
final class Outbound {
  private static final System.Logger LOG = System.getLogger(Outbound.class.getName());

  private static final class Message {
    final String text;
    final boolean joinReply;
    /** Another client's op or cursor: it may linger ({@link Linger}). */
    final boolean fanOut;
    /** How many characters had been sent once this one was: set when it goes to the transport. */
    volatile long sentEnd = -1;

    Message(String text, boolean joinReply, boolean fanOut) {
      this.text = text;
      this.joinReply = joinReply;
      this.fanOut = fanOut;
    }
  }

  private final WireConfig config;
  private final Connection.Transport transport;
  private final Runnable tooSlow;
  private final Consumer<Throwable> broken;
  private final BooleanSupplier closed;
  private final long pingEvery;
  private final Linger linger;
  /** Unsent messages that may wait for the linger: fewer than a quarter of the bound. */
  private final int lingerMessages;
  /** A random part of every ping's payload, so that a pong cannot be made up without the ping. */
  private final long token = ThreadLocalRandom.current().nextLong();

  private final ConcurrentLinkedQueue<Message> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queuedMessages = new AtomicInteger();
  /** Queued messages that may not linger: while above 0, the queue goes at once. */
  private final AtomicInteger queuedUrgent = new AtomicInteger();
  /** When the last frame went to the transport ({@link System#nanoTime}), for the linger. */
  private volatile long lastFrameNanos;
  /** True while a flush of lingering messages is scheduled. */
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  /** Characters of every message ever accepted for this client. */
  private final AtomicLong enqueuedChars = new AtomicLong();
  /** Characters handed to the transport; written by the send in progress only. */
  private volatile long sentChars;
  /** Characters the client confirmed reading (the mark of the last ping it answered). */
  private volatile long confirmedChars;
  /** The payload of the ping in flight, or null. */
  private final AtomicReference<byte @Nullable []> pingInFlight = new AtomicReference<>();
  /** The mark of the last ping sent; written by the thread that won {@link #pingInFlight}. */
  private volatile long lastPingMark;
  /** True while a send is in flight: the transport takes one frame at a time. */
  private final AtomicBoolean sending = new AtomicBoolean();
  /** Open {@link #hold} calls: while above 0, queued messages wait for the last release. */
  private final AtomicInteger holds = new AtomicInteger();
  /** Runs whenever everything queued has been sent (after a send or a release). */
  private volatile Runnable onIdle = () -> {};
  /** {@code joinReplies.size()}, readable without the lock (written under it). */
  private volatile int unconfirmedJoinReplies;
  /** Join replies not yet confirmed (queued or sent); guarded by itself. */
  private final List<Message> joinReplies = new ArrayList<>();

  /**
   * @param tooSlow closes the connection with 1013
   * @param broken the transport failed a send (with this failure)
   * @param closed whether the connection is closed (nothing more is sent)
   */
  Outbound(WireConfig config, Connection.Transport transport, Runnable tooSlow, Consumer<Throwable> broken,
      BooleanSupplier closed) {
    this.config = config;
    this.transport = transport;
    this.tooSlow = tooSlow;
    this.broken = broken;
    this.closed = closed;
    this.pingEvery = Math.max(1, config.maxQueuedBytes() / 4);
    this.linger = new Linger(config.fanOutLinger());
    this.lingerMessages = Math.max(1, config.maxQueuedMessages() / 4);
    this.lastFrameNanos = linger.longAgo(System.nanoTime());
  }

  /** Queues {@code text} (a join reply when {@code joinReply}) to go at once; closes with 1013 past the bounds. */
  void add(String text, boolean joinReply) {
    add(new Message(text, joinReply, false));
  }

  /** Queues another client's op or cursor, which may linger; closes with 1013 past the bounds. */
  void addFanOut(String text) {
    add(new Message(text, false, true));
  }

  private void add(Message message) {
    if (closed.getAsBoolean()) {
      return;
    }
    String text = message.text;
    boolean joinReply = message.joinReply;
    if (joinReply) {
      synchronized (joinReplies) {
        joinReplies.add(message);
        unconfirmedJoinReplies = joinReplies.size();
      }
    }
    int messages = queuedMessages.incrementAndGet();
    long owed = enqueuedChars.addAndGet(text.length()) - confirmedChars - joinAllowance();
    if (messages > config.maxQueuedMessages() || owed > config.maxQueuedBytes()) {
      tooSlow.run();
      return;
    }
    if (!message.fanOut) {
      queuedUrgent.incrementAndGet(); // before it is queued: a drain polling it never counts below 0
    }
    queue.add(message);
    // Added before holds is read: a release at the same time drains this message if we don't.
    if (holds.get() == 0) {
      sendSoon();
    }
  }

  /**
   * Sends what is queued, at once unless it is all fan-out, less than a quarter of the bounds, and
   * a frame went out less than the linger ago: then one flush is scheduled for when the linger has
   * passed since that frame. (What waits is unsent, so the client cannot confirm it: it must stay
   * well below the bounds, which are for clients that do not read.)
   */
  private void sendSoon() {
    if (queuedUrgent.get() == 0 && !queue.isEmpty() && queuedMessages.get() < lingerMessages
        && enqueuedChars.get() - sentChars < pingEvery) {
      long wait = linger.wait(lastFrameNanos, System.nanoTime());
      if (wait > 0) {
        if (flushScheduled.compareAndSet(false, true)) {
          Linger.after(wait, this::flush);
        }
        return;
      }
    }
    drain();
  }

  /** The linger has passed: what waits goes now (unless a hold is open: its release sends it). */
  private void flush() {
    flushScheduled.set(false); // before the drain: what is queued after it schedules a flush again
    try {
      if (holds.get() == 0) {
        drain();
        if (idle()) {
          onIdle.run();
        }
      }
    } catch (RuntimeException e) {
      // not the transport (it reports through the callback): a bug; the connection ends, not silently
      LOG.log(System.Logger.Level.WARNING, "collab: sending a connection's lingering messages failed; closing it", e);
      broken.accept(e);
    }
  }

  /** What the client owes beyond its join allowance (for tests and diagnostics). */
  long owed() {
    return enqueuedChars.get() - confirmedChars - joinAllowance();
  }

  /** The largest join reply the client has not confirmed yet; confirmed ones are forgotten. */
  private long joinAllowance() {
    if (unconfirmedJoinReplies == 0) {
      return 0; // the common case, on every message: no lock
    }
    synchronized (joinReplies) {
      long largest = 0;
      for (Iterator<Message> it = joinReplies.iterator(); it.hasNext(); ) {
        Message reply = it.next();
        long end = reply.sentEnd;
        if (end >= 0 && end <= confirmedChars) {
          it.remove();
          unconfirmedJoinReplies = joinReplies.size();
        } else {
          largest = Math.max(largest, reply.text.length());
        }
      }
      return largest;
    }
  }

  private boolean unconfirmedJoinReply() {
    return unconfirmedJoinReplies > 0;
  }

  /** {@code action} runs whenever everything queued has gone to the transport. */
  void onIdle(Runnable action) {
    this.onIdle = action;
  }

  /** Nothing queued, nothing being sent, no hold open. */
  boolean idle() {
    return queue.isEmpty() && !sending.get() && holds.get() == 0;
  }

  /** Messages queued from now on wait until the matching {@link #release}. */
  void hold() {
    holds.incrementAndGet();
  }

  void release() {
    if (holds.decrementAndGet() == 0) {
      sendSoon();
      if (idle()) {
        onIdle.run();
      }
    }
  }

  /** Forgets what is queued (the connection closed). */
  void clear() {
    queue.clear();
    queuedUrgent.set(0);
    synchronized (joinReplies) {
      joinReplies.clear();
      unconfirmedJoinReplies = 0;
    }
  }

  /** Sends what is queued as one frame (an array when several), if no send is in flight. */
  private void drain() {
    while (!queue.isEmpty() && !closed.getAsBoolean() && sending.compareAndSet(false, true)) {
      List<String> batch = new ArrayList<>();
      List<Message> replies = null;
      long size = 0;
      Message next;
      while (size < config.maxMessageBytes() && (next = queue.poll()) != null) {
        batch.add(next.text);
        size += next.text.length();
        if (!next.fanOut) {
          queuedUrgent.decrementAndGet();
        }
        if (next.joinReply) {
          if (replies == null) {
            replies = new ArrayList<>(1);
          }
          replies.add(next);
        }
      }
      if (batch.isEmpty()) {
        sending.set(false);
        continue;
      }
      queuedMessages.addAndGet(-batch.size());
      long end = sentChars + size;
      sentChars = end;
      if (replies != null) {
        for (Message reply : replies) {
          reply.sentEnd = end;
        }
      }
      boolean joinReplySent = replies != null;
      lastFrameNanos = System.nanoTime();
      transport.send(ProtocolCodec.joinFrames(batch), failure -> {
        if (failure != null) {
          sending.set(false);
          broken.accept(failure);
          return;
        }
        maybePing(end, joinReplySent);
        sending.set(false);
        if (holds.get() == 0) {
          sendSoon(); // else the release sends
          if (idle()) {
            onIdle.run();
          }
        }
      });
      return;
    }
  }

  /**
   * Sends a ping marking {@code mark} characters when enough was sent since the last one (or a
   * join reply waits for its confirmation) and none is in flight.
   */
  private void maybePing(long mark, boolean joinReplySent) {
    if (closed.getAsBoolean() || (mark - lastPingMark < pingEvery && !joinReplySent) || mark <= confirmedChars) {
      return;
    }
    byte[] payload = ByteBuffer.allocate(16).putLong(mark).putLong(token).array();
    if (pingInFlight.compareAndSet(null, payload)) {
      lastPingMark = mark;
      if (!transport.ping(payload)) {
        // not now (the transport is busy): the next completed send tries again
        pingInFlight.compareAndSet(payload, null);
      }
    }
  }

  /** The client answered a ping: if it is the one in flight, what it marks is confirmed. */
  void onPong(ByteBuffer data) {
    byte[] expected = pingInFlight.get();
    if (expected == null || data.remaining() != expected.length) {
      return;
    }
    byte[] received = new byte[expected.length];
    data.get(received);
    if (!Arrays.equals(expected, received)) {
      return; // unsolicited or stale: it proves nothing
    }
    long mark = ByteBuffer.wrap(expected).getLong();
    if (mark > confirmedChars) {
      confirmedChars = mark;
    }
    pingInFlight.compareAndSet(expected, null);
    // More may have been sent meanwhile: confirm it too, without waiting for the next send.
    long sent = sentChars;
    if (sent > mark) {
      maybePing(sent, unconfirmedJoinReply());
    }
  }
}
