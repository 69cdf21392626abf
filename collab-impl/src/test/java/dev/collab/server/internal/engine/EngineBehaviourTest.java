package dev.collab.server.internal.engine;

import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.LocalClusterBus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.Access;
import dev.collab.CollabException;
import dev.collab.CommittedOp;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.ot.Delta;
import dev.collab.ot.DeltaJson;
import dev.collab.ot.RichText;
import dev.collab.spi.Snapshot;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EngineBehaviourTest {
  static final User ANN = User.of("ann");
  static final User BOB = User.of("bob");

  final List<CollabEngine> engines = new ArrayList<>();

  @AfterEach
  void close() {
    engines.forEach(CollabEngine::close);
  }

  CollabEngine engine(dev.collab.spi.DocumentStore store, LocalClusterBus bus, EngineConfig config, MutablePolicy policy, String node) {
    CollabEngine engine = CollabEngine.builder().store(store).bus(bus).config(config).policy(policy).nodeId(node).build();
    engines.add(engine);
    return engine;
  }

  /** A policy the test changes while sessions are connected. */
  static final class MutablePolicy implements dev.collab.spi.AccessPolicy {
    final Map<String, Access> access = new ConcurrentHashMap<>();

    @Override
    public Access access(User user, String documentId) {
      return access.getOrDefault(user.id(), Access.NONE);
    }
  }

  static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 15 s: " + what);
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  @Nested
  @DisplayName("revocation")
  class Revocation {
    @Test
    @DisplayName("a writer revoked on another node is refused at the next submit, and a reader cut off")
    void revokedAcrossNodes() {
      InMemoryDocumentStore store = new InMemoryDocumentStore();
      LocalClusterBus bus = new LocalClusterBus();
      MutablePolicy policy = new MutablePolicy();
      policy.access.put("ann", Access.WRITE);
      CollabEngine node0 = engine(store, bus, EngineConfig.DEFAULTS, policy, "node0");
      CollabEngine node1 = engine(store, bus, EngineConfig.DEFAULTS, policy, "node1");
      node0.create("doc", RichText.NAME, "Doc", Map.of(), ANN);
      RecordingListener events = new RecordingListener();
      Session ann = node1.openSession(ANN, "ann-tab", events);
      ann.join("doc", null);
      assertThat(((JoinReply.SnapshotReply) events.next("joined").a()).access()).isEqualTo(Access.WRITE);
      ann.submit("doc", 0, 1, "[{\"insert\":\"a\"}]");
      assertThat(events.next("ack").b()).isEqualTo(1L);

      policy.access.put("ann", Access.READ);
      node0.revoke("ann", "doc");
      ann.submit("doc", 1, 2, "[{\"insert\":\"b\"}]");
      RecordingListener.Event refused = events.next("error");
      assertThat(refused.a()).isEqualTo(2L);
      assertThat(refused.b()).isEqualTo(ErrorCode.FORBIDDEN);
      assertThat(store.head("doc")).isEqualTo(1);

      policy.access.put("ann", Access.NONE);
      node0.revoke("ann", "doc");
      RecordingListener.Event cut = events.next("error");
      assertThat(cut.b()).isEqualTo(ErrorCode.FORBIDDEN);
      assertThat((String) cut.c()).contains("revoked");
      events.next("left");
      // No longer joined: a submit is not-joined.
      ann.submit("doc", 1, 3, "[{\"insert\":\"c\"}]");
      assertThat(events.next("error").b()).isEqualTo(ErrorCode.NOT_JOINED);
    }

    @Test
    @DisplayName("a user without access cannot join, and is told the document does not exist (as REST's 404)")
    void noAccessNoJoin() {
      MutablePolicy policy = new MutablePolicy();
      CollabEngine engine = engine(new InMemoryDocumentStore(), new LocalClusterBus(), EngineConfig.DEFAULTS, policy, "n");
      engine.create("doc", RichText.NAME, "Doc", Map.of(), ANN);
      RecordingListener events = new RecordingListener();
      engine.openSession(BOB, "bob-tab", events).join("doc", null);
      assertThat(events.next("error").b()).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
    }

    @Test
    @DisplayName("a client id bound to one user is refused to another: at once while a bound session holds it, else right after hello")
    void clientIdBoundToUser() {
      MutablePolicy policy = new MutablePolicy();
      policy.access.put("ann", Access.WRITE);
      CollabEngine engine = engine(new InMemoryDocumentStore(), new LocalClusterBus(), EngineConfig.DEFAULTS, policy, "n");
      engine.create("doc", RichText.NAME, "Doc", Map.of(), ANN);
      RecordingListener ann = new RecordingListener();
      engine.openSession(ANN, "tab", ann).join("doc", null);
      ann.next("joined");
      CollabException refused = org.junit.jupiter.api.Assertions.assertThrows(
          CollabException.class, () -> engine.openSession(BOB, "tab", new RecordingListener()));
      assertThat(refused.code()).isEqualTo(ErrorCode.FORBIDDEN);

      RecordingListener annAgain = new RecordingListener();
      Session left = engine.openSession(ANN, "tab-2", annAgain);
      left.join("doc", null);
      annAgain.next("joined");
      left.close();
      RecordingListener bob = new RecordingListener();
      Session late = engine.openSession(BOB, "tab-2", bob);
      assertThat(bob.next("refused").a()).asString().contains("belongs to another user");
      assertThat(late.isClosed()).isTrue();
    }
  }

  @Test
  @DisplayName("two nodes hammering one document: conflicts are retried and nothing is lost")
  void twoNodesHammerOneDocument() throws Exception {
    // The first two appends (necessarily one per node: a node has one append in flight per
    // document) wait for each other, so both go for version 1 and one conflicts, whatever the timing.
    java.util.concurrent.CountDownLatch bothFirstAppends = new java.util.concurrent.CountDownLatch(2);
    dev.collab.spi.DocumentStore store = new dev.collab.tck.deployment.DelegatingStore(new InMemoryDocumentStore()) {
      @Override
      public dev.collab.spi.AppendResult append(String documentId, long expectedHead, List<CommittedOp> ops) {
        if (bothFirstAppends.getCount() > 0) {
          bothFirstAppends.countDown();
          try {
            bothFirstAppends.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return super.append(documentId, expectedHead, ops);
      }
    };
    LocalClusterBus bus = new LocalClusterBus();
    MutablePolicy policy = new MutablePolicy();
    policy.access.put("ann", Access.WRITE);
    EngineConfig config = EngineConfig.DEFAULTS.withMaxRetries(1_000);
    CollabEngine node0 = engine(store, bus, config, policy, "node0");
    CollabEngine node1 = engine(store, bus, config, policy, "node1");
    node0.create("doc", RichText.NAME, "Doc", Map.of(), ANN);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    List<CompletableFuture<CommittedOp>> edits = new ArrayList<>();
    try {
      List<CompletableFuture<List<CompletableFuture<CommittedOp>>>> writers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        CollabEngine node = w % 2 == 0 ? node0 : node1;
        String letter = String.valueOf((char) ('a' + w));
        writers.add(CompletableFuture.supplyAsync(() -> {
          List<CompletableFuture<CommittedOp>> mine = new ArrayList<>();
          for (int i = 0; i < 250; i++) {
            mine.add(node.edit("doc", ANN, RichText.INSTANCE, Delta.ofText(letter)).toCompletableFuture());
          }
          return mine;
        }, threads));
      }
      for (CompletableFuture<List<CompletableFuture<CommittedOp>>> writer : writers) {
        edits.addAll(writer.get(30, TimeUnit.SECONDS));
      }
      Set<Long> versions = new HashSet<>();
      for (CompletableFuture<CommittedOp> edit : edits) {
        versions.add(edit.get(30, TimeUnit.SECONDS).version());
      }
      assertThat(versions).hasSize(1_000);
      assertThat(store.head("doc")).isEqualTo(1_000);
      Delta replayed = Delta.empty();
      for (CommittedOp op : store.readOps("doc", 0, 1_000)) {
        replayed = RichText.INSTANCE.apply(replayed, DeltaJson.decode(op.op()));
      }
      String text = DeltaJson.decode(node0.read("doc").toCompletableFuture().get().data()).text();
      assertThat(text).as("node 0 holds the log's document").isEqualTo(replayed.text());
      for (char letter = 'a'; letter <= 'd'; letter++) {
        char c = letter;
        assertThat(text.chars().filter(ch -> ch == c).count()).as("copies of " + c).isEqualTo(250);
      }
      assertThat(node0.metrics().conflicts.get() + node1.metrics().conflicts.get()).as("conflicts").isPositive();
      assertThat(DeltaJson.decode(node1.read("doc").toCompletableFuture().get().data()).text()).isEqualTo(text);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  @DisplayName("presence is throttled to the latest, never echoed, and gone on leave")
  void presence() throws Exception {
    MutablePolicy policy = new MutablePolicy();
    policy.access.put("ann", Access.WRITE);
    policy.access.put("bob", Access.WRITE);
    CollabEngine engine = engine(new InMemoryDocumentStore(), new LocalClusterBus(),
        EngineConfig.DEFAULTS.withPresenceInterval(Duration.ofMillis(300)), policy, "n");
    engine.create("doc", RichText.NAME, "Doc", Map.of(), ANN);
    RecordingListener annEvents = new RecordingListener();
    RecordingListener bobEvents = new RecordingListener();
    Session ann = engine.openSession(ANN, "ann-tab", annEvents);
    Session bob = engine.openSession(BOB, "bob-tab", bobEvents);
    ann.join("doc", null);
    bob.join("doc", null);
    annEvents.next("joined");
    bobEvents.next("joined");
    for (int i = 0; i < 5; i++) {
      ann.presence("doc", Json.createObjectBuilder().add("index", i).add("length", 0).build(), null);
    }
    RecordingListener.Event first = bobEvents.next("presence");
    assertThat(((JsonValue) first.b()).asJsonObject().getInt("index")).isZero();
    RecordingListener.Event latest = bobEvents.next("presence");
    assertThat(((JsonValue) latest.b()).asJsonObject().getInt("index")).isEqualTo(4);
    ann.leave("doc");
    annEvents.next("left");
    assertThat(bobEvents.next("gone").a()).isEqualTo("ann-tab");
    assertThat(bobEvents.seen).filteredOn(e -> e.kind().equals("presence")).hasSize(2);
    assertThat(annEvents.drain()).noneMatch(e -> e.kind().equals("presence"));
  }

  @Test
  @DisplayName("documents snapshot every N ops, unload when idle, and load again from snapshot and tail")
  void snapshotUnloadReload() throws Exception {
    InMemoryDocumentStore store = new InMemoryDocumentStore();
    MutablePolicy policy = new MutablePolicy();
    policy.access.put("ann", Access.WRITE);
    CollabEngine engine = engine(store, new LocalClusterBus(),
        EngineConfig.DEFAULTS.withSnapshotEvery(5).withIdleUnload(Duration.ofMillis(100)), policy, "n");
    engine.create("doc", RichText.NAME, "Doc", Map.of(), ANN);
    for (int i = 0; i < 12; i++) {
      engine.edit("doc", ANN, RichText.INSTANCE, Delta.ofText(Integer.toString(i % 10))).toCompletableFuture().get();
    }
    waitUntil(() -> store.loadSnapshot("doc", 100).map(Snapshot::version).orElse(0L) == 10, "snapshot at 10");
    Optional<Snapshot> snapshot = store.loadSnapshot("doc", 100);
    assertThat(DeltaJson.decode(snapshot.get().data()).text()).isEqualTo("9876543210");
    assertThat(store.loadSnapshot("doc", 9).get().version()).isEqualTo(5);
    waitUntil(() -> engine.loadedDocuments() == 0, "the idle document unloaded");
    assertThat(DeltaJson.decode(engine.read("doc").toCompletableFuture().get().data()).text()).isEqualTo("109876543210");
    assertThat(engine.loadedDocuments()).isEqualTo(1);
  }
}
