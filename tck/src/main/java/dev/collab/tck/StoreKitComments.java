package dev.collab.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import dev.collab.comments.Anchor;
import dev.collab.comments.Comment;
import dev.collab.comments.CommentThread;
import dev.collab.spi.CommentStore;
import dev.collab.spi.CommentStore.SaveResult;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Part of {@link DocumentStoreContractKit}: comment threads ({@link CommentStore}), the
 * compare-and-set on a thread's revision and the threads' life with their document. See {@link
 * StoreKitNamedVersions} for how the kit's parts are chained.
 */
abstract class StoreKitComments extends StoreKitGrants {

  @Nested
  @KitGroup("Comment threads (optional: skipped for a store whose comments is the default)")
  class CommentThreads {

    private CommentStore comments;

    /** Skips the test, with the reason on the report, when the store keeps no comments (the SPI default). */
    @BeforeEach
    void storeComments() {
      org.junit.jupiter.api.Assumptions.assumeFalse(leavesDefault(store, "comments"),
          () -> store.getClass().getName() + " leaves comments at its default: comment threads are not checked");
      comments = store.comments();
    }

    @Test
    @DisplayName("a thread comes back with every field: anchor, comments edited or not, resolution, Unicode text")
    void roundTrip() {
      created("tck-doc");
      Instant resolvedAt = StoreFixtures.TIME.plusSeconds(300);
      CommentThread thread = new CommentThread("tck-doc", "t-1", new Anchor(6, 5, 3, false),
          List.of(comment("c-1", "alice", "Which world? Grüße 日本語 👩‍👩‍👧 e\u0301 😀", 0, null),
              new Comment("c_2", "bob@x.org", "Bob \"B\" Ødegård 😀", "quotes \" \\ </script> and\nlines\ttabbed",
                  StoreFixtures.TIME.plusSeconds(60), StoreFixtures.TIME.plusSeconds(120))),
          true, "carol", resolvedAt, 1);
      CommentThread detached = new CommentThread("tck-doc", "T-2", new Anchor(0, 0, 17, true),
          List.of(comment("c-1", "bob", "gone", 5, null)), false, null, null, 1);
      assertThat(comments.save(thread)).isEqualTo(SaveResult.SAVED);
      assertThat(comments.save(detached)).isEqualTo(SaveResult.SAVED);
      assertSameThread(comments.thread("tck-doc", "t-1").orElseThrow(), thread);
      assertSameThread(comments.thread("tck-doc", "T-2").orElseThrow(), detached);
      List<CommentThread> all = comments.threads("tck-doc");
      assertThat(all).hasSize(2);
      assertSameThread(all.get(0), thread);
      assertSameThread(all.get(1), detached);
      assertThat(comments.thread("tck-doc", "t-3")).isEmpty();
      assertThat(comments.thread("tck-doc", "T-1")).as("thread ids are compared exactly").isEmpty();
    }

    @Test
    @DisplayName("threads are listed in the order first saved, not by id or time; a later revision keeps its place")
    void orderOfFirstSave() {
      created("tck-doc");
      List<String> ids = IntStream.range(0, 30).mapToObj(i -> "t" + ((i * 7) % 30)).toList();
      for (int i = 0; i < ids.size(); i++) {
        // the first comments get older as the threads get newer: the order is the saves', not the times'
        assertThat(comments.save(thread("tck-doc", ids.get(i), 1, "thread " + i, -i))).isEqualTo(SaveResult.SAVED);
      }
      assertThat(comments.save(thread("tck-doc", ids.get(0), 2, "changed", 0))).isEqualTo(SaveResult.SAVED);
      assertThat(comments.threads("tck-doc")).extracting(CommentThread::id).containsExactlyElementsOf(ids);
      assertThat(comments.threads("tck-doc").get(0).first().text()).isEqualTo("changed");
      assertThat(comments.delete("tck-doc", ids.get(1), 1)).isTrue();
      assertThat(comments.save(thread("tck-doc", ids.get(1), 1, "opened again", 0))).isEqualTo(SaveResult.SAVED);
      List<String> expected = new ArrayList<>(ids);
      expected.add(expected.remove(1));
      assertThat(comments.threads("tck-doc")).as("a thread deleted and opened again is a new one: last")
          .extracting(CommentThread::id).containsExactlyElementsOf(expected);
    }

    @Test
    @DisplayName("save is a compare-and-set: revision 1 once, then each revision over the one before; anything else is a Conflict that writes nothing")
    void compareAndSet() {
      created("tck-doc");
      assertThat(comments.save(thread("tck-doc", "t", 2, "no revision 1 yet", 0))).isEqualTo(SaveResult.CONFLICT);
      assertThat(comments.thread("tck-doc", "t")).isEmpty();
      assertThat(comments.save(thread("tck-doc", "t", 1, "first", 0))).isEqualTo(SaveResult.SAVED);
      assertThat(comments.save(thread("tck-doc", "t", 1, "first again", 0))).isEqualTo(SaveResult.CONFLICT);
      assertThat(comments.save(thread("tck-doc", "t", 3, "skipping 2", 0))).isEqualTo(SaveResult.CONFLICT);
      assertThat(text("tck-doc", "t")).isEqualTo("first");
      assertThat(comments.save(thread("tck-doc", "t", 2, "second", 0))).isEqualTo(SaveResult.SAVED);
      assertThat(comments.save(thread("tck-doc", "t", 2, "second again", 0))).isEqualTo(SaveResult.CONFLICT);
      assertThat(comments.save(thread("tck-doc", "t", 1, "back to 1", 0))).isEqualTo(SaveResult.CONFLICT);
      assertThat(comments.save(thread("tck-doc", "t", 3, "third", 0))).isEqualTo(SaveResult.SAVED);
      CommentThread stored = comments.thread("tck-doc", "t").orElseThrow();
      assertThat(stored.revision()).isEqualTo(3);
      assertThat(stored.first().text()).isEqualTo("third");
      assertThat(comments.threads("tck-doc")).hasSize(1);
    }

    @Test
    @DisplayName("delete takes only the revision read: a wrong one, an unknown thread or document is false and deletes nothing")
    void deleteByRevision() {
      created("tck-doc");
      comments.save(thread("tck-doc", "t", 1, "one", 0));
      comments.save(thread("tck-doc", "t", 2, "two", 0));
      comments.save(thread("tck-doc", "u", 1, "other", 0));
      assertThat(comments.delete("tck-doc", "t", 1)).isFalse();
      assertThat(comments.delete("tck-doc", "t", 3)).isFalse();
      assertThat(comments.delete("tck-doc", "nothing", 1)).isFalse();
      assertThat(comments.delete("tck-nothing", "t", 2)).isFalse();
      assertThat(text("tck-doc", "t")).isEqualTo("two");
      assertThat(comments.delete("tck-doc", "t", 2)).isTrue();
      assertThat(comments.delete("tck-doc", "t", 2)).isFalse();
      assertThat(comments.thread("tck-doc", "t")).isEmpty();
      assertThat(comments.threads("tck-doc")).extracting(CommentThread::id).containsExactly("u");
      assertThat(comments.save(thread("tck-doc", "t", 3, "over the deleted one", 0))).isEqualTo(SaveResult.CONFLICT);
      assertThat(comments.save(thread("tck-doc", "t", 1, "new", 0))).isEqualTo(SaveResult.SAVED);
    }

    @Test
    @DisplayName("a document that does not exist takes no thread (NoDocument), lists none and counts 0, also once it is created")
    void unknownDocument() {
      assertThat(comments.save(thread("tck-nothing", "t", 1, "x", 0))).isEqualTo(SaveResult.NO_DOCUMENT);
      assertThat(comments.save(thread("tck-nothing", "t", 2, "x", 0))).isEqualTo(SaveResult.NO_DOCUMENT);
      assertThat(comments.threads("tck-nothing")).isEmpty();
      assertThat(comments.thread("tck-nothing", "t")).isEmpty();
      assertThat(comments.count("tck-nothing")).isZero();
      assertThat(comments.threads("*")).as("an id no document can have").isEmpty();
      created("tck-nothing");
      assertThat(comments.threads("tck-nothing")).as("nothing was written before the document existed").isEmpty();
    }

    @Test
    @DisplayName("deleting a document deletes its threads: the id created again has none, and takes revision 1 only")
    void deleteTakesTheThreads() {
      created("tck-doc");
      created("tck-other");
      comments.save(thread("tck-doc", "t", 1, "one", 0));
      comments.save(thread("tck-doc", "t", 2, "two", 0));
      comments.save(thread("tck-other", "t", 1, "stays", 0));
      assertThat(store.delete("tck-doc")).isTrue();
      assertThat(comments.threads("tck-doc")).isEmpty();
      assertThat(comments.save(thread("tck-doc", "t", 3, "after the delete", 0))).isEqualTo(SaveResult.NO_DOCUMENT);
      created("tck-doc");
      assertThat(comments.threads("tck-doc")).isEmpty();
      assertThat(comments.count("tck-doc")).isZero();
      assertThat(comments.save(thread("tck-doc", "t", 3, "old revision", 0))).isEqualTo(SaveResult.CONFLICT);
      assertThat(comments.save(thread("tck-doc", "t", 1, "new", 0))).isEqualTo(SaveResult.SAVED);
      assertThat(text("tck-other", "t")).as("another document's thread of the same id").isEqualTo("stays");
    }

    @Test
    @DisplayName("count is the number of the document's threads, and of no other's")
    void count() {
      created("tck-doc");
      created("tck-other");
      assertThat(comments.count("tck-doc")).isZero();
      for (int i = 0; i < 5; i++) {
        comments.save(thread("tck-doc", "t" + i, 1, "x", 0));
      }
      comments.save(thread("tck-doc", "t0", 2, "y", 0));
      comments.save(thread("tck-other", "t0", 1, "x", 0));
      assertThat(comments.count("tck-doc")).isEqualTo(5);
      comments.delete("tck-doc", "t3", 1);
      assertThat(comments.count("tck-doc")).isEqualTo(4);
      assertThat(comments.count("tck-other")).isEqualTo(1);
    }

    @Test
    @DisplayName("threads returns an unmodifiable snapshot: changing it throws, later saves do not show in it")
    void snapshotList() {
      created("tck-doc");
      comments.save(thread("tck-doc", "t", 1, "x", 0));
      List<CommentThread> before = comments.threads("tck-doc");
      assertThatThrownBy(() -> before.add(thread("tck-doc", "u", 1, "y", 0))).isInstanceOf(UnsupportedOperationException.class);
      comments.save(thread("tck-doc", "u", 1, "y", 0));
      comments.save(thread("tck-doc", "t", 2, "x2", 0));
      assertThat(before).hasSize(1);
      assertThat(before.get(0).revision()).isEqualTo(1);
    }

    @Test
    @DisplayName("the largest thread (200 comments of 4,000 characters) with the longest ids survives a crash; a lone surrogate comes back or is refused")
    void largestDurable() {
      String doc = "d".repeat(128);
      String id = "t".repeat(64);
      created(doc);
      List<Comment> many = new ArrayList<>();
      for (int i = 0; i < CommentThread.MAX_COMMENTS; i++) {
        String text = (i + " \"q\" \\ 😀\n" + "x".repeat(Comment.MAX_TEXT_LENGTH)).substring(0, Comment.MAX_TEXT_LENGTH);
        many.add(new Comment("c" + i, "u".repeat(128), "User " + i, text, StoreFixtures.TIME.plusSeconds(i),
            i % 2 == 0 ? null : StoreFixtures.TIME.plusSeconds(i + 1)));
      }
      CommentThread largest = new CommentThread(doc, id, new Anchor(Integer.MAX_VALUE - 10, 10, Long.MAX_VALUE, false),
          many, false, null, null, 1);
      assertThat(comments.save(largest)).isEqualTo(SaveResult.SAVED);
      CommentThread lone = thread(doc, "lone", 1, "cut \uD83D here", 0);
      SaveResult[] loneResult = new SaveResult[1];
      Throwable refused = catchThrowable(() -> loneResult[0] = comments.save(lone));
      if (refused != null) {
        assertThat(refused).as("a lone surrogate is kept or refused with IllegalArgumentException")
            .isInstanceOf(IllegalArgumentException.class);
      }
      boolean loneSaved = loneResult[0] == SaveResult.SAVED;
      store = crashAndReopen(store);
      comments = store.comments();
      assertSameThread(comments.thread(doc, id).orElseThrow(), largest);
      if (loneSaved) {
        assertThat(text(doc, "lone")).as("a lone surrogate is kept exactly, never replaced").isEqualTo("cut \uD83D here");
      } else {
        assertThat(comments.thread(doc, "lone")).isEmpty();
      }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @DisplayName("8 threads saving the same revision of one thread: exactly one Saved, the others Conflict, the winner's thread stored whole")
    void racingSaves() throws Exception {
      created("tck-doc");
      int rounds = 30;
      SpinBarrier start = new SpinBarrier(THREADS);
      List<List<String>> winners = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        winners.add(Collections.synchronizedList(new ArrayList<>()));
      }
      List<String> problems = Collections.synchronizedList(new ArrayList<>());
      onThreads(t -> () -> {
        try {
          for (int round = 0; round < rounds; round++) {
            String threadId = "t" + (round / 3); // revisions 1, 2 and 3 of each thread
            start.await();
            SaveResult result = comments.save(thread("tck-doc", threadId, round % 3 + 1, "writer " + t, 0, "user" + t));
            if (result == SaveResult.SAVED) {
              winners.get(round).add("writer " + t);
            } else if (result != SaveResult.CONFLICT) {
              problems.add("round " + round + ": writer " + t + " got " + result);
            }
            start.await();
          }
        } catch (Exception | AssertionError e) {
          start.breakBarrier();
          throw e;
        }
        return null;
      });
      assertThat(problems).isEmpty();
      for (int round = 0; round < rounds; round++) {
        assertThat(winners.get(round)).as("winners of round %d", round).hasSize(1);
      }
      for (int i = 0; i < rounds / 3; i++) {
        CommentThread stored = comments.thread("tck-doc", "t" + i).orElseThrow();
        assertThat(stored.revision()).isEqualTo(3);
        assertThat(stored.first().text()).isEqualTo(winners.get(i * 3 + 2).get(0));
        assertThat(stored.first().userId()).as("text and author from the same write")
            .isEqualTo("user" + stored.first().text().substring("writer ".length()));
      }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @DisplayName("saves racing the deletion of their document: each is Saved or NoDocument, and the id created again has no thread")
    void savesRacingDocumentDelete() throws Exception {
      List<String> problems = Collections.synchronizedList(new ArrayList<>());
      for (int round = 0; round < 10; round++) {
        String doc = "tck-race-" + round;
        created(doc);
        SpinBarrier start = new SpinBarrier(THREADS);
        onThreads(t -> () -> {
          start.await();
          if (t == 0) {
            assertThat(store.delete(doc)).isTrue();
            return null;
          }
          for (int i = 0; i < 5; i++) {
            SaveResult result = comments.save(thread(doc, "t" + t + "x" + i, 1, "racing", 0));
            if (result != SaveResult.SAVED && result != SaveResult.NO_DOCUMENT) {
              problems.add(doc + ": " + result);
            }
          }
          return null;
        });
        assertThat(comments.threads(doc)).as("%s after its deletion", doc).isEmpty();
        created(doc);
        assertThat(comments.threads(doc)).as("%s created again", doc).isEmpty();
        assertThat(comments.count(doc)).isZero();
      }
      assertThat(problems).isEmpty();
    }

    private String text(String doc, String id) {
      return comments.thread(doc, id).orElseThrow().first().text();
    }

    private Comment comment(String id, String user, String text, long seconds, @Nullable Instant edited) {
      return new Comment(id, user, "Name of " + user, text, StoreFixtures.TIME.plusSeconds(seconds), edited);
    }

    private CommentThread thread(String doc, String id, long revision, String text, long seconds) {
      return thread(doc, id, revision, text, seconds, "alice");
    }

    private CommentThread thread(String doc, String id, long revision, String text, long seconds, String user) {
      return new CommentThread(doc, id, new Anchor(1, 2, revision, false), List.of(comment("c1", user, text, seconds, null)),
          false, null, null, revision);
    }
  }

  /** Every field equal, times to the millisecond ({@link StoreFixtures}). */
  static void assertSameThread(CommentThread actual, CommentThread expected) {
    assertThat(actual.documentId()).isEqualTo(expected.documentId());
    assertThat(actual.id()).isEqualTo(expected.id());
    assertThat(actual.anchor()).isEqualTo(expected.anchor());
    assertThat(actual.resolved()).isEqualTo(expected.resolved());
    assertThat(actual.resolvedBy()).isEqualTo(expected.resolvedBy());
    assertSameTime(actual.resolvedAt(), expected.resolvedAt());
    assertThat(actual.revision()).isEqualTo(expected.revision());
    assertThat(actual.comments()).hasSameSizeAs(expected.comments());
    for (int i = 0; i < expected.comments().size(); i++) {
      Comment a = actual.comments().get(i);
      Comment e = expected.comments().get(i);
      assertThat(List.of(a.id(), a.userId(), a.userName(), a.text())).as("comment %d", i)
          .containsExactly(e.id(), e.userId(), e.userName(), e.text());
      assertSameTime(a.created(), e.created());
      assertSameTime(a.edited(), e.edited());
    }
  }

  private static void assertSameTime(@Nullable Instant actual, @Nullable Instant expected) {
    if (expected == null) {
      assertThat(actual).isNull();
    } else {
      assertThat(actual).isNotNull().isCloseTo(expected, within(1, ChronoUnit.MILLIS));
    }
  }
}
