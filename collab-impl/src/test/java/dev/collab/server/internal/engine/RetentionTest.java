package dev.collab.server.internal.engine;

import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.RoleAccessPolicy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.ot.Delta;
import dev.collab.ot.DeltaJson;
import dev.collab.ot.RichText;
import dev.collab.spi.Snapshot;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With history pruned below the latest snapshot, a node that no longer has the old ops in memory
 * answers a join from before the kept history with a snapshot, a submit made on it with
 * history-gone, and a read of such a version with history-gone: never a wrong document.
 */
class RetentionTest {
  @Test
  void prunedHistoryGivesSnapshotsAndHistoryGone() throws Exception {
    InMemoryDocumentStore store = new InMemoryDocumentStore();
    User ann = User.of("ann");
    EngineConfig config = EngineConfig.DEFAULTS.withSnapshotEvery(5);
    try (CollabEngine first = CollabEngine.builder().store(store).policy(new RoleAccessPolicy(true)).config(config).build()) {
      first.create("doc", RichText.NAME, "Doc", Map.of(), ann);
      for (int i = 0; i < 12; i++) {
        first.edit("doc", ann, RichText.INSTANCE, Delta.ofText(Integer.toString(i % 10))).toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
      EngineBehaviourTest.waitUntil(
          () -> store.loadSnapshot("doc", 100).map(Snapshot::version).orElse(0L) == 10, "snapshot at 10");
    }
    assertThat(store.pruneHistory("doc", Instant.now().plusSeconds(3_600))).isEqualTo(10);

    try (CollabEngine second = CollabEngine.builder().store(store).policy(new RoleAccessPolicy(true)).config(config).build()) {
      RecordingListener events = new RecordingListener();
      Session session = second.openSession(ann, "tab", events);
      session.join("doc", 2L);
      JoinReply reply = (JoinReply) events.next("joined").a();
      assertThat(reply).isInstanceOf(JoinReply.SnapshotReply.class);
      assertThat(((JoinReply.SnapshotReply) reply).version()).isEqualTo(12);
      assertThat(DeltaJson.decode(((JoinReply.SnapshotReply) reply).data()).text()).isEqualTo("109876543210");

      session.submit("doc", 2, 1, "[{\"insert\":\"late\"}]");
      RecordingListener.Event error = events.next("error");
      assertThat(error.b()).isEqualTo(ErrorCode.HISTORY_GONE);
      assertThat(store.head("doc")).isEqualTo(12);

      // Version 5 has a snapshot of its own; version 7 needs ops 6 and 7, which are gone.
      assertThat(DeltaJson.decode(second.readAt("doc", 5).toCompletableFuture().get(10, TimeUnit.SECONDS).data()).text())
          .isEqualTo("43210");
      ExecutionException gone = org.junit.jupiter.api.Assertions.assertThrows(
          ExecutionException.class, () -> second.readAt("doc", 7).toCompletableFuture().get(10, TimeUnit.SECONDS));
      assertThat(((CollabException) gone.getCause()).code()).isEqualTo(ErrorCode.HISTORY_GONE);
      assertThat(DeltaJson.decode(second.readAt("doc", 11).toCompletableFuture().get(10, TimeUnit.SECONDS).data()).text())
          .isEqualTo("09876543210");
      // A submit on the kept history still works.
      session.submit("doc", 12, 2, "[{\"insert\":\"!\"}]");
      assertThat(events.next("ack").b()).isEqualTo(13L);
    }
  }
}
