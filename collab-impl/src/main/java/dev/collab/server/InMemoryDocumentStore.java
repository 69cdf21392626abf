package dev.collab.server;

import dev.collab.CommittedOp;
import dev.collab.DocumentInfo;
import dev.collab.spi.AppendResult;
import dev.collab.spi.DocumentStore;
import dev.collab.spi.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A {@link DocumentStore} in this JVM's memory.
 *
 * <p><b>When it is enough:</b> one node whose documents may be lost on restart (demos, tests, the
 * sample app's defaults), or several engines in one JVM sharing this instance (the multi-node
 * tests). It keeps every op forever and is not durable: "acknowledged means durable" holds only as
 * long as the process lives. For anything else use the JPA store.
 *
 * <p>Thread-safe: each document is guarded by its own monitor, so appends to different documents do
 * not contend; the document table is a concurrent map.
 */
public final class InMemoryDocumentStore implements DocumentStore {
  private final ConcurrentSkipListMap<String, Doc> docs = new ConcurrentSkipListMap<>();

  /** One document; every field is guarded by the Doc's monitor. */
  private static final class Doc {
    /** Written under the Doc's monitor (rename), read without it: volatile, an immutable value. */
    volatile DocumentInfo info;
    /** Versions {@code pruned + 1 .. head}, in order; the ones up to {@code pruned} were dropped. */
    final ArrayList<CommittedOp> log = new ArrayList<>();
    long pruned;
    final Map<SubmitKey, Long> versionsBySubmit = new HashMap<>();
    final TreeMap<Long, Snapshot> snapshots = new TreeMap<>();
    boolean deleted;

    Doc(DocumentInfo info) {
      this.info = info;
    }
  }

  @Override
  public boolean create(DocumentInfo info) {
    return docs.putIfAbsent(info.id(), new Doc(info)) == null;
  }

  @Override
  public Optional<DocumentInfo> find(String documentId) {
    Doc doc = docs.get(documentId);
    return doc == null ? Optional.empty() : Optional.of(doc.info);
  }

  @Override
  public List<DocumentInfo> list(int offset, int limit) {
    return docs.values().stream().skip(offset).limit(limit).map(d -> d.info).toList();
  }

  @Override
  public boolean delete(String documentId) {
    Doc doc = docs.remove(documentId);
    if (doc == null) {
      return false;
    }
    synchronized (doc) {
      doc.deleted = true;
    }
    return true;
  }

  @Override
  public boolean rename(String documentId, String title) {
    DocumentInfo.requireTitle(title);
    Doc doc = docs.get(documentId);
    if (doc == null) {
      return false;
    }
    synchronized (doc) {
      if (doc.deleted) {
        return false;
      }
      doc.info = doc.info.withTitle(title);
      return true;
    }
  }

  @Override
  public AppendResult append(String documentId, long expectedHead, List<CommittedOp> ops) {
    DocumentStore.requireConsecutive(documentId, expectedHead, ops);
    Doc doc = docs.get(documentId);
    if (doc == null) {
      return new AppendResult.NoSuchDocument();
    }
    synchronized (doc) {
      if (doc.deleted) {
        return new AppendResult.NoSuchDocument();
      }
      long head = doc.pruned + doc.log.size();
      if (head != expectedHead) {
        return new AppendResult.Conflict(head);
      }
      for (CommittedOp op : ops) {
        if (doc.versionsBySubmit.containsKey(SubmitKey.of(op))) {
          return new AppendResult.Conflict(head);
        }
      }
      for (CommittedOp op : ops) {
        doc.log.add(op);
        doc.versionsBySubmit.put(SubmitKey.of(op), op.version());
      }
      return new AppendResult.Appended(expectedHead + 1, expectedHead + ops.size());
    }
  }

  @Override
  public List<CommittedOp> readOps(String documentId, long fromExclusive, long toInclusive) {
    Doc doc = docs.get(documentId);
    if (doc == null) {
      return List.of();
    }
    synchronized (doc) {
      int from = (int) Math.max(0, fromExclusive - doc.pruned);
      int to = (int) Math.min(doc.log.size(), Math.max(0, toInclusive - doc.pruned));
      return from >= to ? List.of() : List.copyOf(doc.log.subList(from, to));
    }
  }

  @Override
  public long head(String documentId) {
    Doc doc = docs.get(documentId);
    if (doc == null) {
      return -1;
    }
    synchronized (doc) {
      return doc.pruned + doc.log.size();
    }
  }

  @Override
  public void saveSnapshot(String documentId, Snapshot snapshot) {
    Doc doc = docs.get(documentId);
    if (doc != null) {
      synchronized (doc) {
        doc.snapshots.putIfAbsent(snapshot.version(), snapshot);
      }
    }
  }

  @Override
  public Optional<Snapshot> loadSnapshot(String documentId, long atOrBelow) {
    Doc doc = docs.get(documentId);
    if (doc == null) {
      return Optional.empty();
    }
    synchronized (doc) {
      Map.Entry<Long, Snapshot> entry = doc.snapshots.floorEntry(atOrBelow);
      return entry == null ? Optional.empty() : Optional.of(entry.getValue());
    }
  }

  @Override
  public long pruneHistory(String documentId, java.time.Instant cutoff) {
    Doc doc = docs.get(documentId);
    if (doc == null) {
      return 0;
    }
    synchronized (doc) {
      long head = doc.pruned + doc.log.size();
      Map.Entry<Long, Snapshot> latest = doc.snapshots.lastEntry();
      long limit = Math.min(latest == null ? 0 : latest.getKey(), head - 1);
      int dropped = 0;
      while (doc.pruned + dropped < limit && doc.log.get(dropped).time().isBefore(cutoff)) {
        CommittedOp op = doc.log.get(dropped);
        doc.versionsBySubmit.remove(SubmitKey.of(op));
        dropped++;
      }
      doc.log.subList(0, dropped).clear();
      doc.pruned += dropped;
      return dropped;
    }
  }

  @Override
  public Optional<CommittedOp> findOp(String documentId, String client, long seq) {
    Doc doc = docs.get(documentId);
    if (doc == null) {
      return Optional.empty();
    }
    synchronized (doc) {
      Long version = doc.versionsBySubmit.get(new SubmitKey(client, seq));
      return version == null ? Optional.empty() : Optional.of(doc.log.get((int) (version - doc.pruned - 1)));
    }
  }
}
