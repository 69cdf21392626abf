package dev.collab.server.internal.engine;

import dev.collab.server.defaults.RoleAccessPolicy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.CommittedOp;
import dev.collab.User;
import dev.collab.ot.RichText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The messages of one commit reach each subscriber between one beginBatch and one endBatch. */
class CommitBatchDeliveryTest {
  static final User ANN = new User("ann", "Ann", Set.of(RoleAccessPolicy.WRITER));

  final ControllableStore store = new ControllableStore();
  final CollabEngine engine = CollabEngine.builder().store(store).build();

  @AfterEach
  void close() {
    store.open();
    engine.close();
  }

  @Test
  @DisplayName("submits queued behind an append commit together and reach a watcher and a submitter as one batch each; a lone commit is not wrapped")
  void oneBatchPerCommit() throws Exception {
    engine.create("doc", RichText.NAME, "Doc", Map.of(), ANN);
    RecordingListener watcher = new RecordingListener();
    Session watching = engine.openSession(ANN, "watcher", watcher);
    watching.join("doc", null);
    watcher.next("joined");
    RecordingListener[] writers = new RecordingListener[4];
    Session[] sessions = new Session[4];
    for (int i = 0; i < 4; i++) {
      writers[i] = new RecordingListener();
      sessions[i] = engine.openSession(ANN, "tab" + i, writers[i]);
      sessions[i].join("doc", null);
      writers[i].next("joined");
    }
    store.hold();
    sessions[0].submit("doc", 0, 1, "[{\"insert\":\"0\"}]");
    assertThat(store.awaitWaitingAppend()).isTrue();
    for (int i = 1; i < 4; i++) {
      sessions[i].submit("doc", 0, 1, "[{\"insert\":\"" + i + "\"}]");
    }
    store.open();

    assertThat(kinds(watcher, 4)).containsExactly("op 1", "begin", "op 2", "op 3", "op 4", "end");
    // tab2 sent version 3: its ack sits in the batch among the others' ops.
    assertThat(kinds(writers[2], 4)).containsExactly("op 1", "begin", "op 2", "ack 3", "op 4", "end");
    assertThat(kinds(writers[0], 4)).containsExactly("ack 1", "begin", "op 2", "op 3", "op 4", "end");
    assertThat(store.head("doc")).isEqualTo(4);
  }

  /** The events up to the one about {@code lastVersion} and the batch end after it, as "kind version". */
  private static List<String> kinds(RecordingListener listener, long lastVersion) {
    List<String> kinds = new ArrayList<>();
    boolean last = false;
    while (true) {
      RecordingListener.Event e = listener.next(x -> !x.kind().equals("joined"), "a commit event");
      switch (e.kind()) {
        case "op" -> {
          long v = ((CommittedOp) e.a()).version();
          kinds.add("op " + v);
          last = v == lastVersion;
        }
        case "ack" -> {
          kinds.add("ack " + e.b());
          last = (long) e.b() == lastVersion;
        }
        default -> kinds.add(e.kind());
      }
      if (last && !e.kind().equals("begin")) {
        RecordingListener.Event end = listener.next(x -> true, "the batch end");
        kinds.add(end.kind());
        return kinds;
      }
    }
  }
}
