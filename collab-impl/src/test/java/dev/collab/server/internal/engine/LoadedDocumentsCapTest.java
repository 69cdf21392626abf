package dev.collab.server.internal.engine;

import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.RoleAccessPolicy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.ot.RichText;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Documents loaded per node: at maxLoadedDocuments the documents nobody has joined are unloaded
 * first, and only when none can go is a join that would load one more refused with rate-limited.
 */
class LoadedDocumentsCapTest {
  static final User ANN = new User("ann", "Ann", Set.of(RoleAccessPolicy.WRITER));

  final CollabEngine engine = CollabEngine.builder().store(new InMemoryDocumentStore())
      .config(EngineConfig.DEFAULTS.withMaxLoadedDocuments(2)).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private Session session(RecordingListener events) {
    for (String id : new String[] {"a", "b", "c"}) {
      engine.create(id, RichText.NAME, "", Map.of(), ANN);
    }
    return engine.openSession(ANN, "ann-tab", events);
  }

  @Test
  @DisplayName("a join that would load more than maxLoadedDocuments joined documents is rate-limited")
  void refusedWhenAllAreInUse() {
    RecordingListener events = new RecordingListener();
    Session ann = session(events);
    ann.join("a", null);
    events.next("joined");
    ann.join("b", null);
    events.next("joined");
    ann.join("c", null);
    RecordingListener.Event refused = events.next(e -> e.kind().equals("error") || e.kind().equals("joined"), "an answer");
    assertThat(refused.kind()).isEqualTo("error");
    assertThat(refused.doc()).isEqualTo("c");
    assertThat(refused.b()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat((String) refused.c()).contains("2");
    assertThat(engine.loadedDocuments()).isEqualTo(2);
    // The refused join left nothing behind: a submit to c is not-joined.
    ann.submit("c", 0, 1, "[{\"insert\":\"x\"}]");
    assertThat(events.next("error").b()).isEqualTo(ErrorCode.NOT_JOINED);
  }

  @Test
  @DisplayName("at maxLoadedDocuments a document nobody has joined any more is unloaded to make room")
  void idleDocumentsMakeRoom() {
    RecordingListener events = new RecordingListener();
    Session ann = session(events);
    ann.join("a", null);
    events.next("joined");
    ann.join("b", null);
    events.next("joined");
    ann.leave("b");
    events.next("left");
    ann.join("c", null);
    RecordingListener.Event answer = events.next(e -> e.kind().equals("error") || e.kind().equals("joined"), "an answer");
    assertThat(answer.kind()).as("the answer to the join of c: %s", answer).isEqualTo("joined");
    assertThat(answer.doc()).isEqualTo("c");
    assertThat(engine.loadedDocuments()).isLessThanOrEqualTo(2);
    ann.submit("c", 0, 1, "[{\"insert\":\"x\"}]");
    assertThat(events.next("ack").b()).isEqualTo(1L);
  }
}
