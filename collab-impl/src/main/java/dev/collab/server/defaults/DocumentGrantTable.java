package dev.collab.server.defaults;

import dev.collab.Grant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The grants of one document of the {@link InMemoryDocumentStore}, by user id. Every method holds
 * this object's monitor; once {@link #close closed} (the document was deleted) nothing is written,
 * so a grant racing the deletion never reaches a document created again with the same id.
 */
final class DocumentGrantTable {
  /** Guarded by this. */
  private final TreeMap<String, Grant> grants = new TreeMap<>();
  /** Guarded by this. */
  private boolean closed;

  synchronized boolean save(Grant grant) {
    if (closed) {
      return false;
    }
    grants.put(grant.userId(), grant);
    return true;
  }

  synchronized boolean remove(String userId) {
    return grants.remove(userId) != null;
  }

  synchronized Optional<Grant> find(String userId) {
    return Optional.ofNullable(grants.get(userId));
  }

  synchronized List<Grant> all() {
    return List.copyOf(grants.values());
  }

  /** The document was deleted: forget every grant and refuse new ones. */
  synchronized void close() {
    closed = true;
    grants.clear();
  }
}
