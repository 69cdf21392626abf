package dev.collab.tck;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cyclic barrier whose parties spin instead of parking, so that they leave it together: a {@link
 * java.util.concurrent.CyclicBarrier} wakes its parties one by one, microseconds apart, which is
 * longer than the window of a store that checks the head and then writes. The race tests of the
 * store kit start each round with it, so that the appends of a round really overlap.
 */
final class SpinBarrier {
  private final int parties;
  private final AtomicInteger arrived = new AtomicInteger();
  private volatile boolean broken;

  SpinBarrier(int parties) {
    this.parties = parties;
  }

  /**
   * Waits, spinning, until every party has arrived in this round.
   *
   * @throws TimeoutException when the others did not arrive within 60 s, or the barrier was broken
   */
  void await() throws TimeoutException {
    int ticket = arrived.incrementAndGet();
    int target = ((ticket - 1) / parties + 1) * parties;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (int spins = 1; arrived.get() < target; spins++) {
      if (broken) {
        throw new TimeoutException("another racer failed");
      }
      if (spins % 64 == 0) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("the other racers did not arrive within 60 s");
        }
        Thread.yield(); // more racers than cores: let the late ones arrive
      } else {
        Thread.onSpinWait();
      }
    }
  }

  /** Releases every waiter with a {@link TimeoutException}: a racer failed and will not arrive. */
  void breakBarrier() {
    broken = true;
  }
}
