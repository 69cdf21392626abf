package dev.collab.server.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.collab.User;
import dev.collab.ot.RichText;
import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.RoleAccessPolicy;
import dev.collab.spi.DocumentStore;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which thread runs a client's submit: the caller's, or the engine's workers (issue #17). */
class SubmitThreadTest {
  static final User ANN = new User("ann", "Ann", Set.of(RoleAccessPolicy.WRITER));
  CollabEngine engine;

  @AfterEach
  void close() {
    engine.close();
  }

  /** Starts the engine on {@code store} and joins ann's tab to a new document. */
  private Session joined(DocumentStore store, RecordingListener ann) {
    engine = CollabEngine.builder().store(store).build();
    engine.create("doc", RichText.NAME, "Doc", Map.of(), ANN);
    Session tab = engine.openSession(ANN, "tab", ann);
    tab.join("doc", null);
    ann.next("joined");
    // The join's turn sends "joined" before it ends: a submit racing its end would go to the workers.
    await().until(engine::idle);
    return tab;
  }

  @Test
  @DisplayName("in memory, a submit to a document no other client has open runs on the caller's thread; with a second client it goes to the workers")
  void aloneOnTheCallersThread() {
    RecordingListener ann = new RecordingListener();
    Session tab = joined(new InMemoryDocumentStore(), ann);

    tab.submit("doc", 0, 1, "[{\"insert\":\"a\"}]");
    assertThat(ann.next("ack").c()).as("acked on").isEqualTo(Thread.currentThread().getName());

    RecordingListener bob = new RecordingListener();
    engine.openSession(ANN, "tab2", bob).join("doc", null);
    bob.next("joined");
    tab.submit("doc", 1, 2, "[{\"insert\":\"b\"}]");
    assertThat((String) ann.next("ack").c()).as("acked on").contains("-worker-");
    assertThat(bob.next("op").a()).isNotNull();
  }

  @Test
  @DisplayName("with a store that appends on the turn (no group committer), a submit never runs on the caller's thread")
  void blockingStoreOnTheWorkers() {
    RecordingListener ann = new RecordingListener();
    Session tab = joined(new ControllableStore(), ann);

    tab.submit("doc", 0, 1, "[{\"insert\":\"a\"}]");
    assertThat((String) ann.next("ack").c()).as("acked on").contains("-worker-");
  }
}
