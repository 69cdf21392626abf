package dev.collab.server.internal.ws;

/**
 * Counts messages per one-second window, and how many windows in a row went over twice the limit.
 * Thread-safe (synchronized): a per-user window is shared by that user's connections.
 */
final class RateWindow {
  /** What to do with one message. */
  enum Verdict {
    ACCEPT,
    REFUSE,
    /** Refuse, and close: over twice the limit for 5 s in a row. */
    CLOSE
  }

  /** After this long without a message a window counts like a new one (see {@link #count}). */
  static final long IDLE_NANOS = 2_000_000_000L;

  private final int limit;
  private long windowStart;
  private int count;
  private int floodedWindows;

  RateWindow(int limit) {
    this.limit = limit;
  }

  synchronized Verdict count(long nowNanos) {
    if (nowNanos - windowStart >= 1_000_000_000L) {
      long elapsed = windowStart == 0 ? 1 : (nowNanos - windowStart) / 1_000_000_000L;
      floodedWindows = count > 2 * limit && elapsed == 1 ? floodedWindows + 1 : 0;
      windowStart = nowNanos;
      count = 0;
    }
    count++;
    if (count <= limit) {
      return Verdict.ACCEPT;
    }
    return floodedWindows >= 4 && count > 2 * limit ? Verdict.CLOSE : Verdict.REFUSE;
  }

  /**
   * True when the next message would find a window exactly like a new one's: two seconds or more
   * since the window opened reset both the count and the flood streak.
   */
  synchronized boolean idle(long nowNanos) {
    return windowStart != 0 && nowNanos - windowStart >= IDLE_NANOS;
  }
}
