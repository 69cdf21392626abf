package dev.collab.bench;

import dev.collab.ot.RichText;
import dev.collab.server.internal.engine.EngineObserver;
import dev.collab.server.internal.metrics.MicrometerBinding;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * What the meters cost per committed op, without the noise of a whole server: the calls the engine
 * makes on its {@link EngineObserver} for one op committed alone (committed, ack latency, transforms,
 * store append and batch size, fan-out latency) into a Prometheus registry, timed in this thread's
 * CPU time over many ops, against the same calls on {@link EngineObserver#NONE}. Arguments:
 * {@code ops=<n>} (default 20,000,000), {@code rounds=<n>} (default 5); prints ns per op of each.
 */
public final class ObserverCost {
  private ObserverCost() {}

  public static void main(String[] args) {
    long ops = 20_000_000;
    int rounds = 5;
    for (String arg : args) {
      if (arg.startsWith("ops=")) {
        ops = Long.parseLong(arg.substring(4));
      } else if (arg.startsWith("rounds=")) {
        rounds = Integer.parseInt(arg.substring(7));
      }
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    EngineObserver meters = new MicrometerBinding(registry).observer();
    for (int round = 1; round <= rounds; round++) {
      double none = nanosPerOp(EngineObserver.NONE, ops);
      double micrometer = nanosPerOp(meters, ops);
      System.out.printf(Locale.ROOT, "round %d: %.1f ns/op without meters, %.1f ns/op with (%.1f ns/op for the meters)%n",
          round, none, micrometer, micrometer - none);
    }
    System.out.println("scrape: " + registry.scrape().length() + " characters");
  }

  private static double nanosPerOp(EngineObserver observer, long ops) {
    var threads = ManagementFactory.getThreadMXBean();
    long start = threads.getCurrentThreadCpuTime();
    long fake = System.nanoTime();
    for (long i = 0; i < ops; i++) {
      long now = System.nanoTime();
      observer.appended(1, now - fake);
      observer.transformed((int) (i & 3));
      observer.committed(RichText.NAME, 1);
      observer.acknowledged(now - fake);
      observer.fannedOut(now - fake);
      fake = now;
    }
    return (threads.getCurrentThreadCpuTime() - start) / (double) ops;
  }
}
