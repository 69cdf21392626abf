package dev.collab.server.internal.engine;

import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.RoleAccessPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.collab.Access;
import dev.collab.Collab;
import dev.collab.CollabException;
import dev.collab.CommittedOp;
import dev.collab.DocumentExistsException;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.ot.Delta;
import dev.collab.ot.DeltaJson;
import dev.collab.ot.RichText;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CollabEngineTest {
  static final User ANN = new User("ann", "Ann", java.util.Set.of(RoleAccessPolicy.WRITER));
  static final User BOB = new User("bob", "Bob", java.util.Set.of(RoleAccessPolicy.WRITER));

  final InMemoryDocumentStore store = new InMemoryDocumentStore();
  final CollabEngine engine = CollabEngine.builder().store(store).build();

  @AfterEach
  void close() {
    engine.close();
  }

  static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Nested
  @DisplayName("sessions")
  class Sessions {
    @Test
    @DisplayName("a submit is acked to its sender and sent as an op to the others, in version order")
    void submitAckAndFanOut() {
      engine.create("d1", RichText.NAME, "Doc", Map.of(), ANN);
      RecordingListener annEvents = new RecordingListener();
      RecordingListener bobEvents = new RecordingListener();
      Session ann = engine.openSession(ANN, "ann-tab", annEvents);
      Session bob = engine.openSession(BOB, "bob-tab", bobEvents);
      ann.join("d1", null);
      bob.join("d1", null);
      JoinReply reply = (JoinReply) annEvents.next("joined").a();
      assertThat(reply).isInstanceOf(JoinReply.SnapshotReply.class);
      assertThat(((JoinReply.SnapshotReply) reply).version()).isZero();
      assertThat(((JoinReply.SnapshotReply) reply).access()).isEqualTo(Access.WRITE);
      bobEvents.next("joined");

      ann.submit("d1", 0, 1, "[{\"insert\":\"hello\"}]");
      RecordingListener.Event ack = annEvents.next("ack");
      assertThat(ack.a()).isEqualTo(1L);
      assertThat(ack.b()).isEqualTo(1L);
      CommittedOp op = (CommittedOp) bobEvents.next("op").a();
      assertThat(op.version()).isEqualTo(1);
      assertThat(op.client()).isEqualTo("ann-tab");
      assertThat(op.userId()).isEqualTo("ann");

      // Bob's concurrent op on version 0 is transformed over Ann's.
      bob.submit("d1", 0, 1, "[{\"insert\":\"X\"}]");
      assertThat(bobEvents.next("ack").b()).isEqualTo(2L);
      CommittedOp transformed = (CommittedOp) annEvents.next("op").a();
      assertThat(transformed.op()).isEqualTo("[{\"retain\":5},{\"insert\":\"X\"}]");
      assertThat(annEvents.drain()).noneMatch(e -> e.kind().equals("op") && ((CommittedOp) e.a()).client().equals("ann-tab"));
    }

    @Test
    @DisplayName("a resubmitted (client, seq) gets its original version and is not applied again")
    void resubmissionIsIdempotent() throws Exception {
      engine.create("d2", RichText.NAME, "Doc", Map.of(), ANN);
      RecordingListener events = new RecordingListener();
      Session ann = engine.openSession(ANN, "ann-tab", events);
      ann.join("d2", null);
      events.next("joined");
      ann.submit("d2", 0, 7, "[{\"insert\":\"a\"}]");
      assertThat(events.next("ack").b()).isEqualTo(1L);
      ann.submit("d2", 1, 8, "[{\"insert\":\"b\"}]");
      assertThat(events.next("ack").b()).isEqualTo(2L);
      // Reconnect (a new session for the same client) and resubmit seq 7 on its old base.
      RecordingListener again = new RecordingListener();
      Session reconnected = engine.openSession(ANN, "ann-tab", again);
      assertThat(events.next("replaced")).isNotNull();
      reconnected.join("d2", 0L);
      JoinReply.OpsReply catchUp = (JoinReply.OpsReply) again.next("joined").a();
      assertThat(catchUp.ops()).extracting(CommittedOp::seq).containsExactly(7L, 8L);
      reconnected.submit("d2", 0, 7, "[{\"insert\":\"a\"}]");
      RecordingListener.Event ack = again.next("ack");
      assertThat(ack.a()).isEqualTo(7L);
      assertThat(ack.b()).isEqualTo(1L);
      assertThat(store.head("d2")).isEqualTo(2);
      assertThat(await(engine.read("d2")).data()).isEqualTo("[{\"insert\":\"ba\"}]");
      assertThat(engine.metrics().duplicates.get()).isEqualTo(1);
    }

    @Test
    @DisplayName("join errors: unknown document, version ahead; submit without join is not-joined")
    void joinErrors() {
      engine.create("d3", RichText.NAME, "Doc", Map.of(), ANN);
      RecordingListener events = new RecordingListener();
      Session ann = engine.openSession(ANN, "ann-tab", events);
      ann.join("nope", null);
      assertThat(events.next("error").b()).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
      ann.join("d3", 5L);
      assertThat(events.next("error").b()).isEqualTo(ErrorCode.VERSION_AHEAD);
      ann.submit("d3", 0, 1, "[{\"insert\":\"a\"}]");
      RecordingListener.Event error = events.next("error");
      assertThat(error.a()).isEqualTo(1L);
      assertThat(error.b()).isEqualTo(ErrorCode.NOT_JOINED);
    }

    @Test
    @DisplayName("an op that does not apply is invalid-op and changes nothing")
    void invalidOp() throws Exception {
      engine.create("d4", RichText.NAME, "Doc", Map.of(), ANN);
      RecordingListener events = new RecordingListener();
      Session ann = engine.openSession(ANN, "ann-tab", events);
      ann.join("d4", null);
      events.next("joined");
      ann.submit("d4", 0, 1, "[{\"retain\":3},{\"insert\":\"a\"}]");
      RecordingListener.Event error = events.next("error");
      assertThat(error.b()).isEqualTo(ErrorCode.INVALID_OP);
      assertThat((String) error.c()).contains("past the end");
      ann.submit("d4", 0, 2, "[{\"insert\":5}]");
      assertThat(events.next("error").b()).isEqualTo(ErrorCode.INVALID_OP);
      // Content safety: the default schema refuses a javascript: link before anything is stored.
      ann.submit("d4", 0, 3, "[{\"insert\":\"x\",\"attributes\":{\"link\":\"javascript:alert(1)\"}}]");
      RecordingListener.Event unsafe = events.next("error");
      assertThat(unsafe.b()).isEqualTo(ErrorCode.INVALID_OP);
      assertThat((String) unsafe.c()).contains("link");
      assertThat(store.head("d4")).isZero();
    }
  }

  @Nested
  @DisplayName("the application API")
  class ApplicationApi {
    @Test
    @DisplayName("create, edit as a user, read at head and at a past version, history, listen")
    void editReadHistoryListen() throws Exception {
      assertThat(engine.create("a1", RichText.NAME, "T", Map.of("k", "v"), ANN).creator()).isEqualTo("ann");
      assertThatThrownBy(() -> engine.create("a1", RichText.NAME, "T", Map.of(), ANN))
          .isInstanceOf(DocumentExistsException.class);
      assertThatThrownBy(() -> engine.create("bad id", RichText.NAME, "T", Map.of(), ANN))
          .isInstanceOf(CollabException.class)
          .hasMessageContaining("bad document id");
      assertThatThrownBy(() -> engine.create("a2", "json0", "T", Map.of(), ANN))
          .hasMessageContaining("unsupported type");
      List<CommittedOp> heard = new CopyOnWriteArrayList<>();
      try (Collab.Registration registration = engine.listen("a1", heard::add)) {
        CommittedOp first = await(engine.edit("a1", ANN, RichText.INSTANCE, Delta.ofText("Hello")));
        CommittedOp second = await(engine.edit("a1", BOB, "[{\"retain\":5},{\"insert\":\" world\"}]"));
        assertThat(first.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.userId()).isEqualTo("bob");
      }
      assertThat(heard).extracting(CommittedOp::version).containsExactly(1L, 2L);
      assertThat(DeltaJson.decode(await(engine.read("a1")).data()).text()).isEqualTo("Hello world");
      assertThat(DeltaJson.decode(await(engine.readAt("a1", 1)).data()).text()).isEqualTo("Hello");
      assertThat(await(engine.readAt("a1", 0)).data()).isEqualTo("[]");
      assertThat(await(engine.history("a1", 0, 10))).extracting(CommittedOp::userId).containsExactly("ann", "bob");
      ExecutionException ahead = org.junit.jupiter.api.Assertions.assertThrows(
          ExecutionException.class, () -> await(engine.readAt("a1", 3)));
      assertThat(((CollabException) ahead.getCause()).code()).isEqualTo(ErrorCode.VERSION_AHEAD);
    }
  }
}
