package dev.collab.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.collab.Access;
import dev.collab.DocumentInfo;
import dev.collab.Grant;
import dev.collab.spi.GrantStore;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Part of {@link DocumentStoreContractKit}: owners and grants ({@link GrantStore}), what the shipped
 * {@code GrantAccessPolicy} answers from. See {@link StoreKitNamedVersions} for how the kit's parts
 * are chained.
 */
abstract class StoreKitGrants extends StoreKitNamedVersions {

  @Nested
  @KitGroup("Grants (optional: skipped for a store whose grants is the default)")
  class Grants {

    private GrantStore grants;

    /** Skips the test, with the reason on the report, when the store keeps no grants (the SPI default). */
    @BeforeEach
    void storeGrants() {
      org.junit.jupiter.api.Assumptions.assumeFalse(leavesDefault(store, "grants"),
          () -> store.getClass().getName() + " leaves grants at its default: grants are not checked");
      grants = store.grants();
    }

    private Grant grant(String doc, String user, Access access) {
      return new Grant(doc, user, access, "alice", StoreFixtures.TIME);
    }

    private void assertSameGrant(Grant actual, Grant expected) {
      assertThat(actual.documentId()).isEqualTo(expected.documentId());
      assertThat(actual.userId()).isEqualTo(expected.userId());
      assertThat(actual.access()).isEqualTo(expected.access());
      assertThat(actual.grantedBy()).isEqualTo(expected.grantedBy());
      assertThat(actual.time()).isCloseTo(expected.time(), org.assertj.core.api.Assertions.within(1, ChronoUnit.MILLIS));
    }

    @Test
    @DisplayName("the owner is the creator and has admin; a user without a grant has none")
    void owner() {
      created("tck-doc");
      assertThat(grants.owner("tck-doc")).contains("alice");
      assertThat(grants.access("tck-doc", "alice")).isEqualTo(Access.ADMIN);
      assertThat(grants.access("tck-doc", "bob")).isEqualTo(Access.NONE);
    }

    @Test
    @DisplayName("each level is kept, found and answered; granting again replaces the level, who and when")
    void levelsAndReplace() {
      created("tck-doc");
      for (Access level : List.of(Access.READ, Access.COMMENT, Access.WRITE, Access.ADMIN)) {
        assertThat(grants.saveGrant(grant("tck-doc", "bob", level))).isTrue();
        assertSameGrant(grants.findGrant("tck-doc", "bob").orElseThrow(), grant("tck-doc", "bob", level));
        assertThat(grants.access("tck-doc", "bob")).isEqualTo(level);
      }
      Grant changed = new Grant("tck-doc", "bob", Access.READ, "carol", StoreFixtures.TIME.plusSeconds(60));
      assertThat(grants.saveGrant(changed)).isTrue();
      assertSameGrant(grants.findGrant("tck-doc", "bob").orElseThrow(), changed);
      assertThat(grants.grants("tck-doc")).hasSize(1);
    }

    @Test
    @DisplayName("grants are listed by user id; one user's or one document's grant gives nothing elsewhere")
    void listedAndSeparate() {
      created("tck-doc");
      created("tck-other");
      grants.saveGrant(grant("tck-doc", "zoe", Access.READ));
      grants.saveGrant(grant("tck-doc", "bob", Access.WRITE));
      grants.saveGrant(grant("tck-doc", "Bob", Access.COMMENT));
      grants.saveGrant(grant("tck-other", "carol", Access.ADMIN));
      assertThat(grants.grants("tck-doc")).extracting(Grant::userId, Grant::access)
          .containsExactly(tuple("Bob", Access.COMMENT), tuple("bob", Access.WRITE), tuple("zoe", Access.READ));
      assertThat(grants.access("tck-other", "bob")).isEqualTo(Access.NONE);
      assertThat(grants.access("tck-doc", "carol")).isEqualTo(Access.NONE);
      assertThat(grants.access("tck-doc", "BOB")).as("user ids are compared exactly").isEqualTo(Access.NONE);
    }

    @Test
    @DisplayName("removing a grant returns true once, then false; the other grants stay")
    void remove() {
      created("tck-doc");
      grants.saveGrant(grant("tck-doc", "bob", Access.WRITE));
      grants.saveGrant(grant("tck-doc", "carol", Access.READ));
      assertThat(grants.removeGrant("tck-doc", "bob")).isTrue();
      assertThat(grants.removeGrant("tck-doc", "bob")).isFalse();
      assertThat(grants.findGrant("tck-doc", "bob")).isEmpty();
      assertThat(grants.access("tck-doc", "bob")).isEqualTo(Access.NONE);
      assertThat(grants.grants("tck-doc")).extracting(Grant::userId).containsExactly("carol");
    }

    @Test
    @DisplayName("an unknown document has no owner, takes no grant and answers none, also for ids no document can have")
    void unknownDocument() {
      assertThat(grants.owner("tck-nothing")).isEmpty();
      assertThat(grants.saveGrant(grant("tck-nothing", "bob", Access.ADMIN))).isFalse();
      assertThat(grants.grants("tck-nothing")).isEmpty();
      assertThat(grants.findGrant("tck-nothing", "bob")).isEmpty();
      assertThat(grants.removeGrant("tck-nothing", "bob")).isFalse();
      assertThat(grants.access("tck-nothing", "alice")).isEqualTo(Access.NONE);
      assertThat(grants.access("*", "alice")).isEqualTo(Access.NONE);
      created("tck-nothing");
      assertThat(grants.grants("tck-nothing")).as("nothing was written before the document existed").isEmpty();
    }

    @Test
    @DisplayName("deleting a document deletes its grants: the id created again by another user has none, and a new owner")
    void deleteTakesTheGrants() {
      created("tck-doc");
      grants.saveGrant(grant("tck-doc", "bob", Access.ADMIN));
      assertThat(store.delete("tck-doc")).isTrue();
      assertThat(grants.grants("tck-doc")).isEmpty();
      assertThat(store.create(new DocumentInfo("tck-doc", "rich-text", "", Map.of(), "mallory", StoreFixtures.TIME))).isTrue();
      assertThat(grants.grants("tck-doc")).isEmpty();
      assertThat(grants.access("tck-doc", "bob")).isEqualTo(Access.NONE);
      assertThat(grants.access("tck-doc", "alice")).isEqualTo(Access.NONE);
      assertThat(grants.owner("tck-doc")).contains("mallory");
    }

    @Test
    @DisplayName("grants of the longest ids survive a crash")
    void longestIdsDurable() {
      String doc = "d".repeat(128);
      String user = "u@x.+_-" + "u".repeat(121);
      created(doc);
      grants.saveGrant(new Grant(doc, user, Access.COMMENT, "g".repeat(128), StoreFixtures.TIME));
      store = crashAndReopen(store);
      grants = store.grants();
      assertSameGrant(grants.findGrant(doc, user).orElseThrow(), new Grant(doc, user, Access.COMMENT, "g".repeat(128), StoreFixtures.TIME));
      assertThat(grants.access(doc, user)).isEqualTo(Access.COMMENT);
    }

    @Test
    @DisplayName("of concurrent grants to one user one wins whole, and none fails")
    void concurrentGrants() throws Exception {
      created("tck-doc");
      Access[] levels = {Access.READ, Access.COMMENT, Access.WRITE, Access.ADMIN};
      onThreads(t -> () -> grants.saveGrant(new Grant("tck-doc", "bob", levels[t % 4], "admin" + t, StoreFixtures.TIME)));
      List<Grant> all = grants.grants("tck-doc");
      assertThat(all).hasSize(1);
      Grant winner = all.get(0);
      int t = Integer.parseInt(winner.grantedBy().substring("admin".length()));
      assertThat(winner.access()).as("level and granter from the same write").isEqualTo(levels[t % 4]);
    }

    @Test
    @DisplayName("random grants, changes and removals agree with a map at every step (seeded: -Dcollab.seed)")
    void randomAgainstAMap() {
      long seed = Long.getLong("collab.seed", System.nanoTime());
      System.out.println("grant store kit seed " + seed + " (rerun with -Dcollab.seed=" + seed + ")");
      Random random = new Random(seed);
      created("tck-doc");
      TreeMap<String, Access> expected = new TreeMap<>();
      Access[] levels = {Access.READ, Access.COMMENT, Access.WRITE, Access.ADMIN};
      for (int i = 0; i < 200; i++) {
        String user = "user" + random.nextInt(12);
        if (random.nextInt(3) == 0) {
          assertThat(grants.removeGrant("tck-doc", user)).as("seed %d step %d", seed, i).isEqualTo(expected.remove(user) != null);
        } else {
          Access level = levels[random.nextInt(levels.length)];
          assertThat(grants.saveGrant(grant("tck-doc", user, level))).isTrue();
          expected.put(user, level);
        }
        Optional<Access> found = grants.findGrant("tck-doc", user).map(Grant::access);
        assertThat(found).as("seed %d step %d", seed, i).isEqualTo(Optional.ofNullable(expected.get(user)));
      }
      assertThat(grants.grants("tck-doc")).extracting(Grant::userId, Grant::access).as("seed %d", seed)
          .containsExactlyElementsOf(expected.entrySet().stream().map(e -> tuple(e.getKey(), e.getValue())).toList());
    }
  }
}
