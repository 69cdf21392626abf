package dev.collab.server.internal.engine;

import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.RoleAccessPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.collab.CollabException;
import dev.collab.DocumentInfo;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.ot.RichText;
import dev.collab.spi.ClusterBus;
import dev.collab.spi.Snapshot;
import dev.collab.tck.deployment.DelegatingStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * No request may vanish: when the engine cannot do something (its background queue is full, the
 * store fails while a document loads), the caller gets an error, and nothing is
 * left behind (a bus subscription of a document that never loaded).
 */
class NothingVanishesTest {
  static final User ANN = new User("ann", "Ann", Set.of(RoleAccessPolicy.WRITER));

  /** A store whose {@code find} can be held, and whose snapshot loads can be made to fail. */
  static final class HeldStore extends DelegatingStore {
    volatile CountDownLatch held = new CountDownLatch(0);
    volatile CountDownLatch entered = new CountDownLatch(1);
    volatile boolean failSnapshots;

    HeldStore() {
      super(new InMemoryDocumentStore());
    }

    @Override
    public Optional<DocumentInfo> find(String documentId) {
      entered.countDown();
      try {
        held.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return super.find(documentId);
    }

    @Override
    public Optional<Snapshot> loadSnapshot(String documentId, long atOrBelow) {
      if (failSnapshots) {
        throw new IllegalStateException("the database is down");
      }
      return super.loadSnapshot(documentId, atOrBelow);
    }
  }

  /** A bus that counts its open subscriptions. */
  static final class CountingBus implements ClusterBus {
    final AtomicInteger open = new AtomicInteger();

    @Override
    public void publish(String documentId, String message) {}

    @Override
    public Subscription subscribe(String documentId, Consumer<String> listener) {
      open.incrementAndGet();
      return open::decrementAndGet;
    }
  }

  @Test
  @DisplayName("readAt and history past a full background queue fail at once with rate-limited; none stays unanswered")
  void fullBackgroundQueueRefusesVisibly() throws Exception {
    HeldStore store = new HeldStore();
    try (CollabEngine engine = CollabEngine.builder().store(store).build()) {
      engine.create("doc", RichText.NAME, "Doc", Map.of(), ANN);
      store.held = new CountDownLatch(1);
      List<CompletableFuture<?>> accepted = new ArrayList<>();
      accepted.add(engine.readAt("doc", 0).toCompletableFuture());
      assertThat(store.entered.await(10, TimeUnit.SECONDS)).as("the first read holds the background thread").isTrue();
      for (int i = 0; i < CollabEngine.BACKGROUND_QUEUE; i++) {
        accepted.add((i % 2 == 0 ? engine.readAt("doc", 0) : engine.history("doc", 0, 10)).toCompletableFuture());
      }
      for (CompletableFuture<?> refused : List.of(engine.readAt("doc", 0).toCompletableFuture(),
          engine.history("doc", 0, 10).toCompletableFuture())) {
        assertThat(refused).as("refused while the queue is full").isCompletedExceptionally();
        assertThat(causeOf(refused)).isInstanceOf(CollabException.class);
        assertThat(((CollabException) causeOf(refused)).code()).isEqualTo(ErrorCode.RATE_LIMITED);
      }
      store.held.countDown();
      CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      assertThat(accepted).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    }
  }

  private static Throwable causeOf(CompletableFuture<?> future) {
    try {
      future.getNow(null);
      throw new AssertionError("completed normally");
    } catch (java.util.concurrent.CompletionException e) {
      return e.getCause();
    }
  }

  @Test
  @DisplayName("a join while the store fails is answered with an error and leaves no bus subscription; the next join loads")
  void joinWhileTheStoreFails() throws Exception {
    HeldStore store = new HeldStore();
    CountingBus bus = new CountingBus();
    try (CollabEngine engine = CollabEngine.builder().store(store).bus(bus).build()) {
      engine.create("doc", RichText.NAME, "Doc", Map.of(), ANN);
      store.failSnapshots = true;
      RecordingListener first = new RecordingListener();
      engine.openSession(ANN, "tab-1", first).join("doc", null);
      RecordingListener.Event refused = first.next("error");
      assertThat(refused.b()).isEqualTo(ErrorCode.INTERNAL);
      await().atMost(Duration.ofSeconds(10)).until(() -> bus.open.get() == 0);

      store.failSnapshots = false;
      RecordingListener second = new RecordingListener();
      engine.openSession(ANN, "tab-2", second).join("doc", null);
      second.next("joined");
      assertThat(bus.open.get()).as("one subscription for the loaded document").isEqualTo(1);
    }
  }

  @Test
  @DisplayName("a join overtaken by a leave of the same document is answered, and so is the leave")
  void joinThenLeaveBeforeItsTurn() throws Exception {
    HeldStore store = new HeldStore();
    try (CollabEngine engine = CollabEngine.builder().store(store).build()) {
      engine.create("doc", RichText.NAME, "Doc", Map.of(), ANN);
      for (String doc : List.of("doc", "missing")) {
        // Another client's join holds the document's turn, so the next join waits behind it.
        store.held = new CountDownLatch(1);
        store.entered = new CountDownLatch(1);
        engine.openSession(ANN, "holder-" + doc, new RecordingListener()).join(doc, null);
        assertThat(store.entered.await(10, TimeUnit.SECONDS)).isTrue();
        RecordingListener listener = new RecordingListener();
        Session session = engine.openSession(ANN, "tab-" + doc, listener);
        session.join(doc, null);
        session.leave(doc);
        store.held.countDown();
        RecordingListener.Event answer = listener.next(e -> true, "the join's answer");
        assertThat(answer.kind()).as(doc).isEqualTo(doc.equals("doc") ? "joined" : "error");
        assertThat(listener.next(e -> true, "the leave's answer").kind()).as(doc).isEqualTo("left");
        session.submit(doc, 0, 1, "[{\"insert\": \"x\"}]");
        assertThat(listener.next("error").b()).as("left, so not joined").isEqualTo(ErrorCode.NOT_JOINED);
      }
    }
  }
  @Test
  @DisplayName("a join after one that fails is answered and joins: the failure forgets only its own join")
  void joinAfterAFailedJoin() throws Exception {
    try (CollabEngine engine = CollabEngine.builder().store(new InMemoryDocumentStore()).build()) {
      engine.create("doc", RichText.NAME, "Doc", Map.of(), ANN);
      RecordingListener listener = new RecordingListener();
      Session session = engine.openSession(ANN, "tab-1", listener);
      session.join("doc", 99L);
      session.join("doc", null);
      assertThat(listener.next(e -> true, "the first join's answer").b()).isEqualTo(ErrorCode.VERSION_AHEAD);
      assertThat(listener.next(e -> true, "the second join's answer").kind()).isEqualTo("joined");
      session.submit("doc", 0, 1, "[{\"insert\": \"x\"}]");
      assertThat(listener.next(e -> true, "the submit's answer").kind()).as("joined, so acknowledged").isEqualTo("ack");
    }
  }
  @Test
  @DisplayName("a submit committed after its client left the document is still acknowledged")
  void submitThenLeaveBeforeTheCommit() throws Exception {
    HeldStore store = new HeldStore();
    try (CollabEngine engine = CollabEngine.builder().store(store).build()) {
      engine.create("doc", RichText.NAME, "Doc", Map.of(), ANN);
      // Another client's join holds the document's turn: join, submit and leave queue behind it, and
      // the commit the submit schedules comes after the leave.
      store.held = new CountDownLatch(1);
      engine.openSession(ANN, "holder", new RecordingListener()).join("doc", null);
      assertThat(store.entered.await(10, TimeUnit.SECONDS)).isTrue();
      RecordingListener listener = new RecordingListener();
      Session session = engine.openSession(ANN, "tab-1", listener);
      session.join("doc", null);
      session.submit("doc", 0, 1, "[{\"insert\": \"x\"}]");
      session.leave("doc");
      store.held.countDown();
      RecordingListener.Event ack = listener.next("ack");
      assertThat(ack.b()).as("version").isEqualTo(1L);
      assertThat(store.head("doc")).as("committed").isEqualTo(1L);
    }
  }
}
