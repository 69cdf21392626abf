package dev.collab.internal.log;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A WARNING for a loss that can repeat with every message (a bus message dropped, a listener
 * failing): logged at most once per interval, each line saying how many such losses there were
 * since the one before, so a storm of failures neither floods the log nor goes unseen. Thread-safe
 * and lock-free: the thread that wins the interval's compare-and-set logs, the others count.
 */
public final class ThrottledWarning {
  private final System.Logger log;
  private final String prefix;
  private final long intervalNanos;
  private final String intervalText;
  private final LongSupplier nanoTime;
  /** Losses since the last line. */
  private final AtomicLong unreported = new AtomicLong();
  /** The earliest time (of {@link #nanoTime}) at which the next line may be logged. */
  private final AtomicLong nextWarning;

  /**
   * A throttled warning on {@code log}.
   *
   * @param log the logger of the class that sees the loss
   * @param prefix put before every message, e.g. {@code "collab: Redis bus: "}
   * @param interval the least time between two lines
   */
  public ThrottledWarning(System.Logger log, String prefix, Duration interval) {
    this(log, prefix, interval, System::nanoTime);
  }

  /** As the public constructor, on another clock (tests). */
  ThrottledWarning(System.Logger log, String prefix, Duration interval, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.nextWarning = new AtomicLong(nanoTime.getAsLong());
    this.log = Objects.requireNonNull(log, "log");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.intervalNanos = interval.toNanos();
    this.intervalText = interval.equals(Duration.ofMinutes(1)) ? "a minute" : interval.toString();
  }

  /**
   * Counts one loss, and logs it when the interval since the last line has passed.
   *
   * @param what what was lost, e.g. {@code "a publish for document d1 failed"}
   * @param failure the cause, if any (its stack trace goes with the line)
   * @return true when this call logged a line
   */
  public boolean warn(String what, @Nullable Throwable failure) {
    long count = unreported.incrementAndGet();
    long now = nanoTime.getAsLong();
    long next = nextWarning.get();
    if (now - next >= 0 && nextWarning.compareAndSet(next, now + intervalNanos)) {
      unreported.addAndGet(-count);
      log.log(System.Logger.Level.WARNING, prefix + what + " (" + count
          + " such losses since the last warning, at most one warning " + (intervalText.startsWith("a ") ? "" : "per ")
          + intervalText + ")", failure);
      return true;
    }
    return false;
  }
}
