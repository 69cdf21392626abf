package dev.collab.tck;

import static dev.collab.tck.StoreFixtures.ops;
import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.NamedVersion;
import dev.collab.spi.NamedVersionStore;
import dev.collab.spi.Snapshot;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Part of {@link DocumentStoreContractKit}: named versions ({@link NamedVersionStore}), and the
 * snapshot a name pins against thinning and retention.
 *
 * <p>The kit's {@code @Nested} capabilities are spread over this chain of package-private
 * superclasses ({@link StoreKitFixtures} first); an implementer extends
 * {@link DocumentStoreContractKit} alone, and JUnit runs nested classes of superclasses too.
 */
abstract class StoreKitNamedVersions extends StoreKitReads {

  @Nested
  @KitGroup("Named versions (optional: skipped for a store whose namedVersions is the default)")
  class NamedVersions {

    private NamedVersionStore names;

    /** Skips the test, with the reason on the report, when the store keeps no names (the SPI default). */
    @BeforeEach
    void storeNames() {
      org.junit.jupiter.api.Assumptions.assumeFalse(leavesDefault(store, "namedVersions"),
          () -> store.getClass().getName() + " leaves namedVersions at its default: named versions are not checked");
      names = store.namedVersions();
    }

    private NamedVersion named(String id, long version, String name) {
      return new NamedVersion(id, version, name, "alice", StoreFixtures.TIME);
    }

    private void assertSameNamed(NamedVersion actual, NamedVersion expected) {
      assertThat(actual.documentId()).isEqualTo(expected.documentId());
      assertThat(actual.version()).isEqualTo(expected.version());
      assertThat(actual.name()).isEqualTo(expected.name());
      assertThat(actual.userId()).isEqualTo(expected.userId());
      assertThat(actual.time()).isCloseTo(expected.time(), org.assertj.core.api.Assertions.within(1, ChronoUnit.MILLIS));
    }

    @Test
    @DisplayName("a named version is found and listed, highest version first; naming it again renames it")
    void nameListRename() {
      created("tck-doc");
      appended("tck-doc", 0, ops("tck-doc", 1, 5, "c1", 1));
      assertThat(names.saveName(named("tck-doc", 2, "draft"))).isTrue();
      assertThat(names.saveName(named("tck-doc", 5, "sent to legal"))).isTrue();
      assertThat(names.saveName(named("tck-doc", 0, "empty"))).isTrue();

      assertSameNamed(names.findName("tck-doc", 2).orElseThrow(), named("tck-doc", 2, "draft"));
      assertThat(names.names("tck-doc")).extracting(NamedVersion::version).containsExactly(5L, 2L, 0L);

      NamedVersion renamed = new NamedVersion("tck-doc", 2, "first draft", "bob", StoreFixtures.TIME.plusSeconds(60));
      assertThat(names.saveName(renamed)).isTrue();
      assertSameNamed(names.findName("tck-doc", 2).orElseThrow(), renamed);
      assertThat(names.names("tck-doc")).extracting(NamedVersion::name).containsExactly("sent to legal", "first draft", "empty");
      assertThat(names.findName("tck-doc", 3)).isEmpty();
    }

    @Test
    @DisplayName("two versions may have the same name")
    void sameNameTwice() {
      created("tck-doc");
      appended("tck-doc", 0, ops("tck-doc", 1, 2, "c1", 1));
      names.saveName(named("tck-doc", 1, "checkpoint"));
      names.saveName(named("tck-doc", 2, "checkpoint"));
      assertThat(names.names("tck-doc")).extracting(NamedVersion::version).containsExactly(2L, 1L);
    }

    @Test
    @DisplayName("removing a name returns true once, then false; the other names stay")
    void remove() {
      created("tck-doc");
      appended("tck-doc", 0, ops("tck-doc", 1, 3, "c1", 1));
      names.saveName(named("tck-doc", 1, "one"));
      names.saveName(named("tck-doc", 3, "three"));
      assertThat(names.removeName("tck-doc", 1)).isTrue();
      assertThat(names.removeName("tck-doc", 1)).isFalse();
      assertThat(names.removeName("tck-doc", 2)).isFalse();
      assertThat(names.findName("tck-doc", 1)).isEmpty();
      assertThat(names.names("tck-doc")).extracting(NamedVersion::name).containsExactly("three");
    }

    @Test
    @DisplayName("an unknown document takes no name and has none")
    void unknownDocument() {
      assertThat(names.saveName(named("tck-nothing", 0, "x"))).isFalse();
      assertThat(names.names("tck-nothing")).isEmpty();
      assertThat(names.findName("tck-nothing", 0)).isEmpty();
      assertThat(names.removeName("tck-nothing", 0)).isFalse();
    }

    @Test
    @DisplayName("deleting a document deletes its names: the id created again has none")
    void deleteTakesTheNames() {
      created("tck-doc");
      names.saveName(named("tck-doc", 0, "start"));
      assertThat(store.delete("tck-doc")).isTrue();
      assertThat(names.names("tck-doc")).isEmpty();
      created("tck-doc");
      assertThat(names.names("tck-doc")).isEmpty();
      assertThat(names.findName("tck-doc", 0)).isEmpty();
    }

    @Test
    @DisplayName("names keep any Unicode exactly, up to the longest name, and survive a crash")
    void unicodeAndDurable() {
      created("tck-doc");
      String longest = "x".repeat(NamedVersion.MAX_NAME_LENGTH - 2) + "😀";
      names.saveName(named("tck-doc", 0, "Grüße 日本語 👩‍👩‍👧 e\u0301"));
      names.saveName(named("tck-doc", 0, "Grüße 日本語 👩‍👩‍👧 e\u0301 v2"));
      appended("tck-doc", 0, ops("tck-doc", 1, 1, "c1", 1));
      names.saveName(named("tck-doc", 1, longest));
      store = crashAndReopen(store);
      names = store.namedVersions();
      assertThat(names.names("tck-doc")).extracting(NamedVersion::name)
          .containsExactly(longest, "Grüße 日本語 👩‍👩‍👧 e\u0301 v2");
    }

    @Test
    @DisplayName("a named version's snapshot stays through hundreds of later snapshots and a retention that drops every op around it")
    void namePinsTheSnapshot() {
      created("tck-doc");
      appended("tck-doc", 0, ops("tck-doc", 1, 3, "c1", 1));
      // Older snapshots than the named one: a store that thins by age keeps those rather than it.
      store.saveSnapshot("tck-doc", new Snapshot(1, "[{\"insert\":\"one\\n\"}]"));
      store.saveSnapshot("tck-doc", new Snapshot(2, "[{\"insert\":\"two\\n\"}]"));
      names.saveName(named("tck-doc", 3, "pinned"));
      store.saveSnapshot("tck-doc", new Snapshot(3, "[{\"insert\":\"three\\n\"}]"));
      for (long v = 4; v <= 300; v++) {
        appended("tck-doc", v - 1, ops("tck-doc", v, 1, "c1", v));
        store.saveSnapshot("tck-doc", new Snapshot(v, "[{\"insert\":\"" + v + "\\n\"}]"));
      }
      store.pruneHistory("tck-doc", StoreFixtures.TIME.plusSeconds(3_600));

      Snapshot pinned = store.loadSnapshot("tck-doc", 3).orElseThrow();
      assertThat(pinned.version()).isEqualTo(3);
      assertThat(pinned.data()).isEqualTo("[{\"insert\":\"three\\n\"}]");
      assertThat(store.loadSnapshot("tck-doc", 300).orElseThrow().version()).as("the latest stays too").isEqualTo(300);
    }

    @Test
    @DisplayName("a snapshot saved right after the name is pinned as well, however old its version")
    void snapshotAfterTheName() {
      created("tck-doc");
      for (long v = 1; v <= 200; v++) {
        appended("tck-doc", v - 1, ops("tck-doc", v, 1, "c1", v));
        store.saveSnapshot("tck-doc", new Snapshot(v, "[{\"insert\":\"" + v + "\\n\"}]"));
      }
      names.saveName(named("tck-doc", 7, "old one"));
      store.saveSnapshot("tck-doc", new Snapshot(7, "[{\"insert\":\"7\\n\"}]"));
      for (long v = 201; v <= 260; v++) {
        appended("tck-doc", v - 1, ops("tck-doc", v, 1, "c1", v));
        store.saveSnapshot("tck-doc", new Snapshot(v, "[{\"insert\":\"" + v + "\\n\"}]"));
      }
      assertThat(store.loadSnapshot("tck-doc", 7).orElseThrow().version()).isEqualTo(7);
    }

    @Test
    @DisplayName("of concurrent names of one version one wins whole, and none fails")
    void concurrentNames() throws Exception {
      created("tck-doc");
      Set<String> given = ConcurrentHashMap.newKeySet();
      onThreads(t -> () -> {
        String name = "name of writer " + t;
        given.add(name);
        return names.saveName(new NamedVersion("tck-doc", 0, name, "user" + t, StoreFixtures.TIME));
      });
      List<NamedVersion> all = names.names("tck-doc");
      assertThat(all).hasSize(1);
      NamedVersion winner = all.get(0);
      assertThat(given).contains(winner.name());
      assertThat(winner.userId()).isEqualTo("user" + winner.name().substring("name of writer ".length()));
    }
  }
}
