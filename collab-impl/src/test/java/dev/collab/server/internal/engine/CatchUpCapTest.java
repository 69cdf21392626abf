package dev.collab.server.internal.engine;

import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.RoleAccessPolicy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.User;
import dev.collab.ot.RichText;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A join with {@code from} far behind the head is answered with a snapshot (protocol-conformant:
 * the same answer as for a {@code from} older than the kept history), not with every op since.
 */
class CatchUpCapTest {
  static final User ANN = new User("ann", "Ann", Set.of(RoleAccessPolicy.WRITER));
  static final User CAROL = new User("carol", "Carol", Set.of(RoleAccessPolicy.READER));

  final InMemoryDocumentStore store = new InMemoryDocumentStore();
  final CollabEngine engine = CollabEngine.builder().store(store)
      .config(EngineConfig.DEFAULTS.withMaxCatchUpOps(3).withWindowSize(2)).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private void fourOps() {
    engine.create("doc", RichText.NAME, "Doc", Map.of(), ANN);
    for (int i = 0; i < 4; i++) {
      engine.edit("doc", ANN, "[{\"insert\":\"" + i + "\"}]").toCompletableFuture().join();
    }
  }

  @Test
  @DisplayName("a join from more than maxCatchUpOps behind gets a snapshot at the head")
  void farBehindGetsSnapshot() {
    fourOps();
    RecordingListener events = new RecordingListener();
    engine.openSession(CAROL, "carol-tab", events).join("doc", 0L);
    JoinReply reply = (JoinReply) events.next("joined").a();
    assertThat(reply).isInstanceOf(JoinReply.SnapshotReply.class);
    JoinReply.SnapshotReply snapshot = (JoinReply.SnapshotReply) reply;
    assertThat(snapshot.version()).isEqualTo(4);
    assertThat(snapshot.data()).isEqualTo("[{\"insert\":\"3210\"}]");
  }

  @Test
  @DisplayName("a join from exactly maxCatchUpOps behind still gets the ops")
  void withinTheCapGetsOps() {
    fourOps();
    RecordingListener events = new RecordingListener();
    engine.openSession(CAROL, "carol-tab", events).join("doc", 1L);
    JoinReply reply = (JoinReply) events.next("joined").a();
    assertThat(reply).isInstanceOf(JoinReply.OpsReply.class);
    assertThat(((JoinReply.OpsReply) reply).ops()).extracting(op -> op.version()).containsExactly(2L, 3L, 4L);
  }
}
