package dev.collab.server.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.collab.CommittedOp;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.ot.RichText;
import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.LocalClusterBus;
import dev.collab.server.defaults.RoleAccessPolicy;
import dev.collab.server.internal.engine.CollabEngine;
import dev.collab.server.internal.engine.JoinReply;
import dev.collab.server.internal.engine.Session;
import dev.collab.server.internal.engine.SessionListener;
import dev.collab.spi.AppendRequest;
import dev.collab.spi.AppendResult;
import dev.collab.spi.ClusterBus;
import dev.collab.tck.deployment.DelegatingStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The collab.* meters in a {@link SimpleMeterRegistry}, driven by real engines: each meter moves
 * by what the engine did, and nothing else; closing the binding removes them all.
 */
class EngineMetersTest {
  static final User ANN = new User("ann", "Ann", Set.of(RoleAccessPolicy.WRITER));
  static final User BOB = new User("bob", "Bob", Set.of(RoleAccessPolicy.WRITER));
  static final Duration WAIT = Duration.ofSeconds(10);

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable closeable : toClose) {
      closeable.close();
    }
  }

  private CollabEngine engine(CollabEngine.Builder builder, MicrometerBinding binding) {
    CollabEngine engine = builder.observer(binding.observer()).build();
    binding.bind(engine, () -> 3);
    toClose.add(engine);
    return engine;
  }

  /** Records the acks and errors a session is told. */
  static final class Answers implements SessionListener {
    final ConcurrentLinkedQueue<String> acks = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<ErrorCode> errors = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> joined = new ConcurrentLinkedQueue<>();

    @Override
    public void joined(JoinReply reply) {
      joined.add(reply.documentId());
    }

    @Override
    public void op(String documentId, CommittedOp op) {}

    @Override
    public void ack(String documentId, long seq, long version) {
      acks.add(seq + "@" + version);
    }

    @Override
    public void error(String documentId, @Nullable Long seq, ErrorCode code, String message) {
      errors.add(code);
    }

    @Override
    public void presence(String documentId, String client, String userId, String userName, JsonValue range,
        @Nullable JsonObject meta) {}

    @Override
    public void presenceGone(String documentId, String client, String userId, String userName) {}

    @Override
    public void left(String documentId) {}
  }

  private double counter(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  private double gauge(String name) {
    return registry.get(name).gauge().value();
  }

  @Test
  @DisplayName("commits, acks, transforms, fan-out, appends, rejections and the gauges move with what the engine does")
  void engineMeters() {
    MicrometerBinding binding = new MicrometerBinding(registry);
    CollabEngine engine = engine(CollabEngine.builder().store(new InMemoryDocumentStore()), binding);
    engine.create("d", RichText.NAME, "Doc", Map.of(), ANN);
    Answers ann = new Answers();
    Answers bob = new Answers();
    Session annSession = engine.openSession(ANN, "ann-tab", ann);
    Session bobSession = engine.openSession(BOB, "bob-tab", bob);
    annSession.join("d", null);
    bobSession.join("d", null);
    await().atMost(WAIT).until(() -> ann.joined.size() == 1 && bob.joined.size() == 1);
    assertThat(gauge("collab.sessions.joined")).isEqualTo(2);
    assertThat(gauge("collab.documents.loaded")).isEqualTo(1);
    assertThat(gauge("collab.connections.open")).isEqualTo(3);
    assertThat(gauge("collab.draining")).isZero();

    annSession.submit("d", 0, 1, "[{\"insert\":\"a\"}]");
    await().atMost(WAIT).until(() -> ann.acks.contains("1@1"));
    // Bob's op is based on version 0: it is transformed over Ann's.
    bobSession.submit("d", 0, 1, "[{\"insert\":\"b\"}]");
    await().atMost(WAIT).until(() -> bob.acks.contains("1@2"));
    bobSession.submit("d", 99, 2, "[{\"insert\":\"c\"}]");
    bobSession.submit("other", 0, 3, "[{\"insert\":\"c\"}]");
    await().atMost(WAIT).until(() -> bob.errors.size() == 2);

    assertThat(counter("collab.ops.committed", "type", RichText.NAME)).isEqualTo(2);
    assertThat(registry.get("collab.submit.ack.latency").timer().count()).isEqualTo(2);
    assertThat(registry.get("collab.fanout.latency").timer().count()).isEqualTo(2);
    assertThat(registry.get("collab.submit.transforms").summary().count()).isEqualTo(2);
    assertThat(registry.get("collab.submit.transforms").summary().totalAmount()).isEqualTo(1);
    // The in-memory store has no batch write: each document appends on its own, one call per commit.
    assertThat(registry.get("collab.store.append.latency").timer().count()).isEqualTo(2);
    assertThat(registry.get("collab.commit.batch.documents").summary().totalAmount()).isEqualTo(2);
    assertThat(counter("collab.submits.rejected", "code", "version-ahead")).isEqualTo(1);
    assertThat(counter("collab.submits.rejected", "code", "not-joined")).isEqualTo(1);
    assertThat(counter("collab.submits.rejected", "code", "internal")).isZero();
    assertThat(counter("collab.store.errors", "operation", "append")).isZero();
    assertThat(counter("collab.bus.messages.published")).as("no other node: nothing published").isZero();

    bobSession.leave("d");
    await().atMost(WAIT).until(() -> gauge("collab.sessions.joined") == 1);
    engine.drain();
    assertThat(gauge("collab.draining")).isEqualTo(1);
    annSession.submit("d", 2, 2, "[{\"insert\":\"d\"}]");
    await().atMost(WAIT).until(() -> ann.errors.contains(ErrorCode.DRAINING));
    assertThat(counter("collab.submits.rejected", "code", "draining")).isEqualTo(1);

    assertThat(registry.getMeters()).isNotEmpty();
    binding.close();
    assertThat(registry.getMeters()).as("the binding removes what it registered").isEmpty();
  }

  @Test
  @DisplayName("the group committer's calls: one batch-size sample and one append latency per appendAll; a failed call counts a store error and the edit's rejection")
  void groupCommitAndStoreErrors() throws Exception {
    AtomicBoolean failing = new AtomicBoolean();
    DelegatingStore store = new DelegatingStore(new InMemoryDocumentStore()) {
      @Override
      public List<AppendResult> appendAll(List<AppendRequest> requests) {
        if (failing.get()) {
          throw new IllegalStateException("the database is gone (test)");
        }
        return super.appendAll(requests);
      }
    };
    MicrometerBinding binding = new MicrometerBinding(registry);
    CollabEngine engine = engine(CollabEngine.builder().store(store), binding);
    List<CompletableFuture<CommittedOp>> edits = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      engine.create("d" + i, RichText.NAME, "Doc", Map.of(), ANN);
      edits.add(engine.edit("d" + i, ANN, "[{\"insert\":\"x\"}]").toCompletableFuture());
    }
    CompletableFuture.allOf(edits.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    assertThat(counter("collab.ops.committed", "type", RichText.NAME)).isEqualTo(20);
    assertThat(registry.get("collab.commit.batch.documents").summary().count())
        .isEqualTo(engine.metrics().commitBatches.get());
    assertThat(registry.get("collab.commit.batch.documents").summary().totalAmount()).isEqualTo(20);
    assertThat(registry.get("collab.store.append.latency").timer().count()).isEqualTo(engine.metrics().commitBatches.get());

    failing.set(true);
    CompletableFuture<CommittedOp> failed = engine.edit("d0", ANN, "[{\"insert\":\"y\"}]").toCompletableFuture();
    assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).hasMessageContaining("storage failed");
    assertThat(counter("collab.store.errors", "operation", "append")).isEqualTo(1);
    assertThat(counter("collab.submits.rejected", "code", "internal")).isEqualTo(1);
    assertThat(counter("collab.ops.committed", "type", RichText.NAME)).isEqualTo(20);
  }

  /** An in-JVM bus that drops the next {@code ops} message published while {@link #dropNext} is set. */
  static final class DroppingBus implements ClusterBus {
    final LocalClusterBus delivery = new LocalClusterBus();
    final AtomicBoolean dropNext = new AtomicBoolean();

    @Override
    public void publish(String documentId, String message) {
      if (message.contains("\"t\":\"ops\"") && dropNext.compareAndSet(true, false)) {
        return;
      }
      delivery.publish(documentId, message);
    }

    @Override
    public Subscription subscribe(String documentId, Consumer<String> listener) {
      return delivery.subscribe(documentId, listener);
    }
  }

  @Test
  @DisplayName("bus: published on one node, received on the other; a lost ops message is found by the head announcement and filled from the store")
  void busMeters() {
    InMemoryDocumentStore store = new InMemoryDocumentStore();
    DroppingBus bus = new DroppingBus();
    SimpleMeterRegistry registryB = new SimpleMeterRegistry();
    CollabEngine a = engine(CollabEngine.builder().store(store).bus(bus).nodeId("nodeA"), new MicrometerBinding(registry));
    CollabEngine b = engine(CollabEngine.builder().store(store).bus(bus).nodeId("nodeB"), new MicrometerBinding(registryB));
    a.create("d", RichText.NAME, "Doc", Map.of(), ANN);
    Answers bob = new Answers();
    b.openSession(BOB, "bob-tab", bob).join("d", null);
    await().atMost(WAIT).until(() -> bob.joined.size() == 1);

    a.edit("d", ANN, "[{\"insert\":\"a\"}]").toCompletableFuture().join();
    await().atMost(WAIT).until(() -> registryB.get("collab.bus.messages.received").counter().count() >= 1);
    assertThat(counter("collab.bus.messages.published")).isGreaterThanOrEqualTo(1);
    assertThat(registryB.get("collab.bus.ops.lost").counter().count()).isZero();

    bus.dropNext.set(true);
    a.edit("d", ANN, "[{\"insert\":\"b\"}]").toCompletableFuture().join();
    await().atMost(WAIT).until(() -> registryB.get("collab.bus.ops.lost").counter().count() == 1);
    assertThat(registryB.get("collab.bus.gap.fills").counter().count()).isEqualTo(1);
    assertThat(registry.get("collab.bus.ops.lost").counter().count()).as("node A lost nothing").isZero();
  }

  @Test
  @DisplayName("without a registry bean, or with an engine built without an observer, nothing is registered")
  void noObserverNoMeters() {
    MeterRegistry untouched = new SimpleMeterRegistry();
    CollabEngine engine = CollabEngine.builder().store(new InMemoryDocumentStore()).build();
    toClose.add(engine);
    engine.create("d", RichText.NAME, "Doc", Map.of(), ANN);
    engine.edit("d", ANN, "[{\"insert\":\"a\"}]").toCompletableFuture().join();
    assertThat(untouched.getMeters()).isEmpty();
    assertThat(MeterBinding.micrometerPresent()).isTrue();
    assertThat(MeterBinding.NONE.observer()).isSameAs(dev.collab.server.internal.engine.EngineObserver.NONE);
  }
}
