package dev.collab.server.internal.engine;

import dev.collab.server.defaults.InMemoryDocumentStore;

import dev.collab.CommittedOp;
import dev.collab.spi.AppendResult;
import dev.collab.tck.deployment.DelegatingStore;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory store whose appends a test can hold (to let submits pile up), make conflict
 * (always), or make fail; every other call goes straight through.
 */
final class ControllableStore extends DelegatingStore {
  final InMemoryDocumentStore delegate;

  ControllableStore() {
    this(new InMemoryDocumentStore());
  }

  private ControllableStore(InMemoryDocumentStore delegate) {
    super(delegate);
    this.delegate = delegate;
  }
  private final Gate gate = new Gate();
  volatile boolean alwaysConflict;
  volatile boolean failAppends;
  final AtomicInteger appends = new AtomicInteger();

  /** Makes appends wait until {@link #open()}. */
  void hold() {
    gate.hold();
  }

  void open() {
    gate.open();
  }

  boolean awaitWaitingAppend() throws InterruptedException {
    return gate.awaitWaiting();
  }

  @Override
  public AppendResult append(String documentId, long expectedHead, List<CommittedOp> ops) {
    appends.incrementAndGet();
    gate.pass();
    if (failAppends) {
      throw new IllegalStateException("storage is down (test)");
    }
    if (alwaysConflict) {
      return new AppendResult.Conflict(delegate.head(documentId));
    }
    return delegate.append(documentId, expectedHead, ops);
  }









}
