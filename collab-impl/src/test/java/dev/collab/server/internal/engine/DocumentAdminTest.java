package dev.collab.server.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.ErrorCode;
import dev.collab.ot.RichText;
import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.internal.engine.DeletedDocumentTest.Client;
import dev.collab.spi.Snapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What an administrator does to a loaded document through the engine ({@link DocumentAdmin}): list
 * it with its joined sessions, snapshot it now, unload it under its clients; none of them loads a
 * document that is not loaded.
 */
class DocumentAdminTest {
  final InMemoryDocumentStore store = new InMemoryDocumentStore();
  final CollabEngine engine = CollabEngine.builder().store(store).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private static <T> T done(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  @Test
  @DisplayName("the loaded documents are listed with head and joined sessions, in id order")
  void describesLoadedDocuments() {
    engine.create("b-doc", RichText.NAME, "B", Map.of(), DeletedDocumentTest.ANN);
    engine.create("a-doc", RichText.NAME, "A", Map.of(), DeletedDocumentTest.ANN);
    engine.create("not-loaded", RichText.NAME, "N", Map.of(), DeletedDocumentTest.ANN);
    Client ann = Client.open(engine, DeletedDocumentTest.ANN, "ann-tab");
    Client bob = Client.open(engine, DeletedDocumentTest.BOB, "bob-tab");
    ann.join("b-doc");
    bob.join("b-doc");
    bob.join("a-doc");
    assertThat(ann.commit("b-doc", 0, 1, "[{\"insert\":\"hi\"}]")).isEqualTo(1L);

    List<LoadedDocument> loaded = done(engine.describeLoaded());
    assertThat(loaded).extracting(LoadedDocument::id).containsExactly("a-doc", "b-doc");
    LoadedDocument b = loaded.get(1);
    assertThat(b.type()).isEqualTo(RichText.NAME);
    assertThat(b.version()).isEqualTo(1);
    assertThat(b.clients()).containsExactlyInAnyOrder(new LoadedDocument.Client("ann", "Ann", "ann-tab"),
        new LoadedDocument.Client("bob", "Bob", "bob-tab"));
    assertThat(loaded.get(0).clients()).containsExactly(new LoadedDocument.Client("bob", "Bob", "bob-tab"));
    assertThat(done(engine.snapshotNow("not-loaded"))).isEmpty();
    assertThat(done(engine.unload("not-loaded"))).isEmpty();
    assertThat(engine.loadedDocuments()).as("asking loaded nothing").isEqualTo(2);
  }

  @Test
  @DisplayName("a snapshot now is in the store when the call completes; at the head already, nothing more is saved")
  void snapshotsNow() {
    engine.create("doc", RichText.NAME, "Doc", Map.of(), DeletedDocumentTest.ANN);
    Client ann = Client.open(engine, DeletedDocumentTest.ANN, "ann-tab");
    ann.join("doc");
    ann.commit("doc", 0, 1, "[{\"insert\":\"one\"}]");
    ann.commit("doc", 1, 2, "[{\"retain\":3},{\"insert\":\" two\"}]");

    assertThat(done(engine.snapshotNow("doc"))).contains(2L);
    Optional<Snapshot> saved = store.loadSnapshot("doc", Long.MAX_VALUE);
    assertThat(saved).map(Snapshot::version).contains(2L);
    assertThat(saved.orElseThrow().data()).contains("one two");
    assertThat(done(engine.snapshotNow("doc"))).as("already at the head").contains(2L);
  }

  @Test
  @DisplayName("an unload tells every joined session, drops the copy, and the next join loads it afresh from the store")
  void unloadsUnderItsClients() {
    engine.create("doc", RichText.NAME, "Doc", Map.of(), DeletedDocumentTest.ANN);
    Client ann = Client.open(engine, DeletedDocumentTest.ANN, "ann-tab");
    Client bob = Client.open(engine, DeletedDocumentTest.BOB, "bob-tab");
    ann.join("doc");
    bob.join("doc");
    ann.commit("doc", 0, 1, "[{\"insert\":\"kept\"}]");

    assertThat(done(engine.unload("doc"))).contains(2);
    for (Client client : List.of(ann, bob)) {
      // SessionListener's default for a session without a connection: draining, then left.
      RecordingListener.Event error = client.heard().next("error");
      assertThat(error.doc()).isEqualTo("doc");
      assertThat(error.b()).isEqualTo(ErrorCode.DRAINING);
      assertThat(client.heard().next("left").doc()).isEqualTo("doc");
    }
    assertThat(done(engine.describeLoaded())).isEmpty();

    JoinReply.SnapshotReply again = ann.join("doc");
    assertThat(again.version()).isEqualTo(1);
    assertThat(again.data()).contains("kept");
    assertThat(done(engine.describeLoaded())).singleElement()
        .satisfies(d -> assertThat(d.clients()).containsExactly(new LoadedDocument.Client("ann", "Ann", "ann-tab")));
  }

  @Test
  @DisplayName("a document the application listens to is not unloaded: its listeners would stop hearing it")
  void keepsADocumentTheApplicationListensTo() {
    engine.create("doc", RichText.NAME, "Doc", Map.of(), DeletedDocumentTest.ANN);
    Client ann = Client.open(engine, DeletedDocumentTest.ANN, "ann-tab");
    ann.join("doc");
    List<Long> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    var registration = engine.listen("doc", op -> heard.add(op.version()));

    assertThat(engine.unload("doc").toCompletableFuture()).failsWithin(java.time.Duration.ofSeconds(10))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(IllegalStateException.class).withMessageContaining("Collab.listen");
    assertThat(ann.commit("doc", 0, 1, "[{\"insert\":\"still here\"}]")).isEqualTo(1L);
    org.awaitility.Awaitility.await().until(() -> heard.contains(1L));

    registration.close();
    assertThat(done(engine.unload("doc"))).contains(1);
  }
}
