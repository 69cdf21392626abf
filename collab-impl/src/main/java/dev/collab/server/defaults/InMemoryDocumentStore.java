package dev.collab.server.defaults;

import dev.collab.CommittedOp;
import dev.collab.DocumentInfo;
import dev.collab.spi.AppendResult;
import dev.collab.spi.DocumentStore;
import dev.collab.spi.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A {@link DocumentStore} in this JVM's memory.
 *
 * <p><b>When it is enough:</b> one node whose documents may be lost on restart (demos, tests, the
 * sample app's defaults), or several engines in one JVM sharing this instance (the multi-node
 * tests). It keeps every op for the life of the process, about 40 bytes an op plus its text (in
 * columns, {@link OpLog}), and the latest snapshot with a few older ones; it is not durable:
 * "acknowledged means durable" holds only as long as the process lives. For anything else use the
 * JPA store.
 *
 * <p>Thread-safe: each document is guarded by its own monitor, so appends to different documents do
 * not contend; the document table is a concurrent map.
 */
public final class InMemoryDocumentStore implements DocumentStore {
  /** Every call looks its document up here: a hash map (a skip list compared ids ten times a call). */
  private final ConcurrentHashMap<String, Doc> docs = new ConcurrentHashMap<>();
  /** The same documents in id order, for {@link #list}; changed together with {@link #docs} under its own monitor. */
  private final ConcurrentSkipListMap<String, Doc> ordered = new ConcurrentSkipListMap<>();

  /** Client id to the user it is bound to ({@link #bindClient}); entries are never removed. */
  private final ConcurrentHashMap<String, String> clients = new ConcurrentHashMap<>();

  /** One document; every field is guarded by the Doc's monitor. */
  private static final class Doc {
    /** Written under the Doc's monitor (rename), read without it: volatile, an immutable value. */
    volatile DocumentInfo info;
    final OpLog log;
    final TreeMap<Long, Snapshot> snapshots = new TreeMap<>();
    /** Named versions by version; their snapshots are never thinned. */
    final TreeMap<Long, dev.collab.NamedVersion> names = new TreeMap<>();
    /** The document's grants: thread-safe on their own monitor, closed when the document is deleted. */
    final DocumentGrantTable grants = new DocumentGrantTable();
    /** The document's comment threads: thread-safe on their own monitor, closed when the document is deleted. */
    final DocumentCommentTable comments = new DocumentCommentTable();
    boolean deleted;

    Doc(DocumentInfo info) {
      this.info = info;
      this.log = new OpLog(info.id());
    }
  }

  @Override
  public boolean create(DocumentInfo info) {
    Doc doc = new Doc(info);
    synchronized (ordered) {
      if (docs.putIfAbsent(info.id(), doc) != null) {
        return false;
      }
      ordered.put(info.id(), doc);
      return true;
    }
  }

  @Override
  public Optional<DocumentInfo> find(String documentId) {
    Doc doc = docs.get(documentId);
    return doc == null ? Optional.empty() : Optional.of(doc.info);
  }

  @Override
  public List<DocumentInfo> list(int offset, int limit) {
    return ordered.values().stream().skip(offset).limit(limit).map(d -> d.info).toList();
  }

  @Override
  public boolean delete(String documentId) {
    Doc doc;
    synchronized (ordered) {
      doc = docs.remove(documentId);
      if (doc == null) {
        return false;
      }
      ordered.remove(documentId);
    }
    synchronized (doc) {
      doc.deleted = true;
    }
    doc.grants.close();
    doc.comments.close();
    return true;
  }

  @Override
  public String bindClient(String client, String userId) {
    String bound = clients.putIfAbsent(dev.collab.Ids.requireClientId(client), dev.collab.Ids.requireUserId(userId));
    return bound != null ? bound : userId;
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
      long head = doc.log.head();
      if (head != expectedHead) {
        return new AppendResult.Conflict(head);
      }
      for (CommittedOp op : ops) {
        if (doc.log.contains(op.client(), op.seq())) {
          return new AppendResult.Conflict(head);
        }
      }
      for (CommittedOp op : ops) {
        doc.log.add(op);
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
      return List.copyOf(doc.log.range(fromExclusive, toInclusive));
    }
  }

  @Override
  public long head(String documentId) {
    Doc doc = docs.get(documentId);
    if (doc == null) {
      return -1;
    }
    synchronized (doc) {
      return doc.log.head();
    }
  }

  @Override
  public void saveSnapshot(String documentId, Snapshot snapshot) {
    Doc doc = docs.get(documentId);
    if (doc != null) {
      synchronized (doc) {
        doc.snapshots.putIfAbsent(snapshot.version(), snapshot);
        thin(doc.snapshots, doc.names.keySet());
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
      long head = doc.log.head();
      Map.Entry<Long, Snapshot> latest = doc.snapshots.lastEntry();
      long limit = Math.min(latest == null ? 0 : latest.getKey(), head - 1);
      long keep = doc.log.pruned();
      while (keep < limit && doc.log.time(keep + 1).isBefore(cutoff)) {
        keep++;
      }
      return doc.log.dropBelow(keep);
    }
  }

  /**
   * Keeps the {@link #RECENT_SNAPSHOTS} newest snapshots, and of the older ones one per doubling of
   * age: the oldest whose distance below the latest is in [2^k, 2^(k+1)). So about log2(head) of them
   * stay (a few dozen for millions of ops) instead of every one; keeping all of a long document's
   * snapshots took gigabytes. A read of an old version {@code v} still finds one at most about
   * {@code 8 * (head - v)} ops below it (a bucket may be empty for a while). Runs after every saved
   * snapshot.
   */
  static void thin(TreeMap<Long, Snapshot> snapshots) {
    thin(snapshots, java.util.Set.of());
  }

  /** {@link #thin(TreeMap)}, keeping the snapshots of the {@code pinned} versions (named ones) besides. */
  static void thin(TreeMap<Long, Snapshot> snapshots, java.util.Set<Long> pinned) {
    if (snapshots.size() <= RECENT_SNAPSHOTS + pinned.size()) {
      return;
    }
    long latest = snapshots.lastKey();
    // The oldest of each bucket stays: it moves on to the next bucket as the head grows, so old
    // ages keep one (keeping the newest instead, each would be replaced before it ever got old).
    List<Long> drop = new ArrayList<>();
    int seen = 0;
    int lastBucket = -1;
    long lastKept = -1;
    for (long version : snapshots.descendingKeySet()) {
      if (pinned.contains(version)) {
        continue;
      }
      if (++seen <= RECENT_SNAPSHOTS) {
        continue;
      }
      int bucket = 63 - Long.numberOfLeadingZeros(latest - version + 1);
      if (bucket == lastBucket) {
        drop.add(lastKept);
      }
      lastBucket = bucket;
      lastKept = version;
    }
    drop.forEach(snapshots::remove);
  }

  /** Snapshots always kept, newest first, before {@link #thin} keeps one per doubling of age. */
  static final int RECENT_SNAPSHOTS = 8;

  @Override
  public Optional<CommittedOp> findOp(String documentId, String client, long seq) {
    Doc doc = docs.get(documentId);
    if (doc == null) {
      return Optional.empty();
    }
    synchronized (doc) {
      long version = doc.log.find(client, seq);
      return version < 0 ? Optional.empty() : Optional.of(doc.log.get(version));
    }
  }

  /** Named versions, kept with their documents; their snapshots are pinned (never thinned). */
  @Override
  public dev.collab.spi.NamedVersionStore namedVersions() {
    return names;
  }

  private final dev.collab.spi.NamedVersionStore names = new dev.collab.spi.NamedVersionStore() {
    @Override
    public boolean saveName(dev.collab.NamedVersion named) {
      Doc doc = docs.get(named.documentId());
      if (doc == null) {
        return false;
      }
      synchronized (doc) {
        if (doc.deleted) {
          return false;
        }
        doc.names.put(named.version(), named);
        return true;
      }
    }

    @Override
    public boolean removeName(String documentId, long version) {
      Doc doc = docs.get(documentId);
      if (doc == null) {
        return false;
      }
      synchronized (doc) {
        return doc.names.remove(version) != null;
      }
    }

    @Override
    public Optional<dev.collab.NamedVersion> findName(String documentId, long version) {
      Doc doc = docs.get(documentId);
      if (doc == null) {
        return Optional.empty();
      }
      synchronized (doc) {
        return Optional.ofNullable(doc.names.get(version));
      }
    }

    @Override
    public List<dev.collab.NamedVersion> names(String documentId) {
      Doc doc = docs.get(documentId);
      if (doc == null) {
        return List.of();
      }
      synchronized (doc) {
        return List.copyOf(doc.names.descendingMap().values());
      }
    }
  };

  /** Owners (the creators) and grants, kept with their documents and deleted with them. */
  @Override
  public dev.collab.spi.GrantStore grants() {
    return grants;
  }

  private final dev.collab.spi.GrantStore grants = new InMemoryGrantStore(id -> {
    Doc doc = docs.get(id);
    return doc == null ? null : new InMemoryGrantStore.Held(doc.info, doc.grants);
  });

  /** Comment threads, kept with their documents and deleted with them. */
  @Override
  public dev.collab.spi.CommentStore comments() {
    return comments;
  }

  private final dev.collab.spi.CommentStore comments = new InMemoryCommentStore(id -> {
    Doc doc = docs.get(id);
    return doc == null ? null : doc.comments;
  });

  /** Always healthy: the data is in this JVM's memory, so there is nothing to reach. */
  @Override
  public void checkHealth() {
    // nothing to reach: answering at all is the answer
  }
}
