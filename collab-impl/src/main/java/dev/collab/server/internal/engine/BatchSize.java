package dev.collab.server.internal.engine;

import dev.collab.CollabException;
import dev.collab.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * The encoded size of a document through one batch of submits ({@link BatchTransform}): starting
 * from what is known at the head, each op's bound is checked against {@link
 * EngineConfig#maxDocumentBytes()} before the op is applied, and added once it is. An op whose bound
 * is not above zero (a delete, a retain without attributes) is never refused, so a document at its
 * limit can always be shrunk. When the bound says "over" but the estimate is not exact, the document
 * is measured (as the batch has made it so far), if {@link DocumentSize#mayMeasure} allows.
 *
 * <p>Confined to the document's turn. On a successful append {@link #commit} hands the result to
 * the document's {@link DocumentSize}; otherwise it is dropped with the batch.
 *
 * @param <O> the document's op type
 */
final class BatchSize<O> {
  private final DocumentContext context;
  private final String id;
  private final DocumentState<O> state;
  private SizeEstimate estimate;
  private SizeGrowth growth = SizeGrowth.ZERO;
  /** The bound of the op admitted last, added by {@link #applied}. */
  private SizeGrowth admitted = SizeGrowth.ZERO;
  /** Whether an op of the batch was applied (then a measure is not of the head). */
  private boolean changed;

  BatchSize(DocumentContext context, String id, DocumentState<O> state) {
    this.context = context;
    this.id = id;
    this.state = state;
    this.estimate = state.size().current();
  }

  /**
   * Whether {@code op}, transformed to apply next, keeps the document within its size limit.
   *
   * @return null when it does (then {@link #applied} once it is applied), else the refusal:
   *     {@code too-large} when the document was measured, {@code rate-limited} when it could not be
   *     measured again yet
   */
  @Nullable CollabException refusal(O op) {
    DocumentSize<O> size = state.size();
    long max = context.config().maxDocumentBytes();
    SizeGrowth bound = size.growth(estimate, op);
    if (bound.bytes() > 0 && estimate.bytes() + bound.bytes() > max) {
      if (!estimate.exact() && size.mayMeasure(context.now())) {
        estimate = size.measure(state.document().snapshot(), state.type()::encodeToString, context.now());
        if (!changed) {
          // Nothing of the batch is applied yet: this is the size at the head, whatever the batch becomes.
          size.measuredAtHead(estimate);
        }
        bound = size.growth(estimate, op);
      }
      if (estimate.bytes() + bound.bytes() > max) {
        admitted = SizeGrowth.ZERO;
        if (!estimate.exact()) {
          return new CollabException(ErrorCode.RATE_LIMITED, "document " + id + " may be at its size limit of " + max
              + " bytes encoded, and is measured again at most every " + size.measureInterval().toMillis()
              + " ms: resubmit later");
        }
        return new CollabException(ErrorCode.TOO_LARGE, "the op would make the document larger than " + max
            + " bytes encoded (it is " + estimate.bytes() + " bytes; the op may add up to " + bound.bytes() + ")");
      }
    }
    admitted = bound;
    return null;
  }

  /** The op admitted last was applied to the document. */
  void applied() {
    estimate = estimate.plus(admitted);
    growth = growth.plus(admitted);
    admitted = SizeGrowth.ZERO;
    changed = true;
  }

  /** The batch was appended: the document's size is what the batch made it. */
  void commit() {
    state.size().committed(estimate, growth);
  }
}
