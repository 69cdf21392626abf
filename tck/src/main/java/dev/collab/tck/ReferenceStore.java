package dev.collab.tck;

import dev.collab.CommittedOp;
import dev.collab.DocumentInfo;
import dev.collab.spi.AppendResult;
import dev.collab.spi.DocumentStore;
import dev.collab.spi.Snapshot;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The simplest correct store, one monitor for everything: what the deployment kits' application
 * stores delegate to (not a bean: no bean-defining annotation), and the control for the TCK's
 * deliberately broken stores, which each override one step of it (the package-private hooks). It
 * passes the store kit.
 */
public class ReferenceStore implements DocumentStore {

  /** One document; guarded by the store's monitor. */
  static final class Doc {
    final DocumentInfo info;
    final TreeMap<Long, CommittedOp> log = new TreeMap<>();
    final Map<String, CommittedOp> bySubmit = new HashMap<>();
    final TreeMap<Long, Snapshot> snapshots = new TreeMap<>();

    Doc(DocumentInfo info) {
      this.info = info;
    }

    long head() {
      return log.isEmpty() ? 0 : log.lastKey();
    }
  }

  /** Guarded by {@code this}. */
  final TreeMap<String, Doc> docs = new TreeMap<>();

  @Override
  public synchronized boolean create(DocumentInfo info) {
    return docs.putIfAbsent(info.id(), new Doc(info)) == null;
  }

  @Override
  public synchronized Optional<DocumentInfo> find(String documentId) {
    return Optional.ofNullable(docs.get(documentId)).map(d -> d.info);
  }

  @Override
  public synchronized List<DocumentInfo> list(int offset, int limit) {
    return docs.values().stream().skip(offset).limit(limit).map(d -> d.info).toList();
  }

  @Override
  public synchronized boolean delete(String documentId) {
    return docs.remove(documentId) != null;
  }

  @Override
  public AppendResult append(String documentId, long expectedHead, List<CommittedOp> ops) {
    validate(documentId, expectedHead, ops);
    synchronized (this) {
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
      }
      ops.forEach(op -> write(doc, op));
      return new AppendResult.Appended(expectedHead + 1, expectedHead + ops.size());
    }
  }

  static void validate(String documentId, long expectedHead, List<CommittedOp> ops) {
    if (ops.isEmpty()) {
      throw new IllegalArgumentException("no ops");
    }
    Set<String> submits = new HashSet<>();
    for (int i = 0; i < ops.size(); i++) {
      CommittedOp op = ops.get(i);
      if (!op.document().equals(documentId) || op.version() != expectedHead + 1 + i
          || !submits.add(key(op.client(), op.seq()))) {
        throw new IllegalArgumentException("op " + i + " does not fit");
      }
    }
  }

  boolean isCommitted(Doc doc, CommittedOp op) {
    return doc.bySubmit.containsKey(key(op.client(), op.seq()));
  }

  static void write(Doc doc, CommittedOp op) {
    doc.log.put(op.version(), op);
    doc.bySubmit.put(key(op.client(), op.seq()), op);
  }

  @Override
  public synchronized List<CommittedOp> readOps(String documentId, long fromExclusive, long toInclusive) {
    Doc doc = docs.get(documentId);
    if (doc == null || fromExclusive >= toInclusive) {
      return List.of();
    }
    return List.copyOf(doc.log.subMap(fromExclusive, false, toInclusive, true).values());
  }

  @Override
  public synchronized long head(String documentId) {
    Doc doc = docs.get(documentId);
    return doc == null ? -1 : doc.head();
  }

  @Override
  public synchronized void saveSnapshot(String documentId, Snapshot snapshot) {
    Doc doc = docs.get(documentId);
    if (doc != null) {
      doc.snapshots.putIfAbsent(snapshot.version(), snapshot);
    }
  }

  @Override
  public synchronized Optional<Snapshot> loadSnapshot(String documentId, long atOrBelow) {
    Doc doc = docs.get(documentId);
    return doc == null ? Optional.empty() : Optional.ofNullable(doc.snapshots.floorEntry(atOrBelow)).map(Map.Entry::getValue);
  }

  @Override
  public synchronized Optional<CommittedOp> findOp(String documentId, String client, long seq) {
    Doc doc = docs.get(documentId);
    return doc == null ? Optional.empty() : Optional.ofNullable(doc.bySubmit.get(key(client, seq)));
  }

  static String key(String client, long seq) {
    return client + '#' + seq;
  }
}
