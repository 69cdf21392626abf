package dev.collab.server.internal.engine;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Submit-to-ack latency of the ops this node commits: from the moment a submit is queued on its
 * document to the moment its ack is handed to the connection, measured after the commit is durable.
 * Writers record without locks (HdrHistogram's {@link Recorder}); a reader asks for the
 * percentiles of a recent window. Each read moves what was recorded since the previous read into a
 * list of stamped intervals kept for {@link #KEPT_NANOS}, so several readers (an admin console in
 * two tabs, a metrics export) see the same window rather than splitting it.
 */
public final class AckLatency {
  /** How long intervals are kept for {@link #recent}. */
  static final long KEPT_NANOS = TimeUnit.MINUTES.toNanos(5);
  private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(10);

  private final Recorder recorder = new Recorder(1, HIGHEST_NANOS, 2);
  private final LongSupplier nanoTime;
  /** Guarded by this: intervals drained from the recorder, oldest first, each stamped at its end. */
  private final ArrayDeque<Stamped> intervals = new ArrayDeque<>();

  AckLatency(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** A latency, in nanoseconds; values beyond ten minutes count as ten minutes. */
  public void record(long nanos) {
    recorder.recordValue(Math.max(0, Math.min(nanos, HIGHEST_NANOS)));
  }

  /**
   * The latencies recorded in about the last {@code windowNanos} (at the granularity of reads).
   *
   * @param windowNanos how far back to look, up to five minutes
   * @return count and percentiles of that window
   */
  public synchronized Snapshot recent(long windowNanos) {
    long now = nanoTime.getAsLong();
    intervals.addLast(new Stamped(now, recorder.getIntervalHistogram()));
    while (now - intervals.peekFirst().endNanos > KEPT_NANOS) {
      intervals.removeFirst();
    }
    Histogram window = new Histogram(1, HIGHEST_NANOS, 2);
    for (Stamped interval : intervals) {
      if (now - interval.endNanos <= windowNanos) {
        window.add(interval.histogram);
      }
    }
    return new Snapshot(window.getTotalCount(), window.getValueAtPercentile(50), window.getValueAtPercentile(99),
        window.getMaxValue());
  }

  /**
   * Latencies of a window.
   *
   * @param count how many acks
   * @param p50Nanos the median, 0 when there were none
   * @param p99Nanos the 99th percentile, 0 when there were none
   * @param maxNanos the largest, 0 when there were none
   */
  public record Snapshot(long count, long p50Nanos, long p99Nanos, long maxNanos) {}

  private record Stamped(long endNanos, Histogram histogram) {}
}
