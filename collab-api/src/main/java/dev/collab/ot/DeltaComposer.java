package dev.collab.ot;

import jakarta.json.JsonValue;
import java.util.Map;

/**
 * {@link Delta#compose} and its inverse {@link Delta#invert}, by the algorithms of npm
 * {@code quill-delta} 5.1.0, kept in the reference's structure so they can be compared line for
 * line. Pure functions.
 */
final class DeltaComposer {
  private DeltaComposer() {}

  /** {@code first} followed by {@code other}: see {@link Delta#compose}. */
  static Delta compose(Delta first, Delta other) {
    OpIterator thisIter = new OpIterator(first.ops());
    OpIterator otherIter = new OpIterator(other.ops());
    Delta.Builder delta = Delta.builder();
    Op firstOther = otherIter.peek();
    if (firstOther != null && firstOther.isRetain() && !firstOther.hasAttributes()) {
      // Leading inserts of this that other only retains are copied as they are (not normalised).
      int firstLeft = firstOther.length();
      while (thisIter.peekKind() == Op.Kind.INSERT && thisIter.peekLength() <= firstLeft) {
        firstLeft -= thisIter.peekLength();
        delta.appendUnmerged(thisIter.next());
      }
      if (firstOther.length() - firstLeft > 0) {
        otherIter.next(firstOther.length() - firstLeft);
      }
    }
    while (thisIter.hasNext() || otherIter.hasNext()) {
      if (otherIter.peekKind() == Op.Kind.INSERT) {
        delta.push(otherIter.next());
      } else if (thisIter.peekKind() == Op.Kind.DELETE) {
        delta.push(thisIter.next());
      } else {
        int length = Math.min(thisIter.peekLength(), otherIter.peekLength());
        Op thisOp = thisIter.next(length);
        Op otherOp = otherIter.next(length);
        if (otherOp.isRetain()) {
          Map<String, JsonValue> attributes =
              Attributes.compose(thisOp.attributes(), otherOp.attributes(), thisOp.isRetain());
          Op newOp =
              thisOp.isRetain()
                  ? Op.trustedRetain(length, attributes)
                  : thisOp.withAttributes(attributes);
          delta.push(newOp);
          // Optimisation of the reference: when the rest of other is a plain retain, copy the rest.
          if (!otherIter.hasNext() && newOp.equals(delta.last())) {
            Delta rest = Delta.owning(thisIter.rest());
            return delta.buildOwned().concat(rest).chop();
          }
        } else if (otherOp.isDelete() && thisOp.isRetain()) {
          delta.push(otherOp);
        }
        // else: other deletes what this inserted; both vanish.
      }
    }
    return delta.buildOwned().chop();
  }

  /** The change undoing {@code change}, which was applied to {@code base}: see {@link Delta#invert}. */
  static Delta invert(Delta change, Delta base) {
    Delta.Builder inverted = Delta.builder();
    int baseIndex = 0;
    for (Op op : change.ops()) {
      if (op.isInsert()) {
        inverted.delete(op.length());
      } else if (op.isRetain() && !op.hasAttributes()) {
        inverted.retain(op.length());
        baseIndex += op.length();
      } else {
        int length = op.length();
        for (Op baseOp : base.slice(baseIndex, baseIndex + length).ops()) {
          if (op.isDelete()) {
            inverted.push(baseOp);
          } else {
            inverted.retain(
                baseOp.length(), Attributes.invert(op.attributes(), baseOp.attributes()));
          }
        }
        baseIndex += length;
      }
    }
    return inverted.buildOwned().chop();
  }
}
