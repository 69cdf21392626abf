package dev.collab.tck;

import dev.collab.CommittedOp;
import dev.collab.DocumentInfo;
import dev.collab.spi.AppendResult;
import java.util.ArrayList;
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

  /**
   * Acknowledges appends before they are durable: it keeps them in memory and writes them to its
   * "disk" (another store) in batches of 1,000 appends, more than a kit test makes, so a crash in
   * the kit always finds acknowledged appends still waiting. {@link #reopen} is the restart after
   * a crash: a new store on the disk's contents, without whatever was still waiting.
   */
  static final class WriteBehindStore extends ReferenceStore {
    private static final int BATCH = 1_000;
    private final ReferenceStore disk;
    /** Appends acknowledged but not yet on disk; guarded by {@code this}. */
    private final List<List<CommittedOp>> waiting = new ArrayList<>();

    WriteBehindStore() {
      this(new ReferenceStore());
    }

    private WriteBehindStore(ReferenceStore disk) {
      this.disk = disk;
      synchronized (disk) {
        disk.docs.forEach((id, saved) -> {
          Doc doc = new Doc(saved.info);
          saved.log.values().forEach(op -> write(doc, op));
          docs.put(id, doc);
        });
      }
    }

    WriteBehindStore reopen() {
      return new WriteBehindStore(disk);
    }

    @Override
    public synchronized boolean create(DocumentInfo info) {
      return super.create(info) && disk.create(info);
    }

    @Override
    public synchronized boolean delete(String documentId) {
      disk.delete(documentId);
      return super.delete(documentId);
    }

    @Override
    public synchronized AppendResult append(String documentId, long expectedHead, List<CommittedOp> ops) {
      AppendResult result = super.append(documentId, expectedHead, ops);
      if (result instanceof AppendResult.Appended) {
        waiting.add(ops);
        if (waiting.size() >= BATCH) {
          waiting.forEach(batch -> disk.append(batch.get(0).document(), batch.get(0).version() - 1, batch));
          waiting.clear();
        }
      }
      return result;
    }
  }
}
