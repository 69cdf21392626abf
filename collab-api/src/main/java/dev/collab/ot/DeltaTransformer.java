package dev.collab.ot;

/**
 * {@link Delta#transform} for every shape of delta and {@link Delta#transformPosition}, by the
 * algorithms of npm {@code quill-delta} 5.1.0. {@link SimpleTransform} is the fast path for the
 * common shapes and is cross-checked against {@link #transform}. Pure functions.
 */
final class DeltaTransformer {
  private DeltaTransformer() {}

  /** {@code other} rewritten to apply after {@code first}: see {@link Delta#transform}. */
  static Delta transform(Delta first, Delta other, boolean priority) {
    OpIterator thisIter = new OpIterator(first.ops());
    OpIterator otherIter = new OpIterator(other.ops());
    Delta.Builder delta = Delta.builder();
    while (thisIter.hasNext() || otherIter.hasNext()) {
      if (thisIter.peekKind() == Op.Kind.INSERT
          && (priority || otherIter.peekKind() != Op.Kind.INSERT)) {
        delta.retain(thisIter.next().length());
      } else if (otherIter.peekKind() == Op.Kind.INSERT) {
        delta.push(otherIter.next());
      } else {
        int length = Math.min(thisIter.peekLength(), otherIter.peekLength());
        Op thisOp = thisIter.next(length);
        Op otherOp = otherIter.next(length);
        if (thisOp.isDelete()) {
          // Our delete either makes their delete redundant or removes their retain.
          continue;
        } else if (otherOp.isDelete()) {
          delta.push(otherOp);
        } else {
          delta.retain(
              length, Attributes.transform(thisOp.attributes(), otherOp.attributes(), priority));
        }
      }
    }
    return delta.buildOwned().chop();
  }

  /** Where {@code index} moves when {@code change} is applied: see {@link Delta#transformPosition}. */
  static int transformPosition(Delta change, int index, boolean priority) {
    OpIterator thisIter = new OpIterator(change.ops());
    int offset = 0;
    while (thisIter.hasNext() && offset <= index) {
      int length = thisIter.peekLength();
      Op.Kind kind = thisIter.peekKind();
      thisIter.next();
      if (kind == Op.Kind.DELETE) {
        index -= Math.min(length, index - offset);
        continue;
      } else if (kind == Op.Kind.INSERT && (offset < index || !priority)) {
        index += length;
      }
      offset += length;
    }
    return index;
  }
}
