package dev.collab.bench;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * What a load tool's client does between an ack and its next submit (the tools' {@code thinkMs}):
 * nothing, the closed loop at full speed; or wait a random 0.5x to 1.5x of the think time and
 * submit from a timer thread, as a client on the network would. With think time the offered load
 * stays below saturation, so the latency read is the system's answer time, not a queue's length.
 * Jittered so that the clients do not fall into step.
 */
final class ThinkTime {
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "load-think-time");
    t.setDaemon(true);
    return t;
  });

  private final long micros;

  private ThinkTime(long micros) {
    this.micros = micros;
  }

  /** From the option {@code thinkMs} (milliseconds, fractions allowed; default 0). */
  static ThinkTime of(Map<String, String> options) {
    double millis = Double.parseDouble(options.getOrDefault("thinkMs", "0"));
    if (millis < 0) {
      throw new IllegalArgumentException("thinkMs must be 0 or more, was " + millis);
    }
    return new ThinkTime(Math.round(millis * 1000));
  }

  /** True when clients submit again at once. */
  boolean none() {
    return micros == 0;
  }

  /** Runs {@code next} on the timer thread after a jittered think time. */
  void later(Runnable next) {
    TIMER.schedule(next, micros / 2 + ThreadLocalRandom.current().nextLong(micros + 1), TimeUnit.MICROSECONDS);
  }

  @Override
  public String toString() {
    return none() ? "none (closed loop at full speed)"
        : String.format(Locale.ROOT, "a random 0.5x to 1.5x of %.1f ms after each ack", micros / 1000.0);
  }
}
