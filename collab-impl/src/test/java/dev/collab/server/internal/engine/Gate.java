package dev.collab.server.internal.engine;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Where a test store holds its calls: {@link #hold()} closes it, {@link #open()} lets the held
 * calls and every later one through, and {@link #awaitWaiting()} says when a call is waiting.
 * Open when new.
 */
final class Gate {
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private volatile CountDownLatch waiting = new CountDownLatch(1);

  /** Makes the next calls wait until {@link #open()}. */
  void hold() {
    waiting = new CountDownLatch(1);
    gate = new CountDownLatch(1);
  }

  void open() {
    gate.countDown();
  }

  /** Whether a call was waiting (or passed) since the last {@link #hold()}, within 10 s. */
  boolean awaitWaiting() throws InterruptedException {
    return waiting.await(10, TimeUnit.SECONDS);
  }

  /** Called by the store: returns once the gate is open (fails after 30 s held). */
  void pass() {
    waiting.countDown();
    try {
      if (!gate.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("test gate never opened");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
