package dev.collab.tck;

import dev.collab.CommittedOp;
import dev.collab.DocumentInfo;
import dev.collab.spi.AppendResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** Deliberately broken stores, each with one mistake a real implementation could make. */
final class BrokenStores {

  private BrokenStores() {}

  /**
   * Checks the head, then writes, with nothing between but no lock around the two (as a store that
   * does "SELECT max(version)" and then an INSERT without a unique key would, or an in-memory one
   * on concurrent maps): two racing appends both pass the check, and the later write silently
   * replaces the earlier one, which was acknowledged. Its logs are concurrent maps, so that the
   * race loses updates without corrupting anything else.
   */
  static final class LostUpdateStore extends ReferenceStore {
    private final Map<String, ConcurrentSkipListMap<Long, CommittedOp>> logs = new ConcurrentHashMap<>();
    private final Map<String, CommittedOp> submits = new ConcurrentHashMap<>();

    private static String submit(String documentId, String client, long seq) {
      return documentId + '\n' + client + '\n' + seq;
    }

    @Override
    public synchronized boolean create(DocumentInfo info) {
      boolean created = super.create(info);
      if (created) {
        logs.put(info.id(), new ConcurrentSkipListMap<>());
      }
      return created;
    }

    @Override
    public synchronized boolean delete(String documentId) {
      boolean deleted = super.delete(documentId);
      if (deleted) {
        logs.remove(documentId);
        submits.keySet().removeIf(key -> key.startsWith(documentId + '\n'));
      }
      return deleted;
    }

    @Override
    public AppendResult append(String documentId, long expectedHead, List<CommittedOp> ops) {
      validate(documentId, expectedHead, ops);
      ConcurrentSkipListMap<Long, CommittedOp> log = logs.get(documentId);
      if (log == null) {
        return new AppendResult.NoSuchDocument();
      }
      long head = log.isEmpty() ? 0 : log.lastKey();
      if (head != expectedHead) {
        return new AppendResult.Conflict(head);
      }
      for (CommittedOp op : ops) {
        if (submits.containsKey(submit(documentId, op.client(), op.seq()))) {
          return new AppendResult.Conflict(head);
        }
      }
      for (CommittedOp op : ops) {
        log.put(op.version(), op);
        submits.put(submit(documentId, op.client(), op.seq()), op);
      }
      return new AppendResult.Appended(expectedHead + 1, expectedHead + ops.size());
    }

    @Override
    public List<CommittedOp> readOps(String documentId, long fromExclusive, long toInclusive) {
      ConcurrentSkipListMap<Long, CommittedOp> log = logs.get(documentId);
      if (log == null || fromExclusive >= toInclusive) {
        return List.of();
      }
      return List.copyOf(log.subMap(fromExclusive, false, toInclusive, true).values());
    }

    @Override
    public long head(String documentId) {
      ConcurrentSkipListMap<Long, CommittedOp> log = logs.get(documentId);
      return log == null ? -1 : log.isEmpty() ? 0 : log.lastKey();
    }

    @Override
    public Optional<CommittedOp> findOp(String documentId, String client, long seq) {
      return logs.containsKey(documentId) ? Optional.ofNullable(submits.get(submit(documentId, client, seq))) : Optional.empty();
    }
  }

  /**
   * Returns its own log from readOps, read-only but live (a view of the internal map, as {@code
   * subList} of an internal list would be): a list the engine holds changes under it.
   */
  static final class LiveViewStore extends ReferenceStore {
    @Override
    public synchronized List<CommittedOp> readOps(String documentId, long fromExclusive, long toInclusive) {
      Doc doc = docs.get(documentId);
      if (doc == null || fromExclusive >= toInclusive) {
        return List.of();
      }
      java.util.Collection<CommittedOp> live = doc.log.subMap(fromExclusive, false, toInclusive, true).values();
      return new java.util.AbstractList<>() {
        @Override
        public CommittedOp get(int index) {
          return live.stream().skip(index).findFirst().orElseThrow(IndexOutOfBoundsException::new);
        }

        @Override
        public int size() {
          return live.size();
        }
      };
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

  /**
   * Broken: grants in a map of their own, keyed by document id, written without looking at the
   * documents and never deleted with them: a deleted document's grants reach the next document of
   * that id (its new owner's document), and grants for ids no document has are kept.
   */
  static final class LeakyGrantsStore extends ReferenceStore {
    private final java.util.Map<String, java.util.Map<String, dev.collab.Grant>> grants =
        new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public dev.collab.spi.GrantStore grants() {
      return new dev.collab.spi.GrantStore() {
        @Override
        public java.util.Optional<String> owner(String documentId) {
          return find(documentId).map(dev.collab.DocumentInfo::creator);
        }

        @Override
        public boolean saveGrant(dev.collab.Grant grant) {
          grants.computeIfAbsent(grant.documentId(), d -> new java.util.concurrent.ConcurrentSkipListMap<>())
              .put(grant.userId(), grant);
          return find(grant.documentId()).isPresent();
        }

        @Override
        public boolean removeGrant(String documentId, String userId) {
          java.util.Map<String, dev.collab.Grant> ofDocument = grants.get(documentId);
          return ofDocument != null && ofDocument.remove(userId) != null;
        }

        @Override
        public java.util.Optional<dev.collab.Grant> findGrant(String documentId, String userId) {
          return java.util.Optional.ofNullable(grants.getOrDefault(documentId, java.util.Map.of()).get(userId));
        }

        @Override
        public java.util.List<dev.collab.Grant> grants(String documentId) {
          return java.util.List.copyOf(grants.getOrDefault(documentId, java.util.Map.of()).values());
        }
      };
    }
  }
}
