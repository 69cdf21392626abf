package dev.collab.server.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AckLatencyTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final AckLatency latency = new AckLatency(now::get);

  @Test
  void percentilesOfTheWindow() {
    for (int ms = 1; ms <= 100; ms++) {
      latency.record(TimeUnit.MILLISECONDS.toNanos(ms));
    }
    AckLatency.Snapshot snapshot = latency.recent(TimeUnit.SECONDS.toNanos(10));
    assertThat(snapshot.count()).isEqualTo(100);
    assertThat(snapshot.p50Nanos()).isCloseTo(TimeUnit.MILLISECONDS.toNanos(50), within(TimeUnit.MILLISECONDS.toNanos(1)));
    assertThat(snapshot.p99Nanos()).isCloseTo(TimeUnit.MILLISECONDS.toNanos(99), within(TimeUnit.MILLISECONDS.toNanos(1)));
  }

  @Test
  void twoReadersSeeTheSameWindowAndOldIntervalsDropOut() {
    latency.record(TimeUnit.MILLISECONDS.toNanos(5));
    assertThat(latency.recent(TimeUnit.SECONDS.toNanos(10)).count()).isEqualTo(1);
    assertThat(latency.recent(TimeUnit.SECONDS.toNanos(10)).count()).as("a second reader").isEqualTo(1);

    now.addAndGet(TimeUnit.SECONDS.toNanos(11));
    latency.record(TimeUnit.MILLISECONDS.toNanos(7));
    AckLatency.Snapshot later = latency.recent(TimeUnit.SECONDS.toNanos(10));
    assertThat(later.count()).as("only the recent ack").isEqualTo(1);
    assertThat(later.maxNanos()).isCloseTo(TimeUnit.MILLISECONDS.toNanos(7), within(TimeUnit.MILLISECONDS.toNanos(1)));

    now.addAndGet(AckLatency.KEPT_NANOS + 1);
    assertThat(latency.recent(AckLatency.KEPT_NANOS).count()).as("nothing kept past five minutes").isZero();
  }

  @Test
  void emptyWindow() {
    assertThat(latency.recent(TimeUnit.SECONDS.toNanos(1))).isEqualTo(new AckLatency.Snapshot(0, 0, 0, 0));
  }
}
