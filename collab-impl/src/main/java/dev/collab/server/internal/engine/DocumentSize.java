package dev.collab.server.internal.engine;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A loaded document's encoded size, kept within {@link EngineConfig#maxDocumentBytes()} without
 * measuring the document at every op. It is measured exactly when the document is loaded (from the
 * stored snapshot's text, plus a bound for each op after it) and whenever a snapshot is taken (the
 * snapshot is encoded anyway, off the turn); in between, each committed op adds its {@link
 * SizeModel}'s bound. A submit whose bound would take the estimate past the limit makes the batch
 * measure the document exactly, at most once per {@link #MEASURE_INTERVAL} and at most a twentieth
 * of the time ({@link #MEASURE_COST_FACTOR}), so that a writer who keeps a document at its limit
 * cannot make every submit cost as much as the document.
 *
 * <p>Confined to the document's turn (its {@link DocumentState}).
 *
 * @param <O> the document's op type
 */
final class DocumentSize<O> {
  /** The least time between two exact measures asked for by submits (loads and snapshots measure anyway). */
  static final Duration MEASURE_INTERVAL = Duration.ofSeconds(1);
  /**
   * And at least this many times what the last measure took, so that measures take at most a
   * twentieth of the document's turn: encoding the largest document of escapes (60 MB) takes
   * about 1.5 s on the development machine, which then measures it at most every 30 s.
   */
  static final int MEASURE_COST_FACTOR = 20;

  private final SizeModel<O> model;
  private SizeEstimate current = new SizeEstimate(2, 0, 0, true);
  private @Nullable Instant lastMeasure;
  /** How long the last measure for a submit took. */
  private Duration lastMeasureCost = Duration.ZERO;
  /** The version of the snapshot being measured off the turn, or -1. */
  private long pendingVersion = -1;
  /** The bounds of the ops committed since {@link #pendingVersion}. */
  private SizeGrowth sincePending = SizeGrowth.ZERO;

  DocumentSize(SizeModel<O> model) {
    this.model = model;
  }

  SizeModel<O> model() {
    return model;
  }

  /** What is known of the size at the head. */
  SizeEstimate current() {
    return current;
  }

  /** A bound of what {@code op} does to a document known as {@code at}. */
  SizeGrowth growth(SizeEstimate at, O op) {
    return model.growth(at, op);
  }

  /** The document was (re)built from the stored text {@code json} of {@code document}; no op since. */
  void loaded(O document, String json) {
    current = model.measure(document, json);
    pendingVersion = -1;
    sincePending = SizeGrowth.ZERO;
  }

  /** An op committed at the head (applied from the store or the bus) with this bound. */
  void grew(SizeGrowth growth) {
    current = current.plus(growth);
    if (pendingVersion >= 0) {
      sincePending = sincePending.plus(growth);
    }
  }

  /**
   * A batch of this node's submits was committed: {@code after} is what its preparation knew of the
   * new head (perhaps measured on the way), {@code growth} the bounds of its ops.
   */
  void committed(SizeEstimate after, SizeGrowth growth) {
    current = after;
    if (pendingVersion >= 0) {
      sincePending = sincePending.plus(growth);
    }
  }

  /** The least time from one measure for a submit to the next: see {@link #MEASURE_COST_FACTOR}. */
  Duration measureInterval() {
    Duration proportional = lastMeasureCost.multipliedBy(MEASURE_COST_FACTOR);
    return proportional.compareTo(MEASURE_INTERVAL) > 0 ? proportional : MEASURE_INTERVAL;
  }

  /** Whether a submit may have the document measured now (see {@link #measureInterval}). */
  boolean mayMeasure(Instant now) {
    return lastMeasure == null || !now.isBefore(lastMeasure.plus(measureInterval()));
  }

  /**
   * Measures {@code document} for a submit, at {@code now}: encodes it with {@code encode} (the
   * cost of a measure, timed); see {@link #mayMeasure}.
   */
  SizeEstimate measure(O document, java.util.function.Function<O, String> encode, Instant now) {
    long started = System.nanoTime();
    SizeEstimate exact = model.measure(document, encode.apply(document));
    lastMeasureCost = Duration.ofNanos(System.nanoTime() - started);
    lastMeasure = now;
    return exact;
  }

  /** {@link #measure} found {@code exact} at the head (before any op of a batch). */
  void measuredAtHead(SizeEstimate exact) {
    current = exact;
  }

  /** A snapshot at {@code version} (the head) is being encoded off the turn; see {@link #snapshotMeasured}. */
  void snapshotTaken(long version) {
    pendingVersion = version;
    sincePending = SizeGrowth.ZERO;
  }

  /**
   * The exact size at {@code version}, measured off the turn: with the bounds of the ops committed
   * since, it replaces the estimate where it is tighter. Ignored when another snapshot or a rebuild
   * came in between.
   */
  void snapshotMeasured(long version, SizeEstimate exact) {
    if (version != pendingVersion) {
      return;
    }
    current = exact.plus(sincePending).min(current);
    pendingVersion = -1;
    sincePending = SizeGrowth.ZERO;
  }
}
