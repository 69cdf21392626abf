package dev.collab.server.internal.engine;

import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.RoleAccessPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.collab.CollabException;
import dev.collab.CommittedOp;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.ot.RichText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A client id is bound to the first user who used it, durably (in the store), so that no user can
 * make another user's {@code (client, seq)} look acknowledged or be refused (hardening issue, row 3).
 */
class ClientBindingTest {
  static final User ALICE = new User("alice", "Alice", Set.of(RoleAccessPolicy.WRITER));
  static final User BOB = new User("bob", "Bob", Set.of(RoleAccessPolicy.WRITER));

  final InMemoryDocumentStore store = new InMemoryDocumentStore();
  final List<CollabEngine> engines = new ArrayList<>();
  final CollabEngine engine = engine();

  CollabEngine engine() {
    CollabEngine built = CollabEngine.builder().store(store).build();
    engines.add(built);
    return built;
  }

  @AfterEach
  void close() {
    engines.forEach(CollabEngine::close);
  }

  /** Alice writes seq 1 and 2 as client x, then disconnects. */
  Session aliceWroteAndLeft(CollabEngine on) {
    on.create("d", RichText.NAME, "Doc", Map.of(), ALICE);
    RecordingListener events = new RecordingListener();
    Session alice = on.openSession(ALICE, "x", events);
    alice.join("d", null);
    events.next("joined");
    alice.submit("d", 0, 1, "[{\"insert\":\"a\"}]");
    assertThat(events.next("ack").b()).isEqualTo(1L);
    alice.submit("d", 1, 2, "[{\"retain\":1},{\"insert\":\"b\"}]");
    assertThat(events.next("ack").b()).isEqualTo(2L);
    alice.close();
    return alice;
  }

  /**
   * Bob presents x: refused at once (forbidden) while a bound session of alice holds it, else right
   * after his hello or at his join; his session is closed and his connection told to close.
   */
  void bobIsRefused(CollabEngine on) {
    RecordingListener events = new RecordingListener();
    Session bob;
    try {
      bob = on.openSession(BOB, "x", events);
    } catch (CollabException refusedAtHello) {
      assertThat(refusedAtHello.code()).isEqualTo(ErrorCode.FORBIDDEN);
      return;
    }
    bob.join("d", null);
    bob.submit("d", 0, 3, "[{\"insert\":\"BOB\"}]");
    assertThat(events.next("refused").a()).asString().contains("belongs to another user");
    assertThat(bob.isClosed()).isTrue();
    assertThat(events.drain()).noneMatch(e -> e.kind().equals("ack") || e.kind().equals("joined"));
  }

  /** Alice comes back as x: her catch-up holds no op under x but hers, and her seq 3 is acked. */
  void aliceCarriesOn(CollabEngine on) {
    RecordingListener events = new RecordingListener();
    Session alice = on.openSession(ALICE, "x", events);
    alice.join("d", 2L);
    JoinReply.OpsReply catchUp = (JoinReply.OpsReply) events.next("joined").a();
    assertThat(catchUp.ops()).isEmpty();
    alice.submit("d", 2, 3, "[{\"insert\":\"ALICE\"}]");
    RecordingListener.Event ack = events.next(e -> e.kind().equals("ack") || e.kind().equals("error"), "ack or error");
    assertThat(ack.kind()).as("the answer to alice's seq 3: " + ack).isEqualTo("ack");
    assertThat(ack.b()).isEqualTo(3L);
    List<CommittedOp> log = store.readOps("d", 0, 10);
    assertThat(log).extracting(CommittedOp::userId).containsOnly("alice");
    assertThat(log).extracting(CommittedOp::seq).containsExactly(1L, 2L, 3L);
  }

  @Test
  @DisplayName("another user presenting a client id whose user left cannot join or commit under it; its user carries on with her next seq")
  void hijackAfterDisconnect() {
    aliceWroteAndLeft(engine);
    bobIsRefused(engine);
    aliceCarriesOn(engine);
  }

  @Test
  @DisplayName("another user holding a client id on a connection does not lock its user out of it")
  void noLockout() {
    aliceWroteAndLeft(engine);
    RecordingListener bobEvents = new RecordingListener();
    try {
      engine.openSession(BOB, "x", bobEvents);
    } catch (CollabException refused) {
      assertThat(refused.code()).isEqualTo(ErrorCode.FORBIDDEN);
    }
    aliceCarriesOn(engine);
  }

  @Test
  @DisplayName("the binding is durable: after a restart, and on another node of the same store, another user is refused")
  void durableAcrossEngines() {
    aliceWroteAndLeft(engine);
    engine.close();
    CollabEngine restarted = engine();
    bobIsRefused(restarted);
    CollabEngine otherNode = engine();
    bobIsRefused(otherNode);
    aliceCarriesOn(otherNode);
  }

  @Test
  @DisplayName("a client id is bound at its first join, before anyone can see it: another user cannot take it first")
  void boundAtFirstJoin() {
    engine.create("d", RichText.NAME, "Doc", Map.of(), ALICE);
    RecordingListener events = new RecordingListener();
    Session alice = engine.openSession(ALICE, "x", events);
    alice.join("d", null);
    events.next("joined");
    CollabEngine otherNode = engine();
    bobIsRefused(otherNode);
    alice.submit("d", 0, 1, "[{\"insert\":\"a\"}]");
    assertThat(events.next("ack").b()).isEqualTo(1L);
  }

  @Test
  @DisplayName("a client id in use by its bound user is refused to another user at once (forbidden at hello)")
  void refusedAtHelloWhileConnected() {
    engine.create("d", RichText.NAME, "Doc", Map.of(), ALICE);
    RecordingListener events = new RecordingListener();
    Session alice = engine.openSession(ALICE, "x", events);
    alice.join("d", null);
    events.next("joined");
    assertThatThrownBy(() -> engine.openSession(BOB, "x", new RecordingListener()))
        .isInstanceOf(CollabException.class)
        .extracting(e -> ((CollabException) e).code()).isEqualTo(ErrorCode.FORBIDDEN);
    alice.submit("d", 0, 1, "[{\"insert\":\"a\"}]");
    assertThat(events.next("ack").b()).isEqualTo(1L);
  }

  @Test
  @DisplayName("a (client, seq) committed by another user (written before binding existed) is refused, never acknowledged")
  void legacyOpOfAnotherUser() {
    engine.create("d", RichText.NAME, "Doc", Map.of(), ALICE);
    store.append("d", 0, List.of(new CommittedOp("d", 1, "[{\"insert\":\"BOB\"}]", "x", 1, "bob", "Bob",
        java.time.Instant.EPOCH)));
    RecordingListener events = new RecordingListener();
    Session alice = engine.openSession(ALICE, "x", events);
    alice.join("d", 0L);
    events.next("joined");
    alice.submit("d", 0, 1, "[{\"insert\":\"ALICE\"}]");
    RecordingListener.Event answer = events.next(e -> e.kind().equals("ack") || e.kind().equals("error"), "ack or error");
    assertThat(answer.kind()).isEqualTo("error");
    assertThat(answer.b()).isEqualTo(ErrorCode.FORBIDDEN);
  }
}
