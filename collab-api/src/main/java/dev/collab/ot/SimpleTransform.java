package dev.collab.ot;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@link Delta#transform} for the shape nearly every keystroke has: an optional plain retain, then
 * one insert or one delete. Two such changes transform by arithmetic on their positions, without
 * walking them op by op; the result is exactly what the general algorithm builds (checked
 * exhaustively on small positions by {@code SimpleTransformTest}). Any other shape is left to the
 * general algorithm.
 */
final class SimpleTransform {
  private SimpleTransform() {}

  /** {@code other} transformed over {@code first}, or null when either is not a simple change. */
  static @Nullable Delta transform(Delta first, Delta other, boolean priority) {
    List<Op> a = first.ops();
    List<Op> b = other.ops();
    if (!isSimple(a) || !isSimple(b)) {
      return null;
    }
    int at = position(a);
    Op edit = a.get(a.size() - 1);
    int otherAt = position(b);
    Op otherEdit = b.get(b.size() - 1);
    if (edit.isInsert()) {
      int inserted = edit.length();
      if (otherEdit.isInsert()) {
        boolean firstGoesFirst = at < otherAt || (at == otherAt && priority);
        return at(firstGoesFirst ? otherAt + inserted : otherAt, otherEdit);
      }
      int deleteEnd = otherAt + otherEdit.length();
      if (at <= otherAt) {
        return at(otherAt + inserted, otherEdit);
      }
      if (at >= deleteEnd) {
        return at(otherAt, otherEdit);
      }
      // The insert lands inside the range the other change deletes: the delete goes around it.
      return Delta.of(retainList(otherAt,
          Op.delete(at - otherAt), Op.trustedRetain(inserted, Map.of()), Op.delete(deleteEnd - at)));
    }
    int deleted = edit.length();
    int deleteEnd = at + deleted;
    if (otherEdit.isInsert()) {
      if (otherAt <= at) {
        return at(otherAt, otherEdit);
      }
      return at(otherAt >= deleteEnd ? otherAt - deleted : at, otherEdit);
    }
    // Both delete: the other change keeps what this one has not deleted already.
    int otherEnd = otherAt + otherEdit.length();
    int overlap = Math.max(0, Math.min(deleteEnd, otherEnd) - Math.max(at, otherAt));
    int remaining = otherEdit.length() - overlap;
    if (remaining == 0) {
      return Delta.empty();
    }
    int deletedBefore = Math.max(0, Math.min(deleteEnd, otherAt) - at);
    return at(otherAt - deletedBefore, Op.delete(remaining));
  }

  /** At most a plain retain, then one insert or one delete. */
  private static boolean isSimple(List<Op> ops) {
    int size = ops.size();
    if (size == 0 || size > 2 || ops.get(size - 1).isRetain()) {
      return false;
    }
    return size == 1 || (ops.get(0).isRetain() && ops.get(0).attributes().isEmpty());
  }

  private static int position(List<Op> ops) {
    return ops.size() == 2 ? ops.get(0).length() : 0;
  }

  private static Delta at(int position, Op op) {
    return Delta.of(retainList(position, op));
  }

  private static List<Op> retainList(int position, Op... ops) {
    if (position == 0) {
      return List.of(ops);
    }
    Op[] all = new Op[ops.length + 1];
    all[0] = Op.trustedRetain(position, Map.of());
    System.arraycopy(ops, 0, all, 1, ops.length);
    return List.of(all);
  }
}
