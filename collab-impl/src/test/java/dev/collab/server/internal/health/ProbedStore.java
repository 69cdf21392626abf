package dev.collab.server.internal.health;

import dev.collab.spi.DocumentStore;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A store whose health probe the test steers: it answers, fails with a given exception, or hangs
 * until released; and it counts the probes. Its other methods are the in-memory store's.
 */
final class ProbedStore extends dev.collab.tck.deployment.DelegatingStore {
  final AtomicInteger probes = new AtomicInteger();
  final AtomicReference<@Nullable RuntimeException> failure = new AtomicReference<>();
  private volatile CountDownLatch gate = new CountDownLatch(0);
  /** Counted down when a probe starts waiting at the gate. */
  volatile CountDownLatch waiting = new CountDownLatch(1);

  ProbedStore() {
    super(new dev.collab.server.defaults.InMemoryDocumentStore());
  }

  /** From now on every probe hangs until {@link #release}. */
  void hang() {
    gate = new CountDownLatch(1);
    waiting = new CountDownLatch(1);
  }

  void release() {
    gate.countDown();
  }

  @Override
  public void checkHealth() {
    probes.incrementAndGet();
    waiting.countDown();
    try {
      if (!gate.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released the probe");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    RuntimeException e = failure.get();
    if (e != null) {
      throw e;
    }
  }
}
