package dev.collab.server.internal.engine;

/**
 * A bound of what one op (or several in a row, {@link #plus}) can do to a document's encoded size,
 * as a {@link SizeModel} computes it. Immutable.
 *
 * @param bytes the most the encoded size can grow; negative when the op surely shrinks it by at
 *     least that much
 * @param runs the most runs it can add
 * @param formatted the most a reformat can have added to any one run's attributes (within an op,
 *     whose components cover disjoint ranges, the largest; over several ops, the sum)
 * @param insertedAttributes the largest attributes part an insert brought (the maximum over the ops)
 */
record SizeGrowth(long bytes, long runs, long formatted, long insertedAttributes) {
  static final SizeGrowth ZERO = new SizeGrowth(0, 0, 0, 0);

  boolean isZero() {
    return bytes == 0 && runs == 0 && formatted == 0 && insertedAttributes == 0;
  }

  /** This growth, then {@code next}'s. */
  SizeGrowth plus(SizeGrowth next) {
    return new SizeGrowth(bytes + next.bytes, runs + next.runs, formatted + next.formatted,
        Math.max(insertedAttributes, next.insertedAttributes));
  }
}
