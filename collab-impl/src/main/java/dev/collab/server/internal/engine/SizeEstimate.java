package dev.collab.server.internal.engine;

/**
 * What is known of a document's encoded size: upper bounds, or exact values right after a measure.
 * Immutable. The unit is {@link SizeModel#measure(CharSequence)}'s: bytes of the JSON text.
 *
 * @param bytes the encoded size, at least the true one
 * @param runs how many runs (inserts of the document's canonical form) it has, at most; used to
 *     bound what a reformat can add
 * @param attributes the largest {@code ,"attributes":{...}} part of any run, in bytes, at most; what
 *     splitting a run can copy
 * @param exact whether the three were measured on the document as it is (no op applied since)
 */
record SizeEstimate(long bytes, long runs, long attributes, boolean exact) {

  /** The estimate after an op whose bound is {@code growth}: never exact, unless nothing can have changed. */
  SizeEstimate plus(SizeGrowth growth) {
    if (growth.isZero()) {
      return this;
    }
    return new SizeEstimate(Math.max(2, bytes + growth.bytes()), runs + growth.runs(),
        Math.max(attributes, growth.insertedAttributes()) + growth.formatted(), false);
  }

  /** The tighter of two bounds of the same document (each field is a bound of its own). */
  SizeEstimate min(SizeEstimate other) {
    if (exact) {
      return this;
    }
    if (other.exact) {
      return other;
    }
    return new SizeEstimate(Math.min(bytes, other.bytes), Math.min(runs, other.runs),
        Math.min(attributes, other.attributes), false);
  }
}
