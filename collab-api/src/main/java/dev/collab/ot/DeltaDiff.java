package dev.collab.ot;

import java.util.List;
import org.bitbucket.cowwoc.diffmatchpatch.DiffMatchPatch;

/**
 * {@link Delta#diff}: a character diff of the two documents' texts (an embed stands as one NUL
 * character) from diff-match-patch, the library npm {@code fast-diff} was ported from, with the
 * same semantic clean-up the reference asks for; then the ops are walked along it, as the
 * reference does, so attributes and embeds are compared where the text is equal.
 *
 * <p>Known limit: diff-match-patch gives up refining after {@link #TIMEOUT_SECONDS} on very large
 * documents and returns a coarser (still correct) diff. Small documents are never affected.
 */
final class DeltaDiff {
  private static final char EMBED = '\0';
  static final float TIMEOUT_SECONDS = 1.0f;

  private DeltaDiff() {}

  static Delta diff(Delta from, Delta to) {
    if (from.ops() == to.ops()) {
      return Delta.empty();
    }
    String fromText = plain(from, "diff() called with non-document");
    String toText = plain(to, "diff() called on non-document");
    DiffMatchPatch dmp = new DiffMatchPatch();
    dmp.diffTimeout = TIMEOUT_SECONDS;
    List<DiffMatchPatch.Diff> diffs = dmp.diffMain(fromText, toText, false);
    dmp.diffCleanupSemantic((java.util.LinkedList<DiffMatchPatch.Diff>) diffs);

    Delta.Builder result = Delta.builder();
    OpIterator fromIter = new OpIterator(from.ops());
    OpIterator toIter = new OpIterator(to.ops());
    for (DiffMatchPatch.Diff component : diffs) {
      int length = component.text.length();
      while (length > 0) {
        int opLength;
        switch (component.operation) {
          case INSERT:
            opLength = Math.min(toIter.peekLength(), length);
            result.push(toIter.next(opLength));
            break;
          case DELETE:
            opLength = Math.min(length, fromIter.peekLength());
            fromIter.next(opLength);
            result.delete(opLength);
            break;
          default:
            opLength = Math.min(Math.min(fromIter.peekLength(), toIter.peekLength()), length);
            Op fromOp = fromIter.next(opLength);
            Op toOp = toIter.next(opLength);
            if (fromOp.sameInsert(toOp)) {
              result.retain(opLength, Attributes.diff(fromOp.attributes(), toOp.attributes()));
            } else {
              result.push(toOp).delete(opLength);
            }
            break;
        }
        length -= opLength;
      }
    }
    return result.buildOwned().chop();
  }

  private static String plain(Delta delta, String problem) {
    StringBuilder text = new StringBuilder(delta.length());
    for (Op op : delta.ops()) {
      if (!op.isInsert()) {
        throw new InvalidOpException(InvalidOpException.Problem.NOT_A_DOCUMENT, problem);
      }
      if (op.isTextInsert()) {
        text.append(op.text());
      } else {
        text.append(EMBED);
      }
    }
    return text.toString();
  }
}
