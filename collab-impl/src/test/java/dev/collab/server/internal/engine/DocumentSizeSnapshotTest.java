package dev.collab.server.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.ot.Delta;
import dev.collab.ot.RichText;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link DocumentSize}'s bookkeeping around a snapshot measured off the turn, and its measure interval. */
class DocumentSizeSnapshotTest {
  private final DocumentSize<Delta> size = new DocumentSize<>(new RichTextSizeModel());
  private final Delta document = Delta.ofText("hello");
  private final SizeEstimate exact = new RichTextSizeModel().measure(document, RichText.INSTANCE.encodeToString(document));

  @Test
  @DisplayName("the exact size at a snapshot's version, plus the bounds of the ops since, replaces a looser estimate")
  void snapshotCombines() {
    size.loaded(Delta.empty(), "[]");
    size.grew(new SizeGrowth(1_000, 3, 0, 40));
    size.snapshotTaken(7);
    SizeGrowth since = new SizeGrowth(100, 2, 5, 0);
    size.grew(since);
    assertThat(size.current().bytes()).isEqualTo(1_102);
    size.snapshotMeasured(7, exact);
    assertThat(size.current()).isEqualTo(exact.plus(since));
    assertThat(size.current().bytes()).isEqualTo(exact.bytes() + 100);
  }

  @Test
  @DisplayName("a snapshot's measure is ignored once another snapshot or a load came in between")
  void staleMeasureIgnored() {
    size.loaded(Delta.empty(), "[]");
    size.snapshotTaken(7);
    size.grew(new SizeGrowth(1_000, 3, 0, 0));
    size.snapshotTaken(8);
    size.snapshotMeasured(7, exact);
    assertThat(size.current().bytes()).isEqualTo(1_002);
    size.loaded(Delta.empty(), "[]");
    size.snapshotMeasured(8, exact);
    assertThat(size.current().bytes()).isEqualTo(2);
  }

  @Test
  @DisplayName("a measure is allowed at most once per interval, and at most a twentieth of the time")
  void measureInterval() {
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    assertThat(size.mayMeasure(t)).isTrue();
    size.measure(document, RichText.INSTANCE::encodeToString, t);
    assertThat(size.mayMeasure(t.plus(DocumentSize.MEASURE_INTERVAL).minusMillis(1))).isFalse();
    assertThat(size.mayMeasure(t.plus(DocumentSize.MEASURE_INTERVAL))).isTrue();
    // A measure that takes time spaces the next one out: 20 times what it took.
    size.measure(document, d -> {
      long until = System.nanoTime() + 100_000_000L;
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      return RichText.INSTANCE.encodeToString(d);
    }, t);
    assertThat(size.measureInterval()).isGreaterThanOrEqualTo(java.time.Duration.ofSeconds(2));
    assertThat(size.mayMeasure(t.plus(DocumentSize.MEASURE_INTERVAL))).isFalse();
    assertThat(size.mayMeasure(t.plus(size.measureInterval()))).isTrue();
  }
}
