package dev.collab.server.internal.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.collab.server.bus.LogRecords;
import dev.collab.server.internal.engine.CollabEngine;
import dev.collab.spi.ClusterBus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The liveness and readiness logic on a real engine, with a store and a bus the test steers. */
class NodeHealthTest {
  private final ProbedStore store = new ProbedStore();
  private final CollabEngine engine = CollabEngine.builder().store(store).build();
  private final AtomicLong clock = new AtomicLong();
  private NodeHealth health;

  @AfterEach
  void close() {
    if (health != null) {
      health.close();
    }
    store.release();
    engine.close();
  }

  private NodeHealth health(Duration timeout, Duration cache, ClusterBus bus) {
    health = new NodeHealth(engine, new StoreProbe(store, timeout, cache, clock::get), bus);
    return health;
  }

  private static Check check(HealthReport report, String name) {
    return report.checks().stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no check " + name + " in " + report));
  }

  /** A bus whose connection the test switches. */
  static final class SwitchedBus implements ClusterBus {
    final AtomicBoolean connected = new AtomicBoolean(true);

    @Override
    public void publish(String documentId, String message) {}

    @Override
    public Subscription subscribe(String documentId, Consumer<String> listener) {
      return () -> {};
    }

    @Override
    public boolean isConnected() {
      return connected.get();
    }
  }

  @Test
  @DisplayName("a running node is live and ready: engine, drain, store and bus UP, in that order")
  void healthy() {
    NodeHealth health = health(Duration.ofSeconds(2), Duration.ZERO, new SwitchedBus());
    assertThat(health.liveness().up()).isTrue();
    assertThat(health.liveness().checks()).extracting(Check::name).containsExactly("engine");
    HealthReport ready = health.readiness();
    assertThat(ready.checks()).extracting(Check::name).containsExactly("engine", "drain", "store", "bus");
    assertThat(ready.up()).as("%s", ready).isTrue();
    assertThat(ready.status()).isEqualTo("UP");
  }

  @Test
  @DisplayName("without a cluster bus (one node) there is no bus check")
  void noBus() {
    HealthReport ready = health(Duration.ofSeconds(2), Duration.ZERO, null).readiness();
    assertThat(ready.checks()).extracting(Check::name).containsExactly("engine", "drain", "store");
    assertThat(ready.up()).isTrue();
  }

  @Test
  @DisplayName("a failing store makes the node not ready, live still; the answer carries no exception text, the log has it once")
  void failingStore() {
    NodeHealth health = health(Duration.ofSeconds(2), Duration.ZERO, null);
    store.failure.set(new IllegalStateException("connection to db.internal:5432 as admin/s3cret refused"));
    try (LogRecords log = new LogRecords(StoreProbe.class)) {
      for (int i = 0; i < 3; i++) {
        HealthReport ready = health.readiness();
        assertThat(ready.up()).isFalse();
        assertThat(check(ready, "store").up()).isFalse();
        assertThat(check(ready, "store").reason()).isEqualTo("the store failed (the server log has the cause)");
        assertThat(ready.toString()).doesNotContain("s3cret", "db.internal");
      }
      assertThat(log.at(Level.WARNING)).as("one warning for three failed probes").hasSize(1);
      assertThat(log.records.get(0).getThrown()).hasMessageContaining("refused");
      assertThat(health.liveness().up()).isTrue();

      store.failure.set(null);
      assertThat(health.readiness().up()).isTrue();
      assertThat(log.at(Level.INFO)).singleElement().asString().contains("the store is UP again");
    }
  }

  @Test
  @DisplayName("a store that hangs: DOWN after the timeout, one probe thread however many checks, UP once it answers again")
  void slowStore() throws Exception {
    NodeHealth health = health(Duration.ofMillis(200), Duration.ZERO, null);
    store.hang();
    HealthReport first = health.readiness();
    assertThat(check(first, "store")).isEqualTo(Check.down("store", "no answer within 200 ms"));
    assertThat(first.up()).isFalse();
    assertThat(store.waiting.await(10, TimeUnit.SECONDS)).isTrue();

    clock.addAndGet(TimeUnit.SECONDS.toNanos(1)); // the hung probe is now older than the timeout
    ExecutorService probes = Executors.newFixedThreadPool(8);
    try {
      List<Future<HealthReport>> storm = java.util.stream.IntStream.range(0, 32)
          .mapToObj(i -> probes.submit(health::readiness)).toList();
      for (Future<HealthReport> report : storm) {
        assertThat(check(report.get(10, TimeUnit.SECONDS), "store").up()).isFalse();
      }
    } finally {
      probes.shutdownNow();
    }
    assertThat(store.probes).as("store calls while one hangs").hasValue(1);
    assertThat(health.liveness().up()).isTrue();

    store.release();
    await().atMost(Duration.ofSeconds(10)).until(() -> health.readiness().up());
    assertThat(store.probes).hasValue(2);
  }

  @Test
  @DisplayName("a probe that fails after its check stopped waiting logs its cause then (the DOWN line had none)")
  void lateFailureIsLogged() {
    NodeHealth health = health(Duration.ofMillis(200), Duration.ZERO, null);
    store.hang();
    store.failure.set(new IllegalStateException("pool timed out"));
    try (LogRecords log = new LogRecords(StoreProbe.class)) {
      assertThat(check(health.readiness(), "store").reason()).isEqualTo("no answer within 200 ms");
      clock.addAndGet(TimeUnit.SECONDS.toNanos(1)); // the probe ends after its timeout
      store.release();
      await().atMost(Duration.ofSeconds(10)).until(() -> log.records.stream()
          .anyMatch(r -> r.getThrown() != null && "pool timed out".equals(r.getThrown().getMessage())));
      assertThat(log.at(Level.WARNING)).anySatisfy(line -> assertThat(line).contains("failed after the 200 ms"));
    }
  }

  @Test
  @DisplayName("answers are cached: a storm of probes within the cache period makes one store call; the next period another")
  void cached() throws Exception {
    NodeHealth health = health(Duration.ofSeconds(2), Duration.ofSeconds(1), null);
    List<CompletableFuture<HealthReport>> storm = java.util.stream.IntStream.range(0, 50)
        .mapToObj(i -> CompletableFuture.supplyAsync(health::readiness)).toList();
    for (CompletableFuture<HealthReport> report : storm) {
      assertThat(report.get(10, TimeUnit.SECONDS).up()).isTrue();
    }
    assertThat(store.probes).hasValue(1);
    clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
    health.readiness();
    assertThat(store.probes).hasValue(1);
    clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(2));
    health.readiness();
    assertThat(store.probes).hasValue(2);
  }

  @Test
  @DisplayName("a disconnected bus makes the node not ready, live still; reconnected, ready again")
  void busDisconnected() {
    SwitchedBus bus = new SwitchedBus();
    NodeHealth health = health(Duration.ofSeconds(2), Duration.ZERO, bus);
    bus.connected.set(false);
    HealthReport ready = health.readiness();
    assertThat(ready.up()).isFalse();
    assertThat(check(ready, "bus")).isEqualTo(Check.down("bus", "disconnected; reconnecting"));
    assertThat(check(ready, "store").up()).isTrue();
    assertThat(health.liveness().up()).isTrue();
    bus.connected.set(true);
    assertThat(health.readiness().up()).isTrue();
  }

  @Test
  @DisplayName("a draining node is not ready but live; once closed it is not live either")
  void draining() throws Exception {
    NodeHealth health = health(Duration.ofSeconds(2), Duration.ZERO, null);
    engine.drain().get(10, TimeUnit.SECONDS);
    HealthReport ready = health.readiness();
    assertThat(ready.up()).isFalse();
    assertThat(check(ready, "drain")).isEqualTo(Check.down("drain", "draining: refusing new joins and submits"));
    assertThat(health.liveness().up()).isTrue();
    engine.close();
    assertThat(health.liveness().up()).isFalse();
    assertThat(health.liveness().checks()).containsExactly(Check.down("engine", "stopped"));
    assertThat(health.readiness().up()).isFalse();
  }
}
