package dev.collab.tck;

import dev.collab.CommittedOp;
import dev.collab.spi.AppendResult;
import java.util.List;

/** Deliberately broken stores, each with one mistake a real implementation could make. */
final class BrokenStores {

  private BrokenStores() {}

  /**
   * Checks the head, then writes in a second step (as a store that does "SELECT max(version)" and
   * then an INSERT without a unique key would): two racing appends both pass the check, and the
   * later write silently replaces the earlier one, which was acknowledged.
   */
  static final class LostUpdateStore extends ReferenceStore {
    @Override
    public AppendResult append(String documentId, long expectedHead, List<CommittedOp> ops) {
      validate(documentId, expectedHead, ops);
      Doc doc;
      synchronized (this) {
        doc = docs.get(documentId);
        if (doc == null) {
          return new AppendResult.NoSuchDocument();
        }
        if (doc.head() != expectedHead) {
          return new AppendResult.Conflict(doc.head());
        }
        for (CommittedOp op : ops) {
          if (isCommitted(doc, op)) {
            return new AppendResult.Conflict(doc.head());
          }
        }
      }
      try {
        Thread.sleep(2); // the round trip between the check and the write
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (this) {
        ops.forEach(op -> write(doc, op));
      }
      return new AppendResult.Appended(expectedHead + 1, expectedHead + ops.size());
    }
  }

  /** Forgets that {@code (client, seq)} identifies an op: a resubmission is applied again. */
  static final class NoSubmitKeyStore extends ReferenceStore {
    @Override
    boolean isCommitted(Doc doc, CommittedOp op) {
      return false;
    }
  }

  /** Writes a batch op by op and stops at the first resubmitted one, leaving the earlier ones written. */
  static final class PartialBatchStore extends ReferenceStore {
    @Override
    public synchronized AppendResult append(String documentId, long expectedHead, List<CommittedOp> ops) {
      validate(documentId, expectedHead, ops);
      Doc doc = docs.get(documentId);
      if (doc == null) {
        return new AppendResult.NoSuchDocument();
      }
      if (doc.head() != expectedHead) {
        return new AppendResult.Conflict(doc.head());
      }
      for (CommittedOp op : ops) {
        if (isCommitted(doc, op)) {
          return new AppendResult.Conflict(doc.head());
        }
        write(doc, op);
      }
      return new AppendResult.Appended(expectedHead + 1, expectedHead + ops.size());
    }
  }
}
