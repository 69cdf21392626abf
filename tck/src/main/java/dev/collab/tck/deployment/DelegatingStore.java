package dev.collab.tck.deployment;

import dev.collab.CommittedOp;
import dev.collab.DocumentInfo;
import dev.collab.spi.AppendResult;
import dev.collab.spi.DocumentStore;
import dev.collab.spi.Snapshot;
import dev.collab.tck.ReferenceStore;
import java.util.List;
import java.util.Optional;

/**
 * A store that passes the required methods to another one: the deployment kits' application stores
 * (on the TCK's {@link ReferenceStore}, by delegation rather than inheritance, so that a CDI client
 * proxy of a subclass sees public methods only), and a base for a test's store that intercepts a
 * few calls and passes the rest on. The optional methods keep the SPI's defaults unless a subclass
 * overrides them. Not a bean by itself (no bean-defining annotation).
 */
public abstract class DelegatingStore implements DocumentStore {
  private final DocumentStore store;

  /** Delegates to a new {@link ReferenceStore}. */
  protected DelegatingStore() {
    this(new ReferenceStore());
  }

  /**
   * Delegates to {@code store}.
   *
   * @param store the store every call is passed to
   */
  protected DelegatingStore(DocumentStore store) {
    this.store = store;
  }

  @Override
  public boolean create(DocumentInfo info) {
    return store.create(info);
  }

  @Override
  public Optional<DocumentInfo> find(String documentId) {
    return store.find(documentId);
  }

  @Override
  public List<DocumentInfo> list(int offset, int limit) {
    return store.list(offset, limit);
  }

  @Override
  public boolean delete(String documentId) {
    return store.delete(documentId);
  }

  @Override
  public AppendResult append(String documentId, long expectedHead, List<CommittedOp> ops) {
    return store.append(documentId, expectedHead, ops);
  }

  @Override
  public List<CommittedOp> readOps(String documentId, long fromExclusive, long toInclusive) {
    return store.readOps(documentId, fromExclusive, toInclusive);
  }

  @Override
  public long head(String documentId) {
    return store.head(documentId);
  }

  @Override
  public void saveSnapshot(String documentId, Snapshot snapshot) {
    store.saveSnapshot(documentId, snapshot);
  }

  @Override
  public Optional<Snapshot> loadSnapshot(String documentId, long atOrBelow) {
    return store.loadSnapshot(documentId, atOrBelow);
  }

  @Override
  public Optional<CommittedOp> findOp(String documentId, String client, long seq) {
    return store.findOp(documentId, client, seq);
  }
}
