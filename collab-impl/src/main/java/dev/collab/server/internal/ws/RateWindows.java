package dev.collab.server.internal.ws;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The per-user rate windows of one node, shared by that user's connections. A window left idle
 * for {@link RateWindow#IDLE_NANOS} behaves exactly like a new one, so such windows are swept out
 * (at most once per that interval, by whichever message comes along): the map holds the users
 * active in the last seconds, not every user the node has ever seen.
 */
public final class RateWindows {
  private final int limit;
  private final ConcurrentHashMap<String, RateWindow> windows = new ConcurrentHashMap<>();
  private final AtomicLong lastSweep = new AtomicLong(System.nanoTime());

  public RateWindows(int perUserLimit) {
    this.limit = perUserLimit;
  }

  /** Counts one message of this user's at {@code nowNanos}. */
  RateWindow.Verdict count(String userId, long nowNanos) {
    long last = lastSweep.get();
    if (nowNanos - last >= RateWindow.IDLE_NANOS && lastSweep.compareAndSet(last, nowNanos)) {
      windows.values().removeIf(window -> window.idle(nowNanos));
    }
    return windows.computeIfAbsent(userId, id -> new RateWindow(limit)).count(nowNanos);
  }

  /** How many users' windows are held now. */
  int size() {
    return windows.size();
  }
}
