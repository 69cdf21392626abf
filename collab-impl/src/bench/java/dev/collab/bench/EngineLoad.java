package dev.collab.bench;

import dev.collab.CommittedOp;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.ot.RichText;
import dev.collab.server.internal.engine.CollabEngine;
import dev.collab.server.internal.engine.EngineConfig;
import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.internal.engine.JoinReply;
import dev.collab.server.defaults.RoleAccessPolicy;
import dev.collab.server.internal.engine.Session;
import dev.collab.server.internal.engine.SessionListener;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * A closed-loop load driver for one in-process {@link CollabEngine} with the in-memory store and
 * the local bus: committed ops per second and submit-to-ack latency.
 *
 * <p>Every writer is a {@link Session} that keeps exactly one submit in flight, as the protocol asks
 * of a client: its {@link SessionListener#ack} records the latency and submits the next op at once,
 * so the load is driven from the engine's own threads and needs no thread per writer. An op inserts
 * one character at a random position of the document as the writer last saw it (its last acked
 * version; every committed op inserts one character, so the document at version {@code v} has
 * {@code v} characters), made on that version; the engine transforms it over what the others
 * committed meanwhile.
 *
 * <p>Each round builds a fresh engine, store and documents, warms up, then measures for a fixed
 * time. Arguments are {@code key=value}:
 *
 * <ul>
 *   <li>{@code scenario}: {@code a} (1 document x 20 writers), {@code b} (1,000 documents x 1
 *       writer), {@code both} (default), or {@code custom} with {@code docs} and {@code writers};
 *   <li>{@code warmup} and {@code seconds}: per round, default 5 and 10;
 *   <li>{@code rounds}: default 3;
 *   <li>{@code workerThreads}, {@code windowSize}, {@code snapshotEvery}: engine settings, default
 *       {@link EngineConfig#DEFAULTS};
 *   <li>{@code thinkMs}: default 0 (the closed loop at full speed); otherwise each writer waits a
 *       random 0.5x to 1.5x of this after an ack and submits from the pacer thread of {@link
 *       ThinkTime}, as a client on the network would: the offered load is then below saturation,
 *       where latency says how fast the engine answers rather than how long the queue is. The
 *       latency counts from when the writer meant to submit.
 * </ul>
 */
public final class EngineLoad {
  private EngineLoad() {}

  private static volatile ThinkTime think = ThinkTime.of(Map.of());

  /** One scenario's parameters. */
  record Scenario(String name, int documents, int writersPerDocument) {}

  /** One measured round. */
  record Round(double opsPerSecond, double committedPerSecond, Histogram latency, long errors, long maxDocLength,
      double cpuMicrosPerOp) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "5"));
    int seconds = Integer.parseInt(options.getOrDefault("seconds", "10"));
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
    EngineConfig config = EngineConfig.DEFAULTS;
    if (options.containsKey("workerThreads")) {
      config = config.withWorkerThreads(Integer.parseInt(options.get("workerThreads")));
    }
    if (options.containsKey("windowSize")) {
      config = config.withWindowSize(Integer.parseInt(options.get("windowSize")));
    }
    if (options.containsKey("snapshotEvery")) {
      config = config.withSnapshotEvery(Integer.parseInt(options.get("snapshotEvery")));
    }
    think = ThinkTime.of(options);
    List<Scenario> scenarios = new ArrayList<>();
    String which = options.getOrDefault("scenario", "both");
    if (which.equals("a") || which.equals("both")) {
      scenarios.add(new Scenario("a: 1 document x 20 writers", 1, 20));
    }
    if (which.equals("b") || which.equals("both")) {
      scenarios.add(new Scenario("b: 1,000 documents x 1 writer", 1_000, 1));
    }
    if (which.equals("custom")) {
      int docs = Integer.parseInt(options.getOrDefault("docs", "1"));
      int writers = Integer.parseInt(options.getOrDefault("writers", "1"));
      scenarios.add(new Scenario("custom: " + docs + " documents x " + writers + " writers", docs, writers));
    }
    if (scenarios.isEmpty()) {
      throw new IllegalArgumentException("scenario must be a, b, both or custom, was " + which);
    }
    System.out.printf(Locale.ROOT, "java %s, %d processors, max heap %d MiB; warmup %d s, measure %d s, %d rounds;"
            + " workerThreads %d, maxBatch %d, snapshotEvery %d; think time %s%n",
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20, warmup, seconds, rounds, config.workerThreads(), config.maxBatch(),
        config.snapshotEvery(),
        think);
    for (Scenario scenario : scenarios) {
      System.out.println();
      System.out.println("== " + scenario.name());
      List<Round> results = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        Round result = runRound(scenario, config, warmup, seconds);
        results.add(result);
        System.out.printf(Locale.ROOT, "round %d: %s%n", round, describe(result));
      }
      System.out.printf(Locale.ROOT, "median of %d rounds: %s%n", rounds, median(results));
    }
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("arguments are key=value, got " + arg);
      }
      options.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    return options;
  }

  private static String describe(Round r) {
    Histogram h = r.latency();
    return String.format(Locale.ROOT,
        "%,.0f ops/s acked (%,.0f committed/s), latency us p50 %.0f p90 %.0f p99 %.0f p99.9 %.0f max %.0f,"
            + " process CPU %.1f us/op, errors %d, longest document %,d chars",
        r.opsPerSecond(), r.committedPerSecond(), us(h, 50), us(h, 90), us(h, 99), us(h, 99.9),
        h.getMaxValue() / 1_000.0, r.cpuMicrosPerOp(), r.errors(), r.maxDocLength());
  }

  private static double us(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1_000.0;
  }

  /** Medians over rounds, each figure on its own (not the round with the median throughput). */
  private static String median(List<Round> rounds) {
    double ops = median(rounds.stream().mapToDouble(Round::opsPerSecond).toArray());
    double committed = median(rounds.stream().mapToDouble(Round::committedPerSecond).toArray());
    double p50 = median(rounds.stream().mapToDouble(r -> us(r.latency(), 50)).toArray());
    double p90 = median(rounds.stream().mapToDouble(r -> us(r.latency(), 90)).toArray());
    double p99 = median(rounds.stream().mapToDouble(r -> us(r.latency(), 99)).toArray());
    double p999 = median(rounds.stream().mapToDouble(r -> us(r.latency(), 99.9)).toArray());
    double cpu = median(rounds.stream().mapToDouble(Round::cpuMicrosPerOp).toArray());
    return String.format(Locale.ROOT,
        "%,.0f ops/s acked (%,.0f committed/s), latency us p50 %.0f p90 %.0f p99 %.0f p99.9 %.0f,"
            + " process CPU %.1f us/op",
        ops, committed, p50, p90, p99, p999, cpu);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static Round runRound(Scenario scenario, EngineConfig config, int warmupSeconds, int seconds)
      throws InterruptedException {
    InMemoryDocumentStore store = new InMemoryDocumentStore();
    List<Writer> writers = new ArrayList<>();
    // One recorder for all writers (it takes concurrent writers): a histogram per writer made 1,000
    // of them, hundreds of MB allocated at the window's ends, whose GC showed up in the latencies.
    Recorder latency = new Recorder(1, TimeUnit.MINUTES.toNanos(1), 3);
    try (CollabEngine engine = CollabEngine.builder()
        .store(store)
        .config(config)
        .policy(new RoleAccessPolicy(true))
        .build()) {
      User owner = User.of("owner");
      CountDownLatch joined = new CountDownLatch(scenario.documents() * scenario.writersPerDocument());
      for (int d = 0; d < scenario.documents(); d++) {
        String document = "doc-" + d;
        engine.create(document, RichText.NAME, "Load " + d, Map.of(), owner);
        for (int w = 0; w < scenario.writersPerDocument(); w++) {
          String id = "w" + d + "-" + w;
          Writer writer = new Writer(document, joined, latency);
          writer.session = engine.openSession(User.of(id), id, writer);
          writers.add(writer);
        }
      }
      for (Writer writer : writers) {
        writer.session().join(writer.document, null);
      }
      if (!joined.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("writers did not join within 60 s");
      }
      for (Writer writer : writers) {
        writer.start();
      }
      Thread.sleep(TimeUnit.SECONDS.toMillis(warmupSeconds));

      // Measure: drop what the warmup recorded, then take one interval of every writer.
      latency.reset();
      long committedBefore = engine.metrics().committed.get();
      long errorsBefore = errors(writers);
      long cpuBefore = processCpuNanos();
      long start = System.nanoTime();
      Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
      long elapsed = System.nanoTime() - start;
      Histogram total = latency.getIntervalHistogram();
      long cpu = processCpuNanos() - cpuBefore;
      long committed = engine.metrics().committed.get() - committedBefore;
      long errors = errors(writers) - errorsBefore;

      // Stop: every writer finishes its op in flight and submits no more.
      CountDownLatch stopped = new CountDownLatch(writers.size());
      for (Writer writer : writers) {
        writer.stop(stopped);
      }
      if (!stopped.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("writers did not stop within 60 s: " + stopped.getCount() + " left");
      }
      long maxLength = writers.stream().mapToLong(w -> w.acked).max().orElse(0);
      double secondsElapsed = elapsed / 1e9;
      return new Round(total.getTotalCount() / secondsElapsed, committed / secondsElapsed, total, errors, maxLength,
          committed == 0 ? 0 : cpu / 1_000.0 / committed);
    }
  }

  /**
   * CPU time of the whole process (all threads, GC included): on a shared machine, where the
   * throughput depends on what else runs, CPU per op is the steadier figure.
   */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long errors(List<Writer> writers) {
    long sum = 0;
    for (Writer writer : writers) {
      sum += writer.errors.get();
    }
    return sum;
  }

  /**
   * One closed-loop client: one submit in flight, the next sent from the ack of the previous. All
   * callbacks for its document come from the document's sequencer, one at a time, so the fields
   * below are written by one thread at a time, with a happens-before edge between turns.
   */
  private static final class Writer implements SessionListener, ThinkTime.Looping {
    final String document;
    final CountDownLatch joined;
    /** Nanoseconds, 1 ns to 1 min at 3 digits; a fixed range, so recording never resizes. */
    final Recorder recorder;
    final AtomicLong errors = new AtomicLong();
    @Nullable Session session;
    /** The version of this writer's last ack (or of its join): the base of its next op. */
    long acked;
    long seq;
    long sentNanos;
    private volatile @Nullable CountDownLatch stop;

    Writer(String document, CountDownLatch joined, Recorder recorder) {
      this.document = document;
      this.joined = joined;
      this.recorder = recorder;
    }

    Session session() {
      return java.util.Objects.requireNonNull(session);
    }

    void start() {
      // The first submit is sent from the driver thread; every later one from the ack.
      submitNext(System.nanoTime());
    }

    void stop(CountDownLatch latch) {
      stop = latch;
    }

    @Override
    public void submitNext(long intendedNanos) {
      long base = acked;
      int position = base == 0 ? 0 : ThreadLocalRandom.current().nextInt((int) Math.min(base, Integer.MAX_VALUE) + 1);
      String op = position == 0 ? "[{\"insert\":\"x\"}]" : "[{\"retain\":" + position + "},{\"insert\":\"x\"}]";
      seq++;
      sentNanos = intendedNanos;
      session().submit(document, base, seq, op);
    }

    private void answered() {
      think.answered(this);
    }

    @Override
    public @Nullable CountDownLatch stopLatch() {
      return stop;
    }

    @Override
    public void joined(JoinReply reply) {
      if (reply instanceof JoinReply.SnapshotReply snapshot) {
        acked = snapshot.version();
      }
      joined.countDown();
    }

    @Override
    public void ack(String documentId, long seq, long version) {
      recorder.recordValue(Math.min(System.nanoTime() - sentNanos, TimeUnit.MINUTES.toNanos(1)));
      acked = version;
      answered();
    }

    @Override
    public void error(String documentId, @Nullable Long seq, ErrorCode code, String message) {
      if (errors.incrementAndGet() <= 5) {
        System.err.println("error from " + session().client() + ": " + code + " " + message);
      }
      if (seq != null) {
        answered();
      }
    }

    @Override
    public void op(String documentId, CommittedOp op) {
      // Others' ops: a real client would transform its pending op; this one bases on its last ack.
    }

    @Override
    public void presence(String documentId, String client, String userId, String userName, JsonValue range,
        @Nullable JsonObject meta) {}

    @Override
    public void presenceGone(String documentId, String client, String userId, String userName) {}

    @Override
    public void left(String documentId) {}
  }
}
