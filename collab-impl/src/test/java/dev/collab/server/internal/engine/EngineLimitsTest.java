package dev.collab.server.internal.engine;

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

/** Every engine limit crossed once: the error code is seen and the document is unchanged. */
class EngineLimitsTest {
  static final User ANN = new User("ann", "Ann", Set.of(RoleAccessPolicy.WRITER));

  final ControllableStore store = new ControllableStore();
  CollabEngine engine;

  @AfterEach
  void close() {
    store.open();
    if (engine != null) {
      engine.close();
    }
  }

  private Session joined(EngineConfig config, RecordingListener events) {
    engine = CollabEngine.builder().store(store).config(config).build();
    engine.create("doc", RichText.NAME, "Doc", Map.of(), ANN);
    Session session = engine.openSession(ANN, "ann-tab", events);
    session.join("doc", null);
    events.next("joined");
    return session;
  }

  @Test
  @DisplayName("an op inserting more than maxOpLength is too-large")
  void opTooLarge() {
    RecordingListener events = new RecordingListener();
    Session ann = joined(EngineConfig.DEFAULTS.withMaxOpLength(10), events);
    ann.submit("doc", 0, 1, "[{\"insert\":\"0123456789\"}]");
    assertThat(events.next("ack").b()).isEqualTo(1L);
    ann.submit("doc", 1, 2, "[{\"insert\":\"0123456789X\"}]");
    RecordingListener.Event error = events.next("error");
    assertThat(error.a()).isEqualTo(2L);
    assertThat(error.b()).isEqualTo(ErrorCode.TOO_LARGE);
    assertThat((String) error.c()).contains("11").contains("10");
    assertThat(store.head("doc")).isEqualTo(1);
  }

  @Test
  @DisplayName("an op that would grow the document past maxDocumentLength is too-large")
  void documentTooLarge() throws Exception {
    RecordingListener events = new RecordingListener();
    Session ann = joined(EngineConfig.DEFAULTS.withMaxDocumentLength(12), events);
    ann.submit("doc", 0, 1, "[{\"insert\":\"0123456789\"}]");
    events.next("ack");
    ann.submit("doc", 1, 2, "[{\"insert\":\"abc\"}]");
    RecordingListener.Event error = events.next("error");
    assertThat(error.b()).isEqualTo(ErrorCode.TOO_LARGE);
    assertThat((String) error.c()).contains("12");
    // Still at its limit, the document takes an op that keeps it within.
    ann.submit("doc", 1, 3, "[{\"delete\":2},{\"insert\":\"ab\"}]");
    assertThat(events.next("ack").b()).isEqualTo(2L);
    assertThat(engine.read("doc").toCompletableFuture().get().data()).isEqualTo("[{\"insert\":\"ab23456789\"}]");
  }

  @Test
  @DisplayName("more submits in flight for one client than maxInFlightPerClient are rate-limited")
  void inFlightPerClient() throws Exception {
    RecordingListener events = new RecordingListener();
    Session ann = joined(EngineConfig.DEFAULTS.withMaxInFlightPerClient(2), events);
    store.hold();
    ann.submit("doc", 0, 1, "[{\"insert\":\"a\"}]");
    assertThat(store.awaitWaitingAppend()).isTrue();
    ann.submit("doc", 0, 2, "[{\"insert\":\"b\"}]");
    ann.submit("doc", 0, 3, "[{\"insert\":\"c\"}]");
    RecordingListener.Event error = events.next("error");
    assertThat(error.a()).isEqualTo(3L);
    assertThat(error.b()).isEqualTo(ErrorCode.RATE_LIMITED);
    store.open();
    assertThat(events.next("ack").a()).isEqualTo(1L);
    assertThat(events.next("ack").a()).isEqualTo(2L);
    assertThat(store.head("doc")).isEqualTo(2);
  }

  @Test
  @DisplayName("more submits queued for one document than maxPendingPerDocument are rate-limited")
  void pendingPerDocument() throws Exception {
    RecordingListener events = new RecordingListener();
    joined(EngineConfig.DEFAULTS.withMaxPendingPerDocument(3), events);
    store.hold();
    RecordingListener[] others = new RecordingListener[5];
    Session[] sessions = new Session[5];
    for (int i = 0; i < 5; i++) {
      others[i] = new RecordingListener();
      sessions[i] = engine.openSession(ANN, "tab" + i, others[i]);
      sessions[i].join("doc", null);
      others[i].next("joined");
    }
    sessions[0].submit("doc", 0, 1, "[{\"insert\":\"0\"}]");
    assertThat(store.awaitWaitingAppend()).isTrue();
    // One append in flight; the next three queue; the fifth is refused.
    for (int i = 1; i < 5; i++) {
      sessions[i].submit("doc", 0, 1, "[{\"insert\":\"" + i + "\"}]");
    }
    RecordingListener.Event error = others[4].next("error");
    assertThat(error.b()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat((String) error.c()).contains("3");
    store.open();
    for (int i = 0; i < 4; i++) {
      others[i].next("ack");
    }
    assertThat(store.head("doc")).isEqualTo(4);
    // The three queued submits went into one append together (group commit).
    assertThat(store.appends.get()).isEqualTo(2);
  }

  @Test
  @DisplayName("an append that keeps conflicting ends in retry-exhausted, and nothing is acked")
  void retriesExhausted() throws Exception {
    RecordingListener events = new RecordingListener();
    Session ann = joined(EngineConfig.DEFAULTS.withMaxRetries(2), events);
    store.alwaysConflict = true;
    ann.submit("doc", 0, 1, "[{\"insert\":\"a\"}]");
    RecordingListener.Event error = events.next("error");
    assertThat(error.b()).isEqualTo(ErrorCode.RETRY_EXHAUSTED);
    assertThat(store.appends.get()).isEqualTo(3);
    assertThat(engine.metrics().conflicts.get()).isEqualTo(3);
    store.alwaysConflict = false;
    assertThat(engine.read("doc").toCompletableFuture().get().data()).isEqualTo("[]");
    // The document still works, and the refused op may be resubmitted afresh.
    ann.submit("doc", 0, 1, "[{\"insert\":\"a\"}]");
    assertThat(events.next("ack").b()).isEqualTo(1L);
  }

  @Test
  @DisplayName("a store failure during append is internal, not acked, and the document recovers")
  void storageFailure() throws Exception {
    RecordingListener events = new RecordingListener();
    Session ann = joined(EngineConfig.DEFAULTS, events);
    store.failAppends = true;
    ann.submit("doc", 0, 1, "[{\"insert\":\"a\"}]");
    assertThat(events.next("error").b()).isEqualTo(ErrorCode.INTERNAL);
    store.failAppends = false;
    ann.submit("doc", 0, 2, "[{\"insert\":\"b\"}]");
    assertThat(events.next("ack").b()).isEqualTo(1L);
    assertThat(engine.read("doc").toCompletableFuture().get().data()).isEqualTo("[{\"insert\":\"b\"}]");
  }
}
