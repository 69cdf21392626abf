package dev.collab.sample;

import dev.collab.Collab;
import dev.collab.CollabException;
import dev.collab.CommittedOp;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.ot.Delta;
import dev.collab.ot.DeltaJson;
import dev.collab.ot.JsonLimits;

/**
 * "Restore this version" as a new edit: reads the document at the old version
 * ({@link Collab#readAt}), diffs the head against it ({@link Delta#diff}) and applies the difference
 * with {@link Collab#edit} as the user, so connected editors receive it as an ordinary op and the
 * history keeps everything in between.
 *
 * <p>{@link Collab#edit} applies an op to whatever head the document has when the op's turn comes.
 * When someone else commits between the read of the head and the edit, the difference was made on
 * an older head: the edit then lands at a version other than {@code head + 1} (or fails as
 * {@code invalid-op} when it no longer fits), and the restore reads the head again and diffs again,
 * {@value #ROUNDS} rounds at most. Under a steady stream of other edits the result is "restored,
 * then edited by others", which is what a user racing others would expect.
 */
final class Restorer {
  static final int ROUNDS = 3;
  private static final String RESTORING = "restoring";

  private final Collab collab;

  Restorer(Collab collab) {
    this.collab = collab;
  }

  /**
   * The outcome: the version the document is at afterwards, and whether a new version was made
   * (false when the head already had the old version's content).
   */
  record Restored(long version, boolean changed) {}

  /**
   * Makes the head of {@code documentId} equal to its content at {@code version}, as {@code user}.
   *
   * @throws CollabException {@code unknown-document}, {@code version-ahead} (no such version),
   *     {@code history-gone}, {@code too-large} (the difference is longer than the engine's
   *     {@code maxOpLength}), {@code retry-exhausted} (other edits kept landing in between)
   */
  Restored restore(String documentId, long version, User user) {
    Delta wanted = DeltaJson.decodeDocument(Awaits.await(collab.readAt(documentId, version), RESTORING).data(), JsonLimits.STORAGE);
    Restored last = null;
    for (int round = 1; round <= ROUNDS; round++) {
      Collab.DocumentContent head = Awaits.await(collab.read(documentId), RESTORING);
      Delta change = DeltaJson.decodeDocument(head.data(), JsonLimits.STORAGE).diff(wanted);
      if (change.ops().isEmpty()) {
        return last != null ? last : new Restored(head.version(), false);
      }
      CommittedOp committed;
      try {
        committed = Awaits.await(collab.edit(documentId, user, DeltaJson.encode(change)), RESTORING);
      } catch (CollabException e) {
        if (e.code() == ErrorCode.INVALID_OP && round < ROUNDS) {
          continue; // the head moved and the difference no longer fits: diff again
        }
        throw e;
      }
      last = new Restored(committed.version(), true);
      if (committed.version() == head.version() + 1) {
        return last; // applied to exactly the head it was made on
      }
    }
    throw new CollabException(ErrorCode.RETRY_EXHAUSTED,
        "other edits kept landing while restoring version " + version + " of " + documentId + "; try again");
  }
}
