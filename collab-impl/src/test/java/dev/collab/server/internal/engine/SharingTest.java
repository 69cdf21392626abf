package dev.collab.server.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.Access;
import dev.collab.AccessChange;
import dev.collab.CollabException;
import dev.collab.DocumentGrants;
import dev.collab.ErrorCode;
import dev.collab.Grant;
import dev.collab.User;
import dev.collab.ot.RichText;
import dev.collab.server.defaults.GrantAccessPolicy;
import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.LocalClusterBus;
import dev.collab.server.defaults.RoleAccessPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Sharing ({@link dev.collab.Collab#sharing()}) with the shipped {@link GrantAccessPolicy} on two
 * engines sharing an in-memory store over an in-JVM bus: who may share, what a grant gives, and what
 * a connected user meets when their grant changes on the other node.
 */
class SharingTest {
  private static final User ALICE = User.of("alice");
  private static final User BOB = User.of("bob");
  private static final User CAROL = User.of("carol");
  private static final User DAVE = User.of("dave");
  private static final User STAFF_READER = new User("rita", "Rita", Set.of(RoleAccessPolicy.READER));
  private static final User STAFF_WRITER = new User("walt", "Walt", Set.of(RoleAccessPolicy.WRITER));
  private static final User STAFF_ADMIN = new User("ada", "Ada", Set.of(RoleAccessPolicy.ADMIN));

  private final InMemoryDocumentStore store = new InMemoryDocumentStore();
  private final LocalClusterBus bus = new LocalClusterBus();
  private final GrantAccessPolicy policy = new GrantAccessPolicy(store.grants(), new RoleAccessPolicy(false));
  private final List<CollabEngine> engines = new ArrayList<>();
  private final CollabEngine node0 = engine("node0");
  private final CollabEngine node1 = engine("node1");

  private CollabEngine engine(String node) {
    CollabEngine engine = CollabEngine.builder().store(store).bus(bus).policy(policy).nodeId(node).build();
    engines.add(engine);
    return engine;
  }

  @AfterEach
  void close() {
    engines.forEach(CollabEngine::close);
  }

  private static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static CollabException failure(CompletionStage<?> stage) {
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> get(stage));
    assertThat(e.getCause()).isInstanceOf(CollabException.class);
    return (CollabException) e.getCause();
  }

  private RecordingListener join(CollabEngine node, User user, String doc) {
    RecordingListener events = new RecordingListener();
    node.openSession(user, user.id() + "-tab-" + node.nodeId(), events).join(doc, null);
    return events;
  }

  private Session session(CollabEngine node, User user, RecordingListener events) {
    return node.openSession(user, user.id() + "-s-" + node.nodeId(), events);
  }

  @Nested
  @DisplayName("what a grant gives")
  class Levels {
    @Test
    @DisplayName("the creator owns the document (admin); others see nothing until shared, then exactly their grant")
    void ownerAndGrant() throws Exception {
      node0.create("doc", RichText.NAME, "Doc", Map.of(), ALICE);
      assertThat(policy.access(ALICE, "doc")).isEqualTo(Access.ADMIN);
      assertThat(policy.access(BOB, "doc")).isEqualTo(Access.NONE);
      assertThat(join(node1, BOB, "doc").next("error").b()).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);

      for (Access level : List.of(Access.READ, Access.COMMENT, Access.WRITE, Access.ADMIN)) {
        Grant grant = get(node0.sharing().grant("doc", "bob", level, ALICE));
        assertThat(grant).extracting(Grant::userId, Grant::access, Grant::grantedBy).containsExactly("bob", level, "alice");
        assertThat(policy.access(BOB, "doc")).isEqualTo(level);
      }
      RecordingListener bob = join(node1, BOB, "doc");
      assertThat(((JoinReply.SnapshotReply) bob.next("joined").a()).access()).isEqualTo(Access.ADMIN);
      assertThat(policy.access(CAROL, "doc")).as("a grant to bob gives carol nothing").isEqualTo(Access.NONE);
    }

    @Test
    @DisplayName("grant and the application's roles combine as the higher of the two: a grant adds, never takes away")
    void higherOfTheTwo() throws Exception {
      node0.create("doc", RichText.NAME, "Doc", Map.of(), ALICE);
      assertThat(policy.access(STAFF_READER, "doc")).isEqualTo(Access.READ);
      get(node0.sharing().grant("doc", "rita", Access.WRITE, ALICE));
      assertThat(policy.access(STAFF_READER, "doc")).isEqualTo(Access.WRITE);
      get(node0.sharing().grant("doc", "walt", Access.READ, ALICE));
      assertThat(policy.access(STAFF_WRITER, "doc")).as("a read grant does not lower a writer's role").isEqualTo(Access.WRITE);
      assertThat(policy.access(STAFF_ADMIN, "doc")).isEqualTo(Access.ADMIN);
      assertThat(policy.mayCreate(STAFF_WRITER)).isTrue();
      assertThat(policy.mayCreate(BOB)).as("creating is the fallback's decision, not the grants'").isFalse();
      assertThat(policy.access(BOB, "*")).isEqualTo(Access.NONE);
    }

    @Test
    @DisplayName("deleting a document deletes its grants: a document created again with the same id starts unshared")
    void deleteForgetsGrants() throws Exception {
      node0.create("doc", RichText.NAME, "Doc", Map.of(), ALICE);
      get(node0.sharing().grant("doc", "bob", Access.WRITE, ALICE));
      assertThat(node0.delete("doc")).isTrue();
      node0.create("doc", RichText.NAME, "Doc", Map.of(), CAROL);
      assertThat(store.grants().grants("doc")).isEmpty();
      assertThat(policy.access(BOB, "doc")).isEqualTo(Access.NONE);
      assertThat(policy.access(ALICE, "doc")).as("the old owner owns nothing of the new one").isEqualTo(Access.NONE);
      assertThat(policy.access(CAROL, "doc")).isEqualTo(Access.ADMIN);
    }
  }

  @Nested
  @DisplayName("who may share")
  class Checks {
    @Test
    @DisplayName("a user without read access gets unknown-document, the same answer, word for word, as for a missing document")
    void noExistenceLeak() throws Exception {
      node0.create("doc", RichText.NAME, "Doc", Map.of(), ALICE);
      CollabException existing = failure(node1.sharing().grant("doc", "carol", Access.ADMIN, CAROL));
      CollabException missing = failure(node1.sharing().grant("nodoc", "carol", Access.ADMIN, CAROL));
      assertThat(existing.code()).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
      assertThat(existing.getMessage()).isEqualTo(missing.getMessage().replace("nodoc", "doc"));
      assertThat(failure(node1.sharing().list("doc", CAROL)).code()).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
      assertThat(failure(node1.sharing().revoke("doc", "bob", CAROL)).code()).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
      assertThat(store.grants().grants("doc")).isEmpty();
    }

    @Test
    @DisplayName("a reader or writer may not grant himself more, nor list or remove grants: forbidden, nothing written")
    void granteeCannotRaiseHimself() throws Exception {
      node0.create("doc", RichText.NAME, "Doc", Map.of(), ALICE);
      get(node0.sharing().grant("doc", "bob", Access.WRITE, ALICE));
      get(node0.sharing().grant("doc", "carol", Access.READ, ALICE));
      assertThat(failure(node1.sharing().grant("doc", "bob", Access.ADMIN, BOB)).code()).isEqualTo(ErrorCode.FORBIDDEN);
      assertThat(failure(node1.sharing().grant("doc", "carol", Access.WRITE, CAROL)).code()).isEqualTo(ErrorCode.FORBIDDEN);
      assertThat(failure(node1.sharing().list("doc", BOB)).code()).isEqualTo(ErrorCode.FORBIDDEN);
      assertThat(failure(node1.sharing().revoke("doc", "carol", BOB)).code()).isEqualTo(ErrorCode.FORBIDDEN);
      assertThat(store.grants().grants("doc")).extracting(Grant::userId, Grant::access)
          .containsExactly(org.assertj.core.api.Assertions.tuple("bob", Access.WRITE),
              org.assertj.core.api.Assertions.tuple("carol", Access.READ));
    }

    @Test
    @DisplayName("an admin by grant shares like the owner, but nobody can grant to or revoke the owner")
    void adminShares() throws Exception {
      node0.create("doc", RichText.NAME, "Doc", Map.of(), ALICE);
      get(node0.sharing().grant("doc", "dave", Access.ADMIN, ALICE));
      get(node1.sharing().grant("doc", "bob", Access.READ, DAVE));
      DocumentGrants listed = get(node1.sharing().list("doc", DAVE));
      assertThat(listed.owner()).isEqualTo("alice");
      assertThat(listed.grants()).extracting(Grant::userId).containsExactly("bob", "dave");
      CollabException owner = failure(node1.sharing().grant("doc", "alice", Access.READ, DAVE));
      assertThat(owner.code()).isEqualTo(ErrorCode.BAD_MESSAGE);
      assertThat(failure(node1.sharing().revoke("doc", "alice", DAVE)).code()).isEqualTo(ErrorCode.BAD_MESSAGE);
      assertThat(policy.access(ALICE, "doc")).isEqualTo(Access.ADMIN);
      // The owner takes an admin's grant away; the ex-admin can do nothing more.
      assertThat(get(node0.sharing().revoke("doc", "dave", ALICE))).isTrue();
      assertThat(get(node0.sharing().revoke("doc", "dave", ALICE))).as("a second removal finds nothing").isFalse();
      assertThat(failure(node1.sharing().grant("doc", "dave", Access.ADMIN, DAVE)).code()).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
    }

    @Test
    @DisplayName("bad input is bad-message: level none, a bad user id, a bad document id")
    void badInput() throws Exception {
      node0.create("doc", RichText.NAME, "Doc", Map.of(), ALICE);
      assertThat(failure(node0.sharing().grant("doc", "bob", Access.NONE, ALICE)).code()).isEqualTo(ErrorCode.BAD_MESSAGE);
      assertThat(failure(node0.sharing().grant("doc", "bob", null, ALICE)).code()).isEqualTo(ErrorCode.BAD_MESSAGE);
      assertThat(failure(node0.sharing().grant("doc", "bob smith\n", Access.READ, ALICE)).code()).isEqualTo(ErrorCode.BAD_MESSAGE);
      assertThat(failure(node0.sharing().grant("doc", "x".repeat(129), Access.READ, ALICE)).code()).isEqualTo(ErrorCode.BAD_MESSAGE);
      assertThat(failure(node0.sharing().grant("..", "bob", Access.READ, ALICE)).code()).isEqualTo(ErrorCode.BAD_MESSAGE);
      assertThat(store.grants().grants("doc")).isEmpty();
    }

    @Test
    @DisplayName("a document has at most 1,000 grants: the 1,001st new one is too-large, changing an existing one still works")
    void grantLimit() throws Exception {
      node0.create("doc", RichText.NAME, "Doc", Map.of(), ALICE);
      for (int i = 0; i < Grant.MAX_PER_DOCUMENT; i++) {
        store.grants().saveGrant(new Grant("doc", "u" + i, Access.READ, "alice", java.time.Instant.now()));
      }
      CollabException tooMany = failure(node0.sharing().grant("doc", "bob", Access.READ, ALICE));
      assertThat(tooMany.code()).isEqualTo(ErrorCode.TOO_LARGE);
      assertThat(tooMany.getMessage()).contains("1000");
      assertThat(get(node0.sharing().grant("doc", "u7", Access.WRITE, ALICE)).access()).isEqualTo(Access.WRITE);
      assertThat(store.grants().grants("doc")).hasSize(Grant.MAX_PER_DOCUMENT);
    }
  }

  @Nested
  @DisplayName("a change reaches connected users on every node")
  class Effect {
    @Test
    @DisplayName("downgraded on node0, bob on node1 is told read at once and his next submit is refused; removed, he is cut off")
    void downgradeAndRemoval() throws Exception {
      node0.create("doc", RichText.NAME, "Doc", Map.of(), ALICE);
      List<AccessChange> heard = new CopyOnWriteArrayList<>();
      node0.sharing().onChange(c -> {
        throw new IllegalStateException("a broken listener does not stop the others");
      });
      node0.sharing().onChange(heard::add);
      get(node0.sharing().grant("doc", "bob", Access.WRITE, ALICE));
      RecordingListener events = new RecordingListener();
      Session bob = session(node1, BOB, events);
      bob.join("doc", null);
      assertThat(((JoinReply.SnapshotReply) events.next("joined").a()).access()).isEqualTo(Access.WRITE);
      bob.submit("doc", 0, 1, "[{\"insert\":\"a\"}]");
      assertThat(events.next("ack").b()).isEqualTo(1L);

      get(node0.sharing().grant("doc", "bob", Access.READ, ALICE));
      assertThat(events.next("access").a()).as("pushed before any message of bob's").isEqualTo(Access.READ);
      bob.submit("doc", 1, 2, "[{\"insert\":\"b\"}]");
      RecordingListener.Event refused = events.next("error");
      assertThat(refused.a()).isEqualTo(2L);
      assertThat(refused.b()).isEqualTo(ErrorCode.FORBIDDEN);
      assertThat(store.head("doc")).isEqualTo(1);

      assertThat(get(node0.sharing().revoke("doc", "bob", ALICE))).isTrue();
      RecordingListener.Event cut = events.next("error");
      assertThat(cut.b()).isEqualTo(ErrorCode.FORBIDDEN);
      events.next("left");
      bob.join("doc", null);
      assertThat(events.next("error").b()).as("a new join: as if the document did not exist").isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);

      assertThat(heard).containsExactly(
          new AccessChange("doc", "bob", Access.NONE, Access.WRITE, "alice"),
          new AccessChange("doc", "bob", Access.WRITE, Access.READ, "alice"),
          new AccessChange("doc", "bob", Access.READ, Access.NONE, "alice"));
    }

    @Test
    @DisplayName("upgraded from read to write, a connected reader is told write and may submit at once")
    void upgrade() throws Exception {
      node0.create("doc", RichText.NAME, "Doc", Map.of(), ALICE);
      get(node0.sharing().grant("doc", "bob", Access.READ, ALICE));
      RecordingListener events = new RecordingListener();
      Session bob = session(node1, BOB, events);
      bob.join("doc", null);
      events.next("joined");
      bob.submit("doc", 0, 1, "[{\"insert\":\"a\"}]");
      assertThat(events.next("error").b()).isEqualTo(ErrorCode.FORBIDDEN);
      get(node0.sharing().grant("doc", "bob", Access.WRITE, ALICE));
      assertThat(events.next("access").a()).isEqualTo(Access.WRITE);
      bob.submit("doc", 0, 2, "[{\"insert\":\"a\"}]");
      assertThat(events.next("ack").b()).isEqualTo(1L);
    }

    @Test
    @DisplayName("on the node that made the change too: a connected reader given write is told at once, then read again")
    void sameNode() throws Exception {
      node0.create("doc", RichText.NAME, "Doc", Map.of(), ALICE);
      RecordingListener events = new RecordingListener();
      Session rita = session(node0, STAFF_READER, events);
      rita.join("doc", null);
      assertThat(((JoinReply.SnapshotReply) events.next("joined").a()).access()).isEqualTo(Access.READ);
      get(node0.sharing().grant("doc", "rita", Access.WRITE, ALICE));
      assertThat(events.next("access").a()).isEqualTo(Access.WRITE);
      get(node0.sharing().revoke("doc", "rita", ALICE));
      assertThat(events.next("access").a()).as("back to what her role gives").isEqualTo(Access.READ);
    }

    @Test
    @DisplayName("another user's session on the same document hears nothing of bob's change")
    void othersUntouched() throws Exception {
      node0.create("doc", RichText.NAME, "Doc", Map.of(), ALICE);
      get(node0.sharing().grant("doc", "bob", Access.WRITE, ALICE));
      get(node0.sharing().grant("doc", "carol", Access.WRITE, ALICE));
      RecordingListener carol = join(node1, CAROL, "doc");
      carol.next("joined");
      get(node0.sharing().revoke("doc", "bob", ALICE));
      get(node1.edit("doc", ALICE, "[{\"insert\":\"x\"}]"));
      assertThat(carol.next("op").kind()).isEqualTo("op");
      assertThat(carol.seen).extracting(RecordingListener.Event::kind).doesNotContain("access", "error", "left");
    }
  }
}
