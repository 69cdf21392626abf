package dev.collab.server;

import dev.collab.CommittedOp;
import dev.collab.spi.AppendResult;
import dev.collab.tck.deployment.DelegatingStore;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
  volatile CountDownLatch gate = new CountDownLatch(0);
  /** Counts down once an append is waiting at the gate. */
  volatile CountDownLatch waiting = new CountDownLatch(1);
  volatile boolean alwaysConflict;
  volatile boolean failAppends;
  final AtomicInteger appends = new AtomicInteger();

  /** Makes appends wait until {@link #open()}. */
  void hold() {
    gate = new CountDownLatch(1);
    waiting = new CountDownLatch(1);
  }

  void open() {
    gate.countDown();
  }

  boolean awaitWaitingAppend() throws InterruptedException {
    return waiting.await(10, TimeUnit.SECONDS);
  }

  @Override
  public AppendResult append(String documentId, long expectedHead, List<CommittedOp> ops) {
    appends.incrementAndGet();
    waiting.countDown();
    try {
      if (!gate.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("test gate never opened");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (failAppends) {
      throw new IllegalStateException("storage is down (test)");
    }
    if (alwaysConflict) {
      return new AppendResult.Conflict(delegate.head(documentId));
    }
    return delegate.append(documentId, expectedHead, ops);
  }









}
