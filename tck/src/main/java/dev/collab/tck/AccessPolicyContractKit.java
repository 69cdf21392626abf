package dev.collab.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.collab.Access;
import dev.collab.User;
import dev.collab.spi.AccessPolicy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The {@link AccessPolicy} contract as tests: the decision for each access level, and revocation
 * reaching a connected session through a real engine. An implementation proves itself with a few
 * lines:
 *
 * <pre>{@code
 * class MyPolicyContractTest extends AccessPolicyContractKit {
 *   @Override protected AccessPolicy createPolicy() { return new MyPolicy(acl); }
 *   @Override protected User grant(String userId, String documentId, Access access) {
 *     acl.set(userId, documentId, access);          // your system's own way to grant and withdraw
 *     return User.of(userId);                       // the user as your container presents them
 *   }
 *   @Override protected PolicyEngine engine(AccessPolicy policy) { return new MyEngineAdapter(policy); }
 * }
 * }</pre>
 *
 * <p>{@link #grant} is the implementer's system: it gives a user exactly one level on a document
 * ({@link Access#NONE} withdraws everything) and returns the {@link User} the container would
 * present afterwards. A level the system cannot express returns null and the tests that need it
 * are skipped. A policy that decides from the user's roles alone (fixed at login) says so with
 * {@link #decidesAtCallTime()} false: a withdrawal then reaches a user at the next login, and the
 * revocation tests, which need a decision to change under a connected session, are skipped.
 *
 * <p>The revocation tests need {@link #engine}: without one they are skipped. Through the engine
 * they check the promise of {@code Collab.revoke}: after the application withdraws access in its
 * system and calls revoke, a connected writer is refused at the next submit, a reader who lost all
 * access is cut off, and an upgrade takes effect at once.
 */
@org.junit.jupiter.api.extension.ExtendWith(KitReport.class)
@Tag("policy")
@org.junit.jupiter.api.DisplayNameGeneration(KitDisplayNames.class)
public abstract class AccessPolicyContractKit {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private AccessPolicy policy;

  /** The policy's class, for {@link KitReport}. */
  String implementationName() {
    return "policy " + (policy == null ? "(not made)" : policy.getClass().getName());
  }
  private final List<PolicyEngine> engines = new ArrayList<>();

  /**
   * The policy under test, reading the grants {@link #grant} makes. Called before every test.
   *
   * @return a new policy (or one reset to no grants); it is shared by the test's engines
   */
  protected abstract AccessPolicy createPolicy();

  /**
   * Gives user {@code userId} exactly {@code access} to {@code documentId} in the implementer's
   * system, replacing what they had; returns the user as the container presents them afterwards,
   * or null when the system cannot express this level.
   *
   * @param userId a fresh user id, unique to the test
   * @param documentId a fresh document id, unique to the test
   * @param access the one level the user must have on the document from now on; {@link
   *     Access#NONE} withdraws everything
   * @return the user as the container presents them after the grant (with the roles the grant
   *     gave), or null to skip the tests that need this level
   */
  protected abstract @Nullable User grant(String userId, String documentId, Access access);

  /**
   * Whether the policy tells documents apart. Override to return false for a role-based policy;
   * the tests that grant different levels on two documents are then skipped.
   *
   * @return false when the policy gives a user the same access to every document; true by default
   */
  protected boolean perDocument() {
    return true;
  }

  /**
   * True when the policy reads the implementer's system at each call, so a grant changes the
   * decision for a user already logged in; false when it decides from the user's roles alone.
   *
   * @return true by default; false skips the revocation tests
   */
  protected boolean decidesAtCallTime() {
    return true;
  }

  /**
   * A real engine running {@code policy}, for the revocation tests; closed after each test.
   *
   * @param policy the policy under test, as {@link #createPolicy} made it
   * @return an adapter over an engine that asks {@code policy}; null (the default) skips the
   *     revocation tests
   */
  protected @Nullable PolicyEngine engine(AccessPolicy policy) {
    return null;
  }

  @BeforeEach
  void createPolicyUnderTest() {
    policy = createPolicy();
  }

  @AfterEach
  void closeEngines() {
    engines.forEach(PolicyEngine::close);
  }

  static String fresh(String what) {
    return what + "-" + COUNTER.incrementAndGet();
  }

  /** {@link #grant}, skipping the test when the system cannot express {@code access}. */
  User granted(String userId, String documentId, Access access) {
    User user = grant(userId, documentId, access);
    assumeTrue(user != null, "the system under test cannot express " + access);
    return user;
  }

  /** The user to ask about after a change: the one logged in before, when the policy reads the system at each call. */
  User after(User before, User presentedNow) {
    return decidesAtCallTime() ? before : presentedNow;
  }

  @Nested
  @KitGroup("decisions")
  class Decisions {
    @Test
    @DisplayName("each level granted is the level decided: none, read, comment, write, admin")
    void eachLevel() {
      Map<Access, Access> decided = new EnumMap<>(Access.class);
      for (Access level : Access.values()) {
        String userId = fresh("user");
        String doc = fresh("doc");
        User user = grant(userId, doc, level);
        if (user != null) {
          decided.put(level, policy.access(user, doc));
        }
      }
      assertThat(decided).as("levels the system can express").containsKey(Access.NONE).hasSizeGreaterThan(1);
      decided.forEach((granted, answer) -> assertThat(answer).as("decision for a grant of " + granted).isEqualTo(granted));
    }

    @Test
    @DisplayName("a user the system has never heard of gets none, not null and not an exception")
    void unknownUser() {
      assertThat(policy.access(User.of(fresh("stranger")), fresh("doc"))).isEqualTo(Access.NONE);
    }

    @Test
    @DisplayName("a grant on one document gives nothing on another")
    void perDocumentGrants() {
      assumeTrue(perDocument(), "the policy gives the same access to every document");
      String userId = fresh("user");
      String doc = fresh("doc");
      User user = granted(userId, doc, Access.WRITE);
      assertThat(policy.access(user, doc)).isEqualTo(Access.WRITE);
      assertThat(policy.access(user, fresh("other"))).isEqualTo(Access.NONE);
    }

    @Test
    @DisplayName("a grant to one user gives nothing to another")
    void perUserGrants() {
      String doc = fresh("doc");
      User ann = granted(fresh("ann"), doc, Access.ADMIN);
      User bob = granted(fresh("bob"), doc, Access.NONE);
      assertThat(policy.access(ann, doc)).isEqualTo(Access.ADMIN);
      assertThat(policy.access(bob, doc)).isEqualTo(Access.NONE);
    }

    @Test
    @DisplayName("a withdrawal and a downgrade are decided at the next call, not remembered from the last")
    void changesAreSeen() {
      String userId = fresh("user");
      String doc = fresh("doc");
      User writer = granted(userId, doc, Access.WRITE);
      assertThat(policy.access(writer, doc)).isEqualTo(Access.WRITE);
      User reader = granted(userId, doc, Access.READ);
      assertThat(policy.access(after(writer, reader), doc)).as("after a downgrade to read").isEqualTo(Access.READ);
      User none = granted(userId, doc, Access.NONE);
      assertThat(policy.access(after(writer, none), doc)).as("after a withdrawal").isEqualTo(Access.NONE);
      User admin = granted(userId, doc, Access.ADMIN);
      assertThat(policy.access(after(writer, admin), doc)).as("after an upgrade to admin").isEqualTo(Access.ADMIN);
    }

    @Test
    @DisplayName("8 threads asking about 64 users at once each get their own user's level")
    void threadSafe() throws Exception {
      Access[] levels = {Access.NONE, Access.READ, Access.WRITE, Access.ADMIN};
      String doc = fresh("doc");
      List<User> users = new ArrayList<>();
      List<Access> expected = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        Access level = levels[i % levels.length];
        users.add(granted(fresh("user"), doc, level));
        expected.add(level);
      }
      ExecutorService threads = Executors.newFixedThreadPool(8);
      try {
        List<Future<List<Access>>> answers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int offset = t;
          answers.add(threads.submit(() -> {
            List<Access> seen = new ArrayList<>();
            for (int round = 0; round < 20; round++) {
              for (int i = 0; i < users.size(); i++) {
                int index = (i + offset * 8) % users.size();
                if (policy.access(users.get(index), doc) != expected.get(index)) {
                  seen.add(policy.access(users.get(index), doc));
                }
              }
            }
            return seen;
          }));
        }
        for (Future<List<Access>> answer : answers) {
          assertThat(answer.get(60, TimeUnit.SECONDS)).as("wrong answers under concurrency").isEmpty();
        }
      } finally {
        threads.shutdownNow();
      }
    }
  }

  @Nested
  @KitGroup("revocation through a real engine")
  class Revocation {
    private PolicyEngine engine;

    @BeforeEach
    void startEngine() {
      assumeTrue(decidesAtCallTime(), "the policy decides from the roles given at login: a withdrawal takes effect at the next login");
      PolicyEngine started = engine(policy);
      assumeTrue(started != null, "no engine supplied: override engine(policy)");
      engines.add(started);
      engine = started;
    }

    String document() {
      String doc = fresh("doc");
      engine.collab().create(doc, "rich-text", "Policy kit", Map.of(), User.of(fresh("setup")));
      return doc;
    }

    PolicyEngine.Event next(PolicyEngine.Connection connection, String kind) throws InterruptedException {
      List<PolicyEngine.Event> skipped = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        PolicyEngine.Event event = connection.poll();
        assertThat(event).as("a " + kind + " event; skipped " + skipped).isNotNull();
        if (event.kind().equals(kind)) {
          return event;
        }
        skipped.add(event);
      }
      throw new AssertionError("no " + kind + " among " + skipped);
    }

    @Test
    @DisplayName("a connected writer downgraded to read and revoked is refused at the next submit")
    void writerRevoked() throws Exception {
      String doc = document();
      String userId = fresh("ann");
      User ann = granted(userId, doc, Access.WRITE);
      PolicyEngine.Connection session = engine.connect(ann, fresh("tab"));
      session.join(doc);
      assertThat(next(session, "joined").detail()).isEqualTo("write");
      session.submit(doc, 0, 1, "[{\"insert\":\"a\"}]");
      assertThat(next(session, "ack").seq()).isEqualTo(1);

      granted(userId, doc, Access.READ);
      engine.collab().revoke(userId, doc);
      session.submit(doc, 1, 2, "[{\"insert\":\"b\"}]");
      PolicyEngine.Event refused = next(session, "error");
      assertThat(refused.seq()).isEqualTo(2);
      assertThat(refused.detail()).isEqualTo("forbidden");
      assertThat(engine.collab().read(doc).toCompletableFuture().get(10, TimeUnit.SECONDS).version()).isEqualTo(1);
    }

    @Test
    @DisplayName("a connected reader whose access is withdrawn and revoked is cut off: forbidden, then left")
    void readerCutOff() throws Exception {
      String doc = document();
      String userId = fresh("carol");
      User carol = granted(userId, doc, Access.READ);
      PolicyEngine.Connection session = engine.connect(carol, fresh("tab"));
      session.join(doc);
      assertThat(next(session, "joined").detail()).isEqualTo("read");

      granted(userId, doc, Access.NONE);
      engine.collab().revoke(userId, doc);
      assertThat(next(session, "error").detail()).isEqualTo("forbidden");
      next(session, "left");
      session.submit(doc, 0, 1, "[{\"insert\":\"x\"}]");
      assertThat(next(session, "error").detail()).as("no longer joined").isEqualTo("not-joined");
    }

    @Test
    @DisplayName("a connected reader upgraded to write and revoked may submit at once")
    void upgradeSeen() throws Exception {
      String doc = document();
      String userId = fresh("bob");
      User bob = granted(userId, doc, Access.READ);
      PolicyEngine.Connection session = engine.connect(bob, fresh("tab"));
      session.join(doc);
      next(session, "joined");
      session.submit(doc, 0, 1, "[{\"insert\":\"no\"}]");
      assertThat(next(session, "error").detail()).isEqualTo("forbidden");

      granted(userId, doc, Access.WRITE);
      engine.collab().revoke(userId, doc);
      session.submit(doc, 0, 2, "[{\"insert\":\"yes\"}]");
      assertThat(next(session, "ack").seq()).isEqualTo(2);
    }

    @Test
    @DisplayName("revoking one user's access leaves another user's session on the same document alone")
    void othersUntouched() throws Exception {
      String doc = document();
      String annId = fresh("ann");
      User ann = granted(annId, doc, Access.WRITE);
      User bob = granted(fresh("bob"), doc, Access.WRITE);
      PolicyEngine.Connection annSession = engine.connect(ann, fresh("tab"));
      PolicyEngine.Connection bobSession = engine.connect(bob, fresh("tab"));
      annSession.join(doc);
      bobSession.join(doc);
      next(annSession, "joined");
      next(bobSession, "joined");
      granted(annId, doc, Access.NONE);
      engine.collab().revoke(annId, doc);
      next(annSession, "left");
      bobSession.submit(doc, 0, 1, "[{\"insert\":\"still here\"}]");
      assertThat(next(bobSession, "ack").seq()).isEqualTo(1);
    }
  }
}
