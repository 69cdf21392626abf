package dev.collab.ot;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Walks the ops of a delta in pieces of a requested length, as Quill's {@code OpIterator}. Past the
 * end it yields retains, so compose and transform can treat a shorter delta as implicitly retaining
 * the rest. Not thread-safe; one per algorithm call.
 */
final class OpIterator {
  /** Stands for Quill's {@code Infinity}: the length past the last op. */
  static final int END = Integer.MAX_VALUE;

  private final List<Op> ops;
  private int index;
  private int offset;

  OpIterator(List<Op> ops) {
    this.ops = ops;
  }

  boolean hasNext() {
    return index < ops.size();
  }

  /** The whole remaining part of the current op. */
  Op next() {
    return next(END);
  }

  /** At most {@code length} (positive) of the current op; a retain of {@code length} past the end. */
  Op next(int length) {
    if (index >= ops.size()) {
      return Op.trustedRetain(length, Map.of());
    }
    Op op = ops.get(index);
    int from = offset;
    int remaining = op.length() - from;
    if (length >= remaining) {
      length = remaining;
      index++;
      offset = 0;
    } else {
      offset += length;
    }
    return op.part(from, length);
  }

  /** The current op, whole, or null past the end. */
  @Nullable Op peek() {
    return index < ops.size() ? ops.get(index) : null;
  }

  int peekLength() {
    return index < ops.size() ? ops.get(index).length() - offset : END;
  }

  /** The kind of the current op; {@code RETAIN} past the end. */
  Op.Kind peekKind() {
    return index < ops.size() ? ops.get(index).kind() : Op.Kind.RETAIN;
  }

  /** Everything not yet consumed, the current op cut at the offset. */
  List<Op> rest() {
    if (!hasNext()) {
      return List.of();
    }
    if (offset == 0) {
      return ops.subList(index, ops.size());
    }
    Op op = ops.get(index);
    java.util.ArrayList<Op> rest = new java.util.ArrayList<>(ops.size() - index);
    rest.add(op.part(offset, op.length() - offset));
    rest.addAll(ops.subList(index + 1, ops.size()));
    return rest;
  }
}
