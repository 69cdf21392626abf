package dev.collab.tck;

import static dev.collab.tck.StoreFixtures.assertSameInfo;
import static dev.collab.tck.StoreFixtures.assertSameOp;
import static dev.collab.tck.StoreFixtures.assertSameOps;
import static dev.collab.tck.StoreFixtures.assertSameSnapshot;
import static dev.collab.tck.StoreFixtures.document;
import static dev.collab.tck.StoreFixtures.op;
import static dev.collab.tck.StoreFixtures.ops;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.collab.CommittedOp;
import dev.collab.DocumentInfo;
import dev.collab.spi.AppendResult;
import dev.collab.spi.AppendResult.Appended;
import dev.collab.spi.AppendResult.Conflict;
import dev.collab.spi.Snapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Part of {@link DocumentStoreContractKit}: reads, the idempotence lookup, snapshots, retention and text.
 *
 * <p>The kit's {@code @Nested} capabilities are spread over this chain of package-private
 * superclasses ({@link StoreKitFixtures} first); an implementer extends
 * {@link DocumentStoreContractKit} alone, and JUnit runs nested classes of superclasses too.
 */
abstract class StoreKitReads extends StoreKitConcurrency {

  @Nested
  @KitGroup("Reading ops")
  class Reading {

    private List<CommittedOp> log;

    @BeforeEach
    void tenOps() {
      created("tck-doc");
      log = ops("tck-doc", 1, 10, "c1", 1);
      appended("tck-doc", 0, log.subList(0, 4));
      appended("tck-doc", 4, log.subList(4, 10));
    }

    @Test
    @DisplayName("readOps returns the versions after fromExclusive up to toInclusive, in order")
    void range() {
      assertSameOps(store.readOps("tck-doc", 2, 5), log.subList(2, 5));
      assertSameOps(store.readOps("tck-doc", 0, 10), log);
      assertSameOps(store.readOps("tck-doc", 9, 10), log.subList(9, 10));
    }

    @Test
    @DisplayName("an empty range reads nothing")
    void emptyRange() {
      assertThat(store.readOps("tck-doc", 5, 5)).isEmpty();
      assertThat(store.readOps("tck-doc", 7, 3)).isEmpty();
      assertThat(store.readOps("tck-doc", 10, 20)).isEmpty();
    }

    @Test
    @DisplayName("a range past the head reads only the ops that exist")
    void pastHead() {
      assertSameOps(store.readOps("tck-doc", 8, 1_000), log.subList(8, 10));
      assertSameOps(store.readOps("tck-doc", 0, Long.MAX_VALUE), log);
    }

    @Test
    @DisplayName("readOpsAfter returns every op after a version")
    void readAfter() {
      assertSameOps(store.readOpsAfter("tck-doc", 6), log.subList(6, 10));
      assertThat(store.readOpsAfter("tck-doc", 10)).isEmpty();
      assertThat(store.readOpsAfter("tck-nothing", 0)).isEmpty();
    }

    @Test
    @DisplayName("readOps, readOpsAfter and list return unmodifiable snapshots: changing one throws, and later writes do not show in one returned before")
    void unmodifiableSnapshots() {
      List<CommittedOp> range = store.readOps("tck-doc", 5, 100);
      List<CommittedOp> after = store.readOpsAfter("tck-doc", 5);
      List<DocumentInfo> page = store.list(0, 10);
      assertThatThrownBy(range::clear).as("readOps' list changed").isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(after::clear).as("readOpsAfter's list changed").isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(page::clear).as("list's page changed").isInstanceOf(UnsupportedOperationException.class);
      appended("tck-doc", 10, ops("tck-doc", 11, 2, "c1", 11));
      created("tck-also");
      assertSameOps(range, log.subList(5, 10));
      assertSameOps(after, log.subList(5, 10));
      assertThat(page).extracting(DocumentInfo::id).as("a page read before a create").containsExactly("tck-doc");
      assertThat(store.readOps("tck-doc", 5, 100)).as("a new read sees the new ops").hasSize(7);
    }

    @Test
    @DisplayName("the ops of one document are not visible from another")
    void isolated() {
      created("tck-other");
      assertThat(store.readOps("tck-other", 0, 10)).isEmpty();
      assertThat(store.head("tck-other")).isZero();
      assertThat(store.findOp("tck-other", "c1", 1)).isEmpty();
    }
  }

  @Nested
  @KitGroup("Idempotence lookup")
  class IdempotenceLookup {

    @Test
    @DisplayName("findOp returns the committed op of a (client, seq), with its version")
    void findsOp() {
      created("tck-doc");
      List<CommittedOp> log =
          List.of(op("tck-doc", 1, "c1", 1), op("tck-doc", 2, "c2", 5), op("tck-doc", 3, "c1", 2));
      appended("tck-doc", 0, log.subList(0, 1));
      appended("tck-doc", 1, log.subList(1, 3));

      assertSameOp(store.findOp("tck-doc", "c1", 1).orElseThrow(), log.get(0));
      assertSameOp(store.findOp("tck-doc", "c2", 5).orElseThrow(), log.get(1));
      assertSameOp(store.findOp("tck-doc", "c1", 2).orElseThrow(), log.get(2));
    }

    @Test
    @DisplayName("findOp is empty for a (client, seq) never committed, including one that lost a conflict")
    void missingOp() {
      created("tck-doc");
      appended("tck-doc", 0, List.of(op("tck-doc", 1, "c1", 1)));
      assertThat(store.append("tck-doc", 0, List.of(op("tck-doc", 1, "c2", 1)))).isEqualTo(new Conflict(1));

      assertThat(store.findOp("tck-doc", "c2", 1)).isEmpty();
      assertThat(store.findOp("tck-doc", "c1", 2)).isEmpty();
      assertThat(store.findOp("tck-doc", "c9", 1)).isEmpty();
    }
  }

  @Nested
  @KitGroup("Snapshots")
  class Snapshots {

    @BeforeEach
    void tenOps() {
      created("tck-doc");
      appended("tck-doc", 0, ops("tck-doc", 1, 10, "c1", 1));
    }

    @Test
    @DisplayName("a saved snapshot loads for its own version and any later one")
    void saveAndLoad() {
      Snapshot five = new Snapshot(5, "[{\"insert\":\"five\\n\"}]");
      store.saveSnapshot("tck-doc", five);

      assertSameSnapshot(store.loadSnapshot("tck-doc", 5).orElseThrow(), five);
      assertSameSnapshot(store.loadSnapshot("tck-doc", 10).orElseThrow(), five);
      assertSameSnapshot(store.loadSnapshot("tck-doc", Long.MAX_VALUE).orElseThrow(), five);
    }

    @Test
    @DisplayName("loadSnapshot returns a saved snapshot at or below the version, the latest at or above it, none below the first")
    void latestAtOrBelow() {
      Snapshot three = new Snapshot(3, "[{\"insert\":\"3\\n\"}]");
      Snapshot six = new Snapshot(6, "[{\"insert\":\"6\\n\"}]");
      Snapshot nine = new Snapshot(9, "[{\"insert\":\"9\\n\"}]");
      store.saveSnapshot("tck-doc", six);
      store.saveSnapshot("tck-doc", three);
      store.saveSnapshot("tck-doc", nine);

      assertThat(store.loadSnapshot("tck-doc", 2)).isEmpty();
      assertSameSnapshot(store.loadSnapshot("tck-doc", 9).orElseThrow(), nine);
      assertSameSnapshot(store.loadSnapshot("tck-doc", 10).orElseThrow(), nine);
      // A store may keep fewer than all (the contract): what it answers below the latest is one
      // of those saved, at or below the version asked, and never older for a later version.
      List<Snapshot> saved = List.of(three, six, nine);
      long previous = 0;
      for (long version = 3; version <= 8; version++) {
        Optional<Snapshot> found = store.loadSnapshot("tck-doc", version);
        if (found.isPresent()) {
          long at = found.get().version();
          assertThat(at).as("the snapshot for version %d", version).isLessThanOrEqualTo(version)
              .isGreaterThanOrEqualTo(previous);
          Optional<Snapshot> original = saved.stream().filter(s -> s.version() == at).findFirst();
          assertThat(original).as("version %d was saved", at).isPresent();
          assertSameSnapshot(found.get(), original.get());
          previous = at;
        }
      }
    }

    @Test
    @DisplayName("saving a snapshot twice for one version is harmless")
    void saveTwice() {
      Snapshot four = new Snapshot(4, "[{\"insert\":\"four\\n\"}]");
      store.saveSnapshot("tck-doc", four);
      store.saveSnapshot("tck-doc", four);

      assertSameSnapshot(store.loadSnapshot("tck-doc", 4).orElseThrow(), four);
      assertThat(store.head("tck-doc")).isEqualTo(10);
    }

    @Test
    @DisplayName("a snapshot of version 0 (the empty document) can be saved and loaded")
    void versionZero() {
      Snapshot empty = new Snapshot(0, "[{\"insert\":\"\\n\"}]");
      store.saveSnapshot("tck-doc", empty);
      assertSameSnapshot(store.loadSnapshot("tck-doc", 0).orElseThrow(), empty);
    }

    @Test
    @DisplayName("the snapshots of one document are not visible from another")
    void isolated() {
      created("tck-other");
      store.saveSnapshot("tck-doc", new Snapshot(2, "[]"));
      assertThat(store.loadSnapshot("tck-other", 100)).isEmpty();
    }
  }

  @Nested
  @KitGroup("Retention (optional: skipped for a store whose pruneHistory is the default)")
  class Retention {

    /** Skips the test, with the reason on the report, when the store keeps all history (the SPI default). */
    @BeforeEach
    void storePrunes() {
      org.junit.jupiter.api.Assumptions.assumeFalse(leavesDefault(store, "pruneHistory", String.class, java.time.Instant.class),
          () -> store.getClass().getName() + " leaves pruneHistory at its default (keeps all history): retention is not checked");
    }

    @Test
    @DisplayName("pruning (optional) drops only a prefix the latest snapshot covers, keeps the head, and the log goes on")
    void pruneKeepsASuffixAndTheHead() {
      created("tck-doc");
      appended("tck-doc", 0, ops("tck-doc", 1, 10, "c1", 1));
      store.saveSnapshot("tck-doc", new Snapshot(6, "[{\"insert\":\"six\"}]"));
      assertThat(store.pruneHistory("tck-doc", StoreFixtures.TIME.minusSeconds(60)))
          .as("nothing is older than a cutoff before every op").isZero();
      long dropped = store.pruneHistory("tck-doc", StoreFixtures.TIME.plusSeconds(3_600));
      assertThat(dropped).as("only what the snapshot at 6 covers").isEqualTo(6);
      assertThat(store.head("tck-doc")).isEqualTo(10);
      assertThat(store.readOps("tck-doc", 0, 10)).extracting(CommittedOp::version).containsExactly(7L, 8L, 9L, 10L);
      assertThat(store.readOps("tck-doc", 2, 8)).extracting(CommittedOp::version).containsExactly(7L, 8L);
      assertThat(store.findOp("tck-doc", "c1", 3)).isEmpty();
      assertThat(store.findOp("tck-doc", "c1", 8)).isPresent();
      assertThat(store.loadSnapshot("tck-doc", 10).orElseThrow().version()).isEqualTo(6);
      assertThat(store.append("tck-doc", 10, ops("tck-doc", 11, 1, "c1", 11))).isInstanceOf(Appended.class);
      assertThat(store.append("tck-doc", 6, ops("tck-doc", 7, 1, "c2", 1))).isEqualTo(new Conflict(11));
    }

    @Test
    @DisplayName("pruning never drops the head op, even when a snapshot is at the head")
    void pruneKeepsTheHeadOp() {
      created("tck-doc");
      appended("tck-doc", 0, ops("tck-doc", 1, 3, "c1", 1));
      store.saveSnapshot("tck-doc", new Snapshot(3, "[]"));
      store.pruneHistory("tck-doc", StoreFixtures.TIME.plusSeconds(3_600));
      assertThat(store.head("tck-doc")).isEqualTo(3);
      assertThat(store.readOps("tck-doc", 0, 3)).extracting(CommittedOp::version).endsWith(3L);
      assertThat(store.append("tck-doc", 3, ops("tck-doc", 4, 1, "c1", 4))).isInstanceOf(Appended.class);
    }
  }

  @Nested
  @KitGroup("Text content")
  class TextContent {

    /** BMP, combining marks, right-to-left, astral (emoji, CJK extension B, math), ZWJ sequences, flags, U+FFFF. */
    static final String UNICODE = "Grüße, naïve café; 日本語; עברית; e\u0301; 😀👍🏽; 👩‍👩‍👧; 🇫🇷; 𠜎𝔸; \uffff; \\ \" '";

    @Test
    @DisplayName("ops and snapshots keep any well-formed Unicode exactly, astral characters and emoji included")
    void unicode() {
      created("tck-doc");
      String json = "[{\"insert\":\"" + UNICODE.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}]";
      CommittedOp unicode = new CommittedOp("tck-doc", 1, json, "c1", 1, "jose", "José 😀 Núñez", StoreFixtures.TIME);
      appended("tck-doc", 0, List.of(unicode));
      store.saveSnapshot("tck-doc", new Snapshot(1, json));

      CommittedOp read = store.readOps("tck-doc", 0, 1).get(0);
      assertThat(read.op()).isEqualTo(json);
      assertThat(read.userName()).isEqualTo("José 😀 Núñez");
      assertSameOp(store.findOp("tck-doc", "c1", 1).orElseThrow(), unicode);
      assertThat(store.loadSnapshot("tck-doc", 1).orElseThrow().data()).isEqualTo(json);
    }

    @Test
    @DisplayName("document titles and metadata keep Unicode exactly")
    void unicodeMetadata() {
      DocumentInfo info = new DocumentInfo("tck-doc", "rich-text", "Plan 😀 日本", Map.of("owner", "Zoë 👩‍👩‍👧"), "alice", StoreFixtures.TIME);
      assertThat(store.create(info)).isTrue();
      assertSameInfo(store.find("tck-doc").orElseThrow(), info);
    }

    @Test
    @DisplayName("a lone surrogate in an op either comes back unchanged or is refused with IllegalArgumentException, never altered")
    void loneSurrogate() {
      created("tck-doc");
      String json = "[{\"insert\":\"half \ud83d of an emoji\"}]";
      CommittedOp lone = op("tck-doc", 1, "c1", 1, json);
      AppendResult result;
      try {
        result = store.append("tck-doc", 0, List.of(lone));
      } catch (IllegalArgumentException refused) {
        assertLog("tck-doc", List.of());
        return;
      }
      assertThat(result).isEqualTo(new Appended(1, 1));
      assertThat(store.readOps("tck-doc", 0, 1).get(0).op()).isEqualTo(json);
    }

    @Test
    @DisplayName("a 1 MB op comes back exactly")
    void largeOp() {
      created("tck-doc");
      String json = "[{\"insert\":\"" + text(1 << 20) + "\"}]";
      CommittedOp big = op("tck-doc", 1, "c1", 1, json);
      appended("tck-doc", 0, List.of(big));

      String read = store.readOps("tck-doc", 0, 1).get(0).op();
      assertThat(read.length()).isEqualTo(json.length());
      assertThat(read.equals(json)).as("1 MB op equal").isTrue();
    }

    @Test
    @DisplayName("a 5 MB document snapshot comes back exactly")
    void largeSnapshot() {
      created("tck-doc");
      appended("tck-doc", 0, List.of(op("tck-doc", 1, "c1", 1)));
      Snapshot big = new Snapshot(1, "[{\"insert\":\"" + text(5 << 20) + "\\n\"}]");
      store.saveSnapshot("tck-doc", big);

      assertSameSnapshot(store.loadSnapshot("tck-doc", 1).orElseThrow(), big);
    }

    /** {@code length} UTF-16 units of mixed text with an emoji every line, JSON-safe. */
    private static String text(int length) {
      StringBuilder out = new StringBuilder(length + 64);
      String line = "The quick brown fox jumps over the lazy dog — Grüße 日本 😀 ";
      while (out.length() < length) {
        out.append(line).append(out.length()).append(' ');
      }
      out.setLength(length);
      if (Character.isHighSurrogate(out.charAt(length - 1))) {
        out.setCharAt(length - 1, '.');
      }
      return out.toString();
    }
  }
}
