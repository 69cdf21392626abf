package dev.collab.ot;

import java.util.ArrayList;
import java.util.List;

/**
 * Reading and building a delta's op list, as {@link Delta} exposes it: the measures (lengths,
 * text), a slice by code units, and Quill's {@code push} rule that keeps a built delta normalised.
 * Pure functions over op lists; no state.
 */
final class DeltaOps {
  private DeltaOps() {}

  static int length(List<Op> ops) {
    int length = 0;
    for (Op op : ops) {
      length += op.length();
    }
    return length;
  }

  static int changeLength(List<Op> ops) {
    int length = 0;
    for (Op op : ops) {
      length += op.isInsert() ? op.length() : op.isDelete() ? -op.length() : 0;
    }
    return length;
  }

  static boolean isDocument(List<Op> ops) {
    for (Op op : ops) {
      if (!op.isInsert()) {
        return false;
      }
    }
    return true;
  }

  static int baseLength(List<Op> ops) {
    int length = 0;
    for (Op op : ops) {
      length += op.isInsert() ? 0 : op.length();
    }
    return length;
  }

  static String text(List<Op> ops) {
    StringBuilder text = new StringBuilder();
    for (Op op : ops) {
      if (op.isTextInsert()) {
        text.append(op.text());
      }
    }
    return text.toString();
  }

  /** The ops covering {@code [start, end)}, cut where needed; not normalised, as the reference. */
  static List<Op> slice(List<Op> ops, int start, int end) {
    ArrayList<Op> sliced = new ArrayList<>();
    OpIterator iter = new OpIterator(ops);
    int index = 0;
    while (index < end && iter.hasNext()) {
      Op next;
      if (index < start) {
        next = iter.next(start - index);
      } else {
        next = iter.next(end - index);
        sliced.add(next);
      }
      index += next.length();
    }
    return sliced;
  }

  /**
   * Appends {@code newOp} to {@code ops} the way Quill's {@code push} does: consecutive deletes
   * add up, an insert right after a delete moves before it, and neighbours of the same kind with
   * equal attributes merge.
   */
  static void push(ArrayList<Op> ops, Op newOp) {
    int index = ops.size();
    if (index > 0) {
      Op last = ops.get(index - 1);
      if (newOp.isDelete() && last.isDelete()) {
        ops.set(index - 1, Op.delete(last.length() + newOp.length()));
        return;
      }
      // Inserting before or after a delete at the same index is the same; prefer insert first.
      if (last.isDelete() && newOp.isInsert()) {
        index -= 1;
        if (index == 0) {
          ops.add(0, newOp);
          return;
        }
        last = ops.get(index - 1);
      }
      if (newOp.attributes().equals(last.attributes())) {
        if (newOp.isTextInsert() && last.isTextInsert()) {
          ops.set(index - 1, Op.trustedText(last.text() + newOp.text(), newOp.attributes()));
          return;
        } else if (newOp.isRetain() && last.isRetain()) {
          ops.set(index - 1, Op.trustedRetain(last.length() + newOp.length(), newOp.attributes()));
          return;
        }
      }
    }
    ops.add(index, newOp);
  }
}
