package dev.collab.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.ot.RichText;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A document deleted in the store (REST delete) while its sequencer is loaded on this node: a new
 * join must not be answered from the node's memory. Found by the TCK's protocol kit.
 */
class DeletedDocumentTest {
  static final User ANN = new User("ann", "Ann", Set.of(RoleAccessPolicy.WRITER));

  @Test
  @DisplayName("a join of a document deleted while loaded is unknown-document, not a snapshot from memory")
  void joinAfterDelete() {
    InMemoryDocumentStore store = new InMemoryDocumentStore();
    try (CollabEngine engine = CollabEngine.builder().store(store).build()) {
      engine.create("doc", RichText.NAME, "Doc", Map.of(), ANN);
      RecordingListener first = new RecordingListener();
      engine.openSession(ANN, "tab-1", first).join("doc", null);
      first.next("joined");
      assertThat(engine.loadedDocuments()).isEqualTo(1);

      assertThat(store.delete("doc")).isTrue();
      RecordingListener second = new RecordingListener();
      engine.openSession(ANN, "tab-2", second).join("doc", null);
      RecordingListener.Event refused = second.next("error");
      assertThat(refused.b()).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
      assertThat(second.drain()).noneMatch(e -> e.kind().equals("joined"));
    }
  }
}
