package dev.collab.server.internal.engine;

import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.RoleAccessPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.collab.CollabException;
import dev.collab.CommittedOp;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.ot.RichText;
import dev.collab.spi.AppendRequest;
import dev.collab.spi.AppendResult;
import dev.collab.tck.deployment.DelegatingStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Group commit across documents ({@link GroupCommitter}): the appends of many documents that queue
 * while a store call runs share the next {@code appendAll} call; nothing is acknowledged before the
 * store returned; the queue and batch bounds hold; a conflict in a shared batch is retried for its
 * document alone. The store is the in-memory one, wrapped to record every {@code appendAll} call
 * and to hold the calls of one node until the test opens the gate.
 */
class GroupCommitTest {
  static final User ANN = new User("ann", "Ann", Set.of(RoleAccessPolicy.WRITER));

  final RecordingStore store = new RecordingStore();
  final List<CollabEngine> engines = new ArrayList<>();

  @AfterEach
  void close() {
    store.gate.open();
    engines.forEach(CollabEngine::close);
  }

  private CollabEngine engine(String node, EngineConfig config) {
    CollabEngine engine = CollabEngine.builder().store(store).config(config).nodeId(node).build();
    engines.add(engine);
    return engine;
  }

  private static EngineConfig oneCommitter() {
    return EngineConfig.DEFAULTS.withCommitterThreads(1);
  }

  /** Waits until the engine's committer has {@code n} appends queued (bounded). */
  private static void awaitQueued(CollabEngine engine, int n) {
    org.awaitility.Awaitility.await(n + " appends queued").atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(5)).until(() -> engine.committer().queued() >= n);
  }

  /** A server-side edit whose completion (the acknowledgement) checks that the op is committed. */
  private CompletableFuture<CommittedOp> edit(CollabEngine engine, String doc, String text, List<String> ackedTooEarly) {
    return engine.edit(doc, ANN, "[{\"insert\":\"" + text + "\"}]").toCompletableFuture().whenComplete((op, e) -> {
      if (op != null && store.delegate.findOp(doc, op.client(), op.seq()).isEmpty()) {
        ackedTooEarly.add(doc + " v" + op.version());
      }
    });
  }

  @Test
  @DisplayName("only a store with an appendAll of its own goes through the committer; with the default one, each sequencer appends itself")
  void committerOnlyForBatchingStores() throws Exception {
    assertThat(GroupCommitter.pays(store)).isTrue();
    assertThat(engine("nodeA", EngineConfig.DEFAULTS).committer()).isNotNull();
    InMemoryDocumentStore plain = new InMemoryDocumentStore();
    assertThat(GroupCommitter.pays(plain)).isFalse();
    CollabEngine direct = CollabEngine.builder().store(plain).nodeId("nodeC").build();
    engines.add(direct);
    assertThat(direct.committer()).isNull();
    direct.create("d", RichText.NAME, "D", Map.of(), ANN);
    CommittedOp op = direct.edit("d", ANN, "[{\"insert\":\"x\"}]").toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(op.version()).isEqualTo(1);
    assertThat(plain.findOp("d", op.client(), op.seq())).as("acknowledged after the append").isPresent();
  }

  /**
   * Creates {@code doc0..doc<documents-1>}, holds nodeA's store call on an edit of doc0, then edits
   * doc1..doc<queued> and waits until those appends are queued behind it. Returns every edit.
   */
  private List<CompletableFuture<CommittedOp>> queueBehindAHeldCall(CollabEngine engine, int documents, int queued,
      List<String> tooEarly) throws InterruptedException {
    for (int d = 0; d < documents; d++) {
      engine.create("doc" + d, RichText.NAME, "Doc " + d, Map.of(), ANN);
    }
    store.hold("nodeA");
    List<CompletableFuture<CommittedOp>> edits = new ArrayList<>();
    edits.add(edit(engine, "doc0", "first", tooEarly));
    assertThat(store.gate.awaitWaiting()).isTrue();
    for (int d = 1; d <= queued; d++) {
      edits.add(edit(engine, "doc" + d, "x" + d, tooEarly));
    }
    awaitQueued(engine, queued);
    return edits;
  }

  @Test
  @DisplayName("the appends of 50 documents queued while a store call runs are written in one appendAll call, and acknowledged only after it")
  void manyDocumentsShareOneCall() throws Exception {
    CollabEngine engine = engine("nodeA", oneCommitter());
    List<String> tooEarly = new CopyOnWriteArrayList<>();
    List<CompletableFuture<CommittedOp>> edits = queueBehindAHeldCall(engine, 50, 49, tooEarly);
    assertThat(edits).as("nothing acknowledged while the store call is held").noneMatch(CompletableFuture::isDone);

    store.gate.open();
    CompletableFuture.allOf(edits.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

    assertThat(tooEarly).isEmpty();
    assertThat(store.calls).extracting(List::size).containsExactly(1, 49);
    assertThat(engine.metrics().commitBatches).hasValue(2);
    assertThat(engine.metrics().commitBatchDocuments).hasValue(50);
    for (int d = 0; d < 50; d++) {
      assertThat(store.head("doc" + d)).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("a batch holds at most maxCommitBatch ops: 25 queued one-op appends go in calls of 10, 10 and 5")
  void batchBound() throws Exception {
    CollabEngine engine = engine("nodeA", oneCommitter().withMaxCommitBatch(10));
    List<String> tooEarly = new CopyOnWriteArrayList<>();
    List<CompletableFuture<CommittedOp>> edits = queueBehindAHeldCall(engine, 26, 25, tooEarly);
    store.gate.open();
    CompletableFuture.allOf(edits.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

    assertThat(store.calls).extracting(List::size).containsExactly(1, 10, 10, 5);
    assertThat(tooEarly).isEmpty();
  }

  @Test
  @DisplayName("an append past maxCommitQueue is rate-limited, writes nothing, and the document takes the next edit")
  void queueBound() throws Exception {
    CollabEngine engine = engine("nodeA", oneCommitter().withMaxCommitQueue(3));
    List<String> tooEarly = new CopyOnWriteArrayList<>();
    List<CompletableFuture<CommittedOp>> edits = queueBehindAHeldCall(engine, 5, 3, tooEarly);
    CompletableFuture<CommittedOp> refused = edit(engine, "doc4", "y", tooEarly);
    assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(CollabException.class)
        .satisfies(e -> assertThat(((CollabException) e).code()).isEqualTo(ErrorCode.RATE_LIMITED))
        .hasMessageContaining("3");
    assertThat(store.head("doc4")).isZero();

    store.gate.open();
    CompletableFuture.allOf(edits.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    assertThat(edit(engine, "doc4", "z", tooEarly).get(10, TimeUnit.SECONDS).version()).isEqualTo(1);
    assertThat(engine.read("doc4").toCompletableFuture().get(10, TimeUnit.SECONDS).data()).isEqualTo("[{\"insert\":\"z\"}]");
    assertThat(tooEarly).isEmpty();
  }

  @Test
  @DisplayName("a document that conflicts inside a shared batch is retried alone; the other document of the batch is written once")
  void conflictInASharedBatch() throws Exception {
    CollabEngine a = engine("nodeA", oneCommitter());
    CollabEngine b = engine("nodeB", oneCommitter()); // its own bus: A does not hear of B's commit
    for (String doc : List.of("x", "y", "z")) {
      a.create(doc, RichText.NAME, doc, Map.of(), ANN);
    }
    assertThat(a.read("x").toCompletableFuture().get(10, TimeUnit.SECONDS).version()).isZero(); // A loads x at 0
    List<String> tooEarly = new CopyOnWriteArrayList<>();
    assertThat(edit(b, "x", "B", tooEarly).get(10, TimeUnit.SECONDS).version()).isEqualTo(1);

    store.hold("nodeA");
    CompletableFuture<CommittedOp> z = edit(a, "z", "z", tooEarly);
    assertThat(store.gate.awaitWaiting()).isTrue();
    CompletableFuture<CommittedOp> x = edit(a, "x", "A", tooEarly);
    CompletableFuture<CommittedOp> y = edit(a, "y", "y", tooEarly);
    awaitQueued(a, 2);
    store.gate.open();

    assertThat(x.get(10, TimeUnit.SECONDS).version()).isEqualTo(2);
    assertThat(y.get(10, TimeUnit.SECONDS).version()).isEqualTo(1);
    assertThat(z.get(10, TimeUnit.SECONDS).version()).isEqualTo(1);
    // x and y queue from two sequencers at once: their order inside the shared call is either.
    assertThat(store.callsOf("nodeA")).extracting(call -> call.stream().sorted().toList())
        .containsExactly(List.of("z"), List.of("x", "y"), List.of("x"));
    assertThat(a.metrics().conflicts).hasValue(1);
    assertThat(store.readOps("x", 0, 2)).extracting(CommittedOp::op)
        .containsExactly("[{\"insert\":\"B\"}]", "[{\"insert\":\"A\"}]");
    assertThat(store.head("y")).isEqualTo(1);
    assertThat(tooEarly).isEmpty();
  }

  @Test
  @DisplayName("the group commit settings must be positive, and the error names the setting")
  void settingsArePositive() {
    assertThatThrownBy(() -> EngineConfig.DEFAULTS.withCommitterThreads(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("committerThreads");
    assertThatThrownBy(() -> EngineConfig.DEFAULTS.withMaxCommitQueue(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxCommitQueue");
    assertThatThrownBy(() -> EngineConfig.DEFAULTS.withMaxCommitBatch(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxCommitBatch");
  }

  /**
   * The in-memory store, recording every {@code appendAll} call (its documents, and the node from
   * the committer thread's name) and holding the calls of one node at a gate.
   */
  static final class RecordingStore extends DelegatingStore {
    final InMemoryDocumentStore delegate;
    final List<List<String>> calls = new CopyOnWriteArrayList<>();
    final List<String> callNodes = new CopyOnWriteArrayList<>();
    final Gate gate = new Gate();
    volatile String heldNode = "";

    RecordingStore() {
      this(new InMemoryDocumentStore());
    }

    private RecordingStore(InMemoryDocumentStore delegate) {
      super(delegate);
      this.delegate = delegate;
    }

    void hold(String node) {
      heldNode = node;
      gate.hold();
    }

    List<List<String>> callsOf(String node) {
      List<List<String>> of = new ArrayList<>();
      for (int i = 0; i < calls.size(); i++) {
        if (callNodes.get(i).equals(node)) {
          of.add(calls.get(i));
        }
      }
      return of;
    }

    @Override
    public List<AppendResult> appendAll(List<AppendRequest> requests) {
      String thread = Thread.currentThread().getName();
      String node = thread.startsWith("collab-nodeA-") ? "nodeA" : thread.startsWith("collab-nodeB-") ? "nodeB" : thread;
      if (node.equals(heldNode)) {
        gate.pass();
      }
      synchronized (this) {
        callNodes.add(node);
        calls.add(requests.stream().map(AppendRequest::documentId).toList());
      }
      return delegate.appendAll(requests);
    }

    @Override
    public AppendResult append(String documentId, long expectedHead, List<CommittedOp> ops) {
      return delegate.append(documentId, expectedHead, ops);
    }
  }
}
