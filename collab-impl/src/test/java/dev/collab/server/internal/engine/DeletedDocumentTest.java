package dev.collab.server.internal.engine;

import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.LocalClusterBus;
import dev.collab.server.defaults.RoleAccessPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.collab.CommittedOp;
import dev.collab.DocumentInfo;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.ot.RichText;
import dev.collab.server.bus.Services;
import dev.collab.server.redis.RedisClusterBus;
import dev.collab.spi.ClusterBus;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Deleting a document that is loaded: no node may go on serving it from memory. A client joined to
 * it is told ({@code unknown-document}, then {@code left}), and a document created again with the
 * same id starts empty and takes edits, on the node that deleted it and on every other one. The
 * first test was found by the TCK's protocol kit; the others reproduce the hardening issue's "delete
 * zombie" (the re-created document answered version 1 with the deleted text, and its submits ended
 * in {@code retry-exhausted}).
 */
class DeletedDocumentTest {
  static final User ANN = new User("ann", "Ann", Set.of(RoleAccessPolicy.WRITER));
  static final User BOB = new User("bob", "Bob", Set.of(RoleAccessPolicy.WRITER));

  final InMemoryDocumentStore store = new InMemoryDocumentStore();
  final List<CollabEngine> engines = new ArrayList<>();
  /** Buses and their clients, closed after the engines in reverse order. */
  final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    engines.forEach(CollabEngine::close);
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  /** Two nodes' buses: one in-JVM bus shared, or each node on its own connection to a real Redis. */
  ClusterBus[] buses(String kind) {
    if (kind.equals("local")) {
      LocalClusterBus bus = new LocalClusterBus();
      return new ClusterBus[] {bus, bus};
    }
    Services.requireRedis();
    String prefix = "collab-delete-test:" + UUID.randomUUID() + ":";
    ClusterBus[] buses = new ClusterBus[2];
    for (int i = 0; i < buses.length; i++) {
      RedisClient client = RedisClient.create(Services.redisUri());
      resources.add(client::shutdown);
      buses[i] = new RedisClusterBus(client, prefix);
      resources.add(buses[i]);
    }
    return buses;
  }

  CollabEngine node(String id, ClusterBus bus) {
    CollabEngine engine = CollabEngine.builder().store(store).bus(bus).nodeId(id).build();
    engines.add(engine);
    return engine;
  }

  CollabEngine node() {
    CollabEngine engine = CollabEngine.builder().store(store).build();
    engines.add(engine);
    return engine;
  }

  /** A session and what it heard. */
  record Client(Session session, RecordingListener heard) {
    static Client open(CollabEngine engine, User user, String client) {
      RecordingListener heard = new RecordingListener();
      return new Client(engine.openSession(user, client, heard), heard);
    }

    /** Joins {@code doc} and returns the snapshot it was answered with. */
    JoinReply.SnapshotReply join(String doc) {
      session.join(doc, null);
      return (JoinReply.SnapshotReply) heard.next("joined").a();
    }

    /** Submits and returns the version of the ack. */
    Object commit(String doc, long base, long seq, String op) {
      session.submit(doc, base, seq, op);
      return heard.next("ack").b();
    }
  }

  /** The listener was told the document is gone: an error without seq, then {@code left}. */
  static void toldDeleted(Client client, String doc) {
    RecordingListener listener = client.heard();
    RecordingListener.Event error = listener.next("error");
    assertThat(error.doc()).isEqualTo(doc);
    assertThat(error.a()).as("no seq: it answers no request").isNull();
    assertThat(error.b()).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
    assertThat((String) error.c()).contains("deleted");
    assertThat(listener.next("left").doc()).isEqualTo(doc);
  }

  @Test
  @DisplayName("a join of a document deleted while loaded is unknown-document, not a snapshot from memory")
  void joinAfterDelete() {
    CollabEngine engine = node();
    engine.create("doc", RichText.NAME, "Doc", Map.of(), ANN);
    Client.open(engine, ANN, "tab-1").join("doc");
    assertThat(engine.loadedDocuments()).isEqualTo(1);

    assertThat(store.delete("doc")).isTrue();
    RecordingListener second = new RecordingListener();
    engine.openSession(ANN, "tab-2", second).join("doc", null);
    RecordingListener.Event refused = second.next("error");
    assertThat(refused.b()).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
    assertThat(second.drain()).noneMatch(e -> e.kind().equals("joined"));
  }

  @Test
  @DisplayName("one node: delete tells the joined client and unloads; the document re-created with its id is empty at version 0 and takes edits")
  void deleteThenRecreateOnOneNode() throws Exception {
    CollabEngine engine = node();
    engine.create("doc", RichText.NAME, "Doc", Map.of(), ANN);
    Client ann = Client.open(engine, ANN, "tab-ann");
    ann.join("doc");
    assertThat(ann.commit("doc", 0, 1, "[{\"insert\":\"secret\"}]")).isEqualTo(1L);

    assertThat(engine.delete("doc")).isTrue();
    toldDeleted(ann, "doc");
    await("the deleted document unloaded").atMost(Duration.ofSeconds(10)).until(() -> engine.loadedDocuments() == 0);

    engine.create("doc", RichText.NAME, "Again", Map.of(), ANN);
    assertThat(engine.read("doc").toCompletableFuture().get().version()).isZero();
    Client bob = Client.open(engine, BOB, "tab-bob");
    JoinReply.SnapshotReply fresh = bob.join("doc");
    assertThat(fresh.version()).isZero();
    assertThat(fresh.data()).doesNotContain("secret");
    assertThat(bob.commit("doc", 0, 1, "[{\"insert\":\"new\"}]")).isEqualTo(1L);
    assertThat(ann.join("doc").version()).as("the told client rejoins the new document").isEqualTo(1L);
    assertThat(engine.read("doc").toCompletableFuture().get().data()).isEqualTo("[{\"insert\":\"new\"}]");
  }

  @ParameterizedTest(name = "{0} bus")
  @ValueSource(strings = {"local", "redis"})
  @DisplayName("two nodes: a delete on one drops the loaded copy on the other too (over the bus), clients on both are told, and the re-created document is empty and editable on both")
  void deleteThenRecreateAcrossNodes(String kind) throws Exception {
    ClusterBus[] buses = buses(kind);
    CollabEngine a = node("node-a", buses[0]);
    CollabEngine b = node("node-b", buses[1]);
    a.create("doc", RichText.NAME, "Doc", Map.of(), ANN);
    Client ann = Client.open(a, ANN, "tab-ann");
    ann.join("doc");
    Client bob = Client.open(b, BOB, "tab-bob");
    bob.join("doc");
    assertThat(ann.commit("doc", 0, 1, "[{\"insert\":\"secret\"}]")).isEqualTo(1L);
    assertThat(((CommittedOp) bob.heard().next("op").a()).version()).isEqualTo(1L);

    assertThat(a.delete("doc")).isTrue();
    toldDeleted(ann, "doc");
    toldDeleted(bob, "doc");
    await("both nodes unloaded the deleted document").atMost(Duration.ofSeconds(10))
        .until(() -> a.loadedDocuments() == 0 && b.loadedDocuments() == 0);

    b.create("doc", RichText.NAME, "Again", Map.of(), BOB);
    assertThat(ann.join("doc").version()).isZero();
    JoinReply.SnapshotReply onB = bob.join("doc");
    assertThat(onB.version()).isZero();
    assertThat(onB.data()).doesNotContain("secret");
    assertThat(bob.commit("doc", 0, 2, "[{\"insert\":\"new\"}]")).isEqualTo(1L);
    assertThat(((CommittedOp) ann.heard().next("op").a()).version()).isEqualTo(1L);
    assertThat(ann.commit("doc", 1, 2, "[{\"retain\":3},{\"insert\":\"er\"}]")).isEqualTo(2L);
    assertThat(b.read("doc").toCompletableFuture().get().data()).isEqualTo("[{\"insert\":\"newer\"}]");
  }

  @Test
  @DisplayName("submits in flight when the document is deleted are refused with unknown-document, and none lands in the document created again")
  void submitsInFlightAtDelete() throws Exception {
    ControllableStore held = new ControllableStore();
    CollabEngine engine = CollabEngine.builder().store(held).build();
    engines.add(engine);
    engine.create("doc", RichText.NAME, "Doc", Map.of(), ANN);
    Client ann = Client.open(engine, ANN, "tab-ann");
    ann.join("doc");
    // At version 1, so that the held append (expecting head 1) cannot land in the new document at 0.
    assertThat(ann.commit("doc", 0, 1, "[{\"insert\":\"secret\"}]")).isEqualTo(1L);
    held.hold();
    ann.session().submit("doc", 1, 2, "[{\"insert\":\"one\"}]");
    assertThat(held.awaitWaitingAppend()).as("the append is held").isTrue();
    ann.session().submit("doc", 1, 3, "[{\"insert\":\"two\"}]");

    assertThat(engine.delete("doc")).isTrue();
    engine.create("doc", RichText.NAME, "Again", Map.of(), ANN);
    held.open();
    // Each submit is answered, before or after the client is told (a submit still on its way to
    // the document is answered when it gets there): unknown-document with its seq.
    assertThat(answerTo(ann, 2).b()).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
    assertThat(answerTo(ann, 3).b()).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
    if (ann.heard().seen.stream().noneMatch(e -> e.kind().equals("left"))) {
      ann.heard().next("left");
    }
    List<String> told = ann.heard().seen.stream()
        .filter(e -> e.kind().equals("left") || (e.kind().equals("error") && e.a() == null))
        .map(e -> e.kind() + " " + e.b()).toList();
    assertThat(told).containsExactly("error UNKNOWN_DOCUMENT", "left null");
    assertThat(ann.heard().drain()).noneMatch(e -> e.kind().equals("ack"));
    assertThat(engine.read("doc").toCompletableFuture().get().version()).isZero();
  }

  /** The error answering submit {@code seq}, skipping (and keeping in {@code seen}) other events. */
  static RecordingListener.Event answerTo(Client client, long seq) {
    return client.heard().seen.stream().filter(e -> e.kind().equals("error") && Long.valueOf(seq).equals(e.a()))
        .findFirst()
        .orElseGet(() -> client.heard().next(e -> e.kind().equals("error") && Long.valueOf(seq).equals(e.a()), "error for seq " + seq));
  }

  @Test
  @DisplayName("deleted and re-created in the store behind the engine's back (a lost bus message, a script): the stale copy is dropped at the next join, not served")
  void recreatedBehindTheEngine() throws Exception {
    CollabEngine engine = node();
    engine.create("doc", RichText.NAME, "Doc", Map.of(), ANN);
    Client ann = Client.open(engine, ANN, "tab-ann");
    ann.join("doc");
    assertThat(ann.commit("doc", 0, 1, "[{\"insert\":\"secret\"}]")).isEqualTo(1L);

    assertThat(store.delete("doc")).isTrue();
    assertThat(store.create(new DocumentInfo("doc", RichText.NAME, "Again", Map.of(), "bob", Instant.now()))).isTrue();
    Client bob = Client.open(engine, BOB, "tab-bob");
    JoinReply.SnapshotReply fresh = bob.join("doc");
    assertThat(fresh.version()).isZero();
    assertThat(fresh.data()).doesNotContain("secret");
    toldDeleted(ann, "doc");
    assertThat(bob.commit("doc", 0, 1, "[{\"insert\":\"new\"}]")).isEqualTo(1L);
  }
}
