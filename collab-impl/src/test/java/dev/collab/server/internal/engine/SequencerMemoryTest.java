package dev.collab.server.internal.engine;

import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.RoleAccessPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.collab.CommittedOp;
import dev.collab.User;
import dev.collab.ot.Delta;
import dev.collab.ot.DeltaJson;
import dev.collab.ot.RichText;
import dev.collab.spi.Snapshot;
import dev.collab.tck.deployment.DelegatingStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What a document keeps in memory: a window that follows the lag of its submits, a resubmission
 * recognised wherever its op is, and snapshots spaced by the document's length.
 */
class SequencerMemoryTest {
  static final User ANN = User.of("ann");
  static final User BOB = User.of("bob");

  /** The in-memory store, counting the range reads the engine makes of it. */
  static final class CountingStore extends DelegatingStore {
    final AtomicInteger rangeReads = new AtomicInteger();

    CountingStore() {
      super(new InMemoryDocumentStore());
    }

    @Override
    public List<CommittedOp> readOps(String documentId, long fromExclusive, long toInclusive) {
      rangeReads.incrementAndGet();
      return super.readOps(documentId, fromExclusive, toInclusive);
    }
  }

  final List<CollabEngine> engines = new ArrayList<>();
  final CountingStore store = new CountingStore();

  @AfterEach
  void close() {
    engines.forEach(CollabEngine::close);
  }

  CollabEngine engine(EngineConfig config) {
    CollabEngine engine = CollabEngine.builder().store(store).config(config).policy(new RoleAccessPolicy(true)).build();
    engines.add(engine);
    return engine;
  }

  /** A session of {@code user} that joined "doc" (created here when it is not yet). */
  static Session joined(CollabEngine engine, User user, RecordingListener events) {
    if (engine.store().find("doc").isEmpty()) {
      engine.create("doc", RichText.NAME, "Doc", Map.of(), ANN);
    }
    Session session = engine.openSession(user, user.id() + "-tab", events);
    session.join("doc", null);
    events.next("joined");
    return session;
  }

  /** Submits {@code count} ops from the head, one at a time, each acked before the next. */
  static long typeAtHead(Session session, RecordingListener events, long head, long firstSeq, int count) {
    for (int i = 0; i < count; i++) {
      session.submit("doc", head, firstSeq + i, "[{\"insert\":\"a\"}]");
      head = (Long) events.next("ack").b();
    }
    return head;
  }

  @Test
  @DisplayName("the window shrinks while writers keep up, a late submit reads the store, and then the window grows")
  void windowFollowsTheLag() {
    CollabEngine engine = engine(EngineConfig.DEFAULTS);
    RecordingListener annEvents = new RecordingListener();
    Session ann = joined(engine, ANN, annEvents);
    RecordingListener bobEvents = new RecordingListener();
    Session bob = joined(engine, BOB, bobEvents);

    long head = typeAtHead(ann, annEvents, 0, 1, 60);
    assertThat(head).isEqualTo(60);
    int readsBefore = store.rangeReads.get();

    // Bob is 60 ops behind: far more than the few ops a window keeps while everyone keeps up.
    bob.submit("doc", 0, 1, "[{\"insert\":\"B\"}]");
    assertThat(bobEvents.next("ack").b()).isEqualTo(61L);
    assertThat(store.rangeReads.get()).as("range reads for a base older than the shrunk window").isGreaterThan(readsBefore);

    // That lag is remembered: a window of twice 60 ops now serves a submit as late as Bob's.
    head = typeAtHead(ann, annEvents, 61, 61, 60);
    int readsAfterGrowth = store.rangeReads.get();
    bob.submit("doc", 61, 2, "[{\"insert\":\"C\"}]");
    assertThat(bobEvents.next("ack").b()).isEqualTo(head + 1);
    assertThat(store.rangeReads.get()).as("range reads once the window grew").isEqualTo(readsAfterGrowth);

    // The document the engine holds is the log's: replayed from the store, without snapshots.
    String text = DeltaJson.decode(engine.read("doc").toCompletableFuture().join().data()).text();
    Delta replayed = Delta.empty();
    for (CommittedOp op : store.readOps("doc", 0, head + 1)) {
      replayed = RichText.INSTANCE.apply(replayed, DeltaJson.decode(op.op()));
    }
    assertThat(text).isEqualTo(replayed.text()).hasSize(122).contains("B", "C");
  }

  @Test
  @DisplayName("a resubmission made on a base at or above its own version is acknowledged with that version")
  void resubmissionAboveItsVersion() {
    CollabEngine engine = engine(EngineConfig.DEFAULTS);
    RecordingListener events = new RecordingListener();
    Session ann = joined(engine, ANN, events);
    long head = typeAtHead(ann, events, 0, 1, 3);

    // Seq 1 (version 1) again, made on the head: only the store can tell, by its (client, seq) key.
    ann.submit("doc", head, 1, "[{\"insert\":\"again\"}]");
    RecordingListener.Event ack = events.next("ack");
    assertThat(ack.a()).isEqualTo(1L);
    assertThat(ack.b()).isEqualTo(1L);
    assertThat(store.head("doc")).isEqualTo(3);
    assertThat(engine.metrics().duplicates.get()).isEqualTo(1);
  }

  @Test
  @DisplayName("a long document is snapshotted after one op per 256 characters, not every snapshotEvery ops")
  void longDocumentSnapshotsLessOften() {
    CollabEngine engine = engine(EngineConfig.DEFAULTS.withSnapshotEvery(10));
    RecordingListener events = new RecordingListener();
    Session ann = joined(engine, ANN, events);
    // 25,600 characters: one snapshot per 100 ops at least, instead of per 10.
    ann.submit("doc", 0, 1, "[{\"insert\":\"" + "x".repeat(25_600) + "\"}]");
    assertThat(events.next("ack").b()).isEqualTo(1L);
    typeAtHead(ann, events, 1, 2, 149);

    await().atMost(Duration.ofSeconds(10)).until(() -> store.loadSnapshot("doc", 150).isPresent());
    Optional<Snapshot> latest = store.loadSnapshot("doc", 150);
    assertThat(latest.orElseThrow().version()).isEqualTo(100);
    assertThat(store.loadSnapshot("doc", 99)).as("no snapshot at 10, 20, ... 90").isEmpty();
    assertThat(latest.orElseThrow().data()).isEqualTo(engine.readAt("doc", 100).toCompletableFuture().join().data());
  }
}
