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
 * <p>A join reply (the snapshot or catch-up of one document) may be larger than the bound: the
 * largest unconfirmed join reply is allowed on top of it, so that any document within the limits
 * can be opened by a client that reads.
 *
 * <p>Thread-safe: {@link #add} from any thread, {@link #onPong} from the transport's thread.
 */
final class Outbound {
  private static final class Message {
    final String text;
    final boolean joinReply;
    /** How many characters had been sent once this one was: set when it goes to the transport. */
    volatile long sentEnd = -1;

    Message(String text, boolean joinReply) {
      this.text = text;
      this.joinReply = joinReply;
    }
  }

  private final WireConfig config;
  private final Connection.Transport transport;
  private final Runnable tooSlow;
  private final Consumer<Throwable> broken;
  private final BooleanSupplier closed;
  private final long pingEvery;
  /** A random part of every ping's payload, so that a pong cannot be made up without the ping. */
  private final long token = ThreadLocalRandom.current().nextLong();

  private final ConcurrentLinkedQueue<Message> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queuedMessages = new AtomicInteger();
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
  }

  /** Queues {@code text} (a join reply when {@code joinReply}); closes with 1013 past the bounds. */
  void add(String text, boolean joinReply) {
    if (closed.getAsBoolean()) {
      return;
    }
    Message message = new Message(text, joinReply);
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
    queue.add(message);
    // Added before holds is read: a release at the same time drains this message if we don't.
    if (holds.get() == 0) {
      drain();
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
      drain();
      if (idle()) {
        onIdle.run();
      }
    }
  }

  /** Forgets what is queued (the connection closed). */
  void clear() {
    queue.clear();
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
      transport.send(ProtocolCodec.joinFrames(batch), failure -> {
        if (failure != null) {
          sending.set(false);
          broken.accept(failure);
          return;
        }
        maybePing(end, joinReplySent);
        sending.set(false);
        if (holds.get() == 0) {
          drain(); // else the release drains
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
