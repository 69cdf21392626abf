package dev.collab.client;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * The liveness check of a {@link CollabClient}'s connection: a ping every interval, and a
 * connection that received nothing since the previous ping (not even its pong) counts as dead.
 * Confined to the client's event thread.
 */
final class Heartbeat {
  private final Duration interval;
  private final EventLoop loop;
  private @Nullable ScheduledFuture<?> task;
  private long lastReceived;
  private long lastPing;

  Heartbeat(Duration interval, EventLoop loop) {
    this.interval = interval;
    this.loop = loop;
  }

  Duration interval() {
    return interval;
  }

  /** Something arrived (or a connection was just made). */
  void received() {
    lastReceived = System.nanoTime();
  }

  /** A {@code welcome} arrived at {@code now}: counts from there and runs {@code tick} every interval. */
  void start(long now, Runnable tick) {
    lastReceived = now;
    lastPing = now;
    if (task == null) {
      task = loop.scheduleWithFixedDelay(tick, interval.toMillis());
    }
  }

  void stop() {
    if (task != null) {
      task.cancel(false);
      task = null;
    }
  }

  /**
   * Whether nothing arrived since the last ping; when something did, a ping is due now and this
   * records it as sent.
   */
  boolean silentSincePing() {
    if (lastPing - lastReceived > 0) {
      return true;
    }
    lastPing = System.nanoTime();
    return false;
  }
}
