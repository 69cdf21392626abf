package dev.collab.server.internal.ws;

import dev.collab.server.internal.threads.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * How long a connection's fan-out (other clients' ops and cursors) may wait so that more of it
 * shares one frame ({@code collab.fan-out-linger}). A document with many writers otherwise costs a
 * frame per op per client: each frame is a write system call and a wake-up of the client, which on
 * a busy document is most of the server's work.
 *
 * <p>Only a connection that was sent a frame less than the linger ago waits, and only until the
 * linger has passed since that frame: the first op after a quiet moment goes at once, a busy
 * document's ops go at most once per linger, together. Anything else (an ack, an error, a join
 * reply) goes at once and takes what waits along, in order. The flushes run on one daemon thread
 * shared by every connection of the JVM, which ends after 30 s without work; it only hands frames
 * to the transport, which sends asynchronously.
 */
final class Linger {
  private static final ScheduledThreadPoolExecutor TIMER =
      new ScheduledThreadPoolExecutor(1, DaemonThreads.named("collab-ws-linger"));

  static {
    TIMER.setKeepAliveTime(30, TimeUnit.SECONDS);
    TIMER.allowCoreThreadTimeOut(true);
  }

  private final long nanos;

  Linger(Duration linger) {
    this.nanos = linger.toNanos();
  }

  /**
   * How long a fan-out message queued {@code now} waits, given the last frame went at
   * {@code lastFrame} (both {@link System#nanoTime}): zero or less means at once.
   */
  long wait(long lastFrame, long now) {
    return nanos == 0 ? 0 : nanos - (now - lastFrame);
  }

  /** A {@link System#nanoTime} long enough ago that a message queued {@code now} does not wait. */
  long longAgo(long now) {
    return now - nanos - 1;
  }

  /** Runs {@code flush} after {@code delayNanos}; at once if the timer refuses it. */
  static void after(long delayNanos, Runnable flush) {
    try {
      TIMER.schedule(flush, delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      flush.run(); // the timer is never shut down; should it refuse, nothing may wait for ever
    }
  }
}
