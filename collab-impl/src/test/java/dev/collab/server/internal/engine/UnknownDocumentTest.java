package dev.collab.server.internal.engine;

import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.RoleAccessPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.ot.RichText;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Ids that name no document (or none the user may read) leave nothing loaded behind: a client
 * joining a stream of made-up ids must not fill the node with sequencers until the idle sweep.
 */
class UnknownDocumentTest {
  static final User ANN = new User("ann", "Ann", Set.of(RoleAccessPolicy.WRITER));
  static final User EVE = new User("eve", "Eve", Set.of());

  final InMemoryDocumentStore store = new InMemoryDocumentStore();
  final CollabEngine engine = CollabEngine.builder().store(store).build();

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  @DisplayName("joins of ids that do not exist are unknown-document and load no sequencer")
  void joinOfMissingIds() {
    RecordingListener events = new RecordingListener();
    Session session = engine.openSession(ANN, "ann-tab", events);
    for (int i = 0; i < 50; i++) {
      session.join("nope-" + i, null);
      assertThat(events.next("error").b()).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
    }
    assertThat(engine.loadedDocuments()).isZero();
  }

  @Test
  @DisplayName("a join without read access is unknown-document and loads no sequencer")
  void joinWithoutAccess() {
    engine.create("doc", RichText.NAME, "Doc", Map.of(), ANN);
    RecordingListener events = new RecordingListener();
    engine.openSession(EVE, "eve-tab", events).join("doc", null);
    assertThat(events.next("error").b()).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
    assertThat(engine.loadedDocuments()).isZero();
  }

  @Test
  @DisplayName("a server-side edit of a missing document fails unknown-document and loads no sequencer")
  void editOfMissingId() {
    assertThatThrownBy(() -> engine.edit("nope", ANN, "[{\"insert\":\"a\"}]").toCompletableFuture().join())
        .hasCauseInstanceOf(CollabException.class)
        .satisfies(e -> assertThat(((CollabException) e.getCause()).code()).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT));
    assertThat(engine.loadedDocuments()).isZero();
  }

  @Test
  @DisplayName("a join of an existing document still loads it, and it stays while joined")
  void existingDocumentStays() {
    engine.create("doc", RichText.NAME, "Doc", Map.of(), ANN);
    RecordingListener events = new RecordingListener();
    engine.openSession(ANN, "ann-tab", events).join("doc", null);
    events.next("joined");
    assertThat(engine.loadedDocuments()).isEqualTo(1);
  }
}
