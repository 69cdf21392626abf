package dev.collab.client;

import java.time.Duration;
import java.util.Random;

/**
 * Reconnect delays: exponential from {@code initial}, capped at {@code max}, with "equal jitter"
 * (a random delay between half the step and the step), so that the clients of a failed node do not
 * all come back at the same instant. A {@link #prompt} delay (after close 1001, a draining server)
 * is random between 0 and {@code initial}: prompt, but still spread out.
 */
record Backoff(Duration initial, Duration max) {
  Backoff {
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial backoff must be positive, was " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("max backoff " + max + " is less than the initial " + initial);
    }
  }

  /** The upper bound of the delay before attempt {@code attempt} (0 for the first retry). */
  long stepMillis(int attempt) {
    long initialMillis = initial.toMillis();
    long maxMillis = max.toMillis();
    int shift = Math.min(Math.max(attempt, 0), 30);
    long step = initialMillis << shift;
    return step <= 0 || step > maxMillis || (step >> shift) != initialMillis ? maxMillis : step;
  }

  /** A random delay in {@code [step/2, step]} for attempt {@code attempt}. */
  long delayMillis(int attempt, Random random) {
    long step = stepMillis(attempt);
    long half = step / 2;
    return half + random.nextLong(step - half + 1);
  }

  /** A random delay in {@code [0, initial]}: reconnecting promptly. */
  long promptMillis(Random random) {
    return random.nextLong(initial.toMillis() + 1);
  }
}
