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
import dev.collab.spi.AppendRequest;
import dev.collab.spi.AppendResult;
import dev.collab.spi.AppendResult.Appended;
import dev.collab.spi.AppendResult.Conflict;
import dev.collab.spi.AppendResult.NoSuchDocument;
import dev.collab.spi.DocumentStore;
import dev.collab.spi.Snapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link DocumentStore} contract as tests. An implementation proves itself with a dozen lines:
 *
 * <pre>{@code
 * class MyStoreContractTest extends DocumentStoreContractKit {
 *   @Override protected DocumentStore createStore() { return new MyStore(...); }
 * }
 * }</pre>
 *
 * <p>{@link #createStore()} is called before every test and must return an <b>empty</b> store (no
 * documents); {@link #destroyStore} is called after it. The tests use document ids that start with
 * {@code tck-}.
 *
 * <p>What the kit holds a store to, beyond the {@link DocumentStore} Javadoc:
 *
 * <ul>
 *   <li>Malformed arguments to {@link DocumentStore#append} (no ops; versions that do not run
 *       {@code expectedHead + 1, +2, ...}; an op of another document; one {@code (client, seq)}
 *       twice in one call) throw {@link IllegalArgumentException} and write nothing.
 *   <li>Text is kept exactly: any well-formed UTF-16 (astral characters, emoji sequences), a 1 MB op
 *       and a 5 MB snapshot. A lone surrogate either comes back unchanged or is refused with
 *       {@link IllegalArgumentException}; it is never silently replaced (a UTF-8 database cannot
 *       hold one). Ops and snapshots are JSON text, which never holds a raw U+0000.
 *   <li>Times come back to the millisecond ({@link StoreFixtures}).
 * </ul>
 *
 * <p>The concurrency tests run 8 threads; a store that needs more connections than that for them
 * is misconfigured for the test, not wrong.
 */
@Tag("store")
public abstract class DocumentStoreContractKit {

  /** Threads racing in the concurrency tests. */
  protected static final int THREADS = 8;

  /** The store under test; fresh for every test. */
  protected DocumentStore store;

  /**
   * A new, empty store. Called before every test.
   *
   * @return a store holding no documents (and no client bindings), ready for calls from several
   *     threads at once
   */
  protected abstract DocumentStore createStore();

  /**
   * Releases what {@link #createStore()} made. Called after every test; the default does nothing.
   *
   * @param store the test's store: the one {@link #createStore()} made, or the last one {@link
   *     #crashAndReopen} returned
   */
  protected void destroyStore(DocumentStore store) {}

  /**
   * Simulates a crash of the application that uses {@code crashed}, then opens the store again on
   * the same data, as the restarted application would. Called by the {@code Faults} tests while
   * other threads may still be appending to {@code crashed}: those calls may fail from then on (or,
   * for a store that outlives its callers, go on), and their acknowledgements are taken as lost.
   * A durable store closes its connections abruptly here (no clean shutdown) and returns a new
   * instance on the same database or files. The default returns {@code crashed} itself: the
   * callers crash, the store does not (an in-memory store, or one of a separate server).
   *
   * @param crashed the store to crash
   * @return a store on the same data, holding every append {@code crashed} acknowledged
   */
  protected DocumentStore crashAndReopen(DocumentStore crashed) {
    return crashed;
  }

  @BeforeEach
  void createStoreForTest() {
    store = createStore();
  }

  @AfterEach
  void destroyStoreAfterTest() {
    destroyStore(store);
  }

  /**
   * Creates {@code id} and asserts that it was new.
   *
   * @param id a document id not yet used in the test
   * @return the metadata created, as {@link StoreFixtures#document} makes it
   */
  protected DocumentInfo created(String id) {
    DocumentInfo info = document(id);
    assertThat(store.create(info)).as("create %s", id).isTrue();
    return info;
  }

  /**
   * Appends and asserts that it was appended.
   *
   * @param id the document's id
   * @param expectedHead the document's head
   * @param ops the ops to append, versions {@code expectedHead + 1, ...}
   */
  protected void appended(String id, long expectedHead, List<CommittedOp> ops) {
    assertThat(store.append(id, expectedHead, ops))
        .isEqualTo(new Appended(expectedHead + 1, expectedHead + ops.size()));
  }

  /**
   * Asserts that the document's log is exactly {@code expected}: its head and every op.
   *
   * @param id the document's id
   * @param expected the whole log, from version 1, in order
   */
  protected void assertLog(String id, List<CommittedOp> expected) {
    assertThat(store.head(id)).as("head of %s", id).isEqualTo(expected.size());
    assertSameOps(store.readOps(id, 0, Long.MAX_VALUE), expected);
  }

  @Nested
  @DisplayName("Documents")
  class Documents {

    @Test
    @DisplayName("a created document is found with the metadata it was created with")
    void createAndFind() {
      DocumentInfo info = created("tck-doc");
      assertSameInfo(store.find("tck-doc").orElseThrow(), info);
    }

    @Test
    @DisplayName("creating a document whose id exists returns false and changes nothing")
    void createTwice() {
      DocumentInfo info = created("tck-doc");
      appended("tck-doc", 0, List.of(op("tck-doc", 1, "c1", 1)));
      DocumentInfo other = new DocumentInfo("tck-doc", "plain", "Other", Map.of(), "bob", info.created());

      assertThat(store.create(other)).isFalse();
      assertSameInfo(store.find("tck-doc").orElseThrow(), info);
      assertThat(store.head("tck-doc")).isEqualTo(1);
    }

    @Test
    @DisplayName("a new document has head 0, no ops and no snapshot")
    void newDocument() {
      created("tck-doc");
      assertThat(store.head("tck-doc")).isZero();
      assertThat(store.readOps("tck-doc", 0, 100)).isEmpty();
      assertThat(store.readOpsAfter("tck-doc", 0)).isEmpty();
      assertThat(store.loadSnapshot("tck-doc", Long.MAX_VALUE)).isEmpty();
    }

    @Test
    @DisplayName("an unknown document is not found and has head -1, no ops, no snapshot and no op to look up")
    void unknownDocument() {
      assertThat(store.find("tck-nothing")).isEmpty();
      assertThat(store.head("tck-nothing")).isEqualTo(-1);
      assertThat(store.readOps("tck-nothing", 0, 100)).isEmpty();
      assertThat(store.loadSnapshot("tck-nothing", 100)).isEmpty();
      assertThat(store.findOp("tck-nothing", "c1", 1)).isEmpty();
    }

    @Test
    @DisplayName("documents are listed in id order, skipping offset, at most limit")
    void list() {
      for (String id : List.of("tck-c", "tck-a", "tck-e", "tck-b", "tck-d")) {
        created(id);
      }
      assertThat(store.list(0, 100)).extracting(DocumentInfo::id)
          .containsExactly("tck-a", "tck-b", "tck-c", "tck-d", "tck-e");
      assertThat(store.list(1, 2)).extracting(DocumentInfo::id).containsExactly("tck-b", "tck-c");
      assertThat(store.list(4, 10)).extracting(DocumentInfo::id).containsExactly("tck-e");
      assertThat(store.list(5, 10)).isEmpty();
      assertSameInfo(store.list(0, 1).get(0), document("tck-a"));
    }

    @Test
    @DisplayName("deleting a document removes it with its log and snapshots")
    void delete() {
      created("tck-doc");
      appended("tck-doc", 0, ops("tck-doc", 1, 3, "c1", 1));
      store.saveSnapshot("tck-doc", new Snapshot(2, "[{\"insert\":\"x\"}]"));

      assertThat(store.delete("tck-doc")).isTrue();

      assertThat(store.find("tck-doc")).isEmpty();
      assertThat(store.head("tck-doc")).isEqualTo(-1);
      assertThat(store.readOps("tck-doc", 0, 100)).isEmpty();
      assertThat(store.loadSnapshot("tck-doc", 100)).isEmpty();
      assertThat(store.findOp("tck-doc", "c1", 1)).isEmpty();
      assertThat(store.list(0, 10)).isEmpty();
    }

    @Test
    @DisplayName("deleting an unknown document returns false")
    void deleteUnknown() {
      assertThat(store.delete("tck-nothing")).isFalse();
      created("tck-doc");
      assertThat(store.delete("tck-doc")).isTrue();
      assertThat(store.delete("tck-doc")).isFalse();
    }

    @Test
    @DisplayName("a deleted document's id can be created again, with an empty log")
    void recreate() {
      created("tck-doc");
      appended("tck-doc", 0, ops("tck-doc", 1, 2, "c1", 1));
      store.delete("tck-doc");

      created("tck-doc");
      assertThat(store.head("tck-doc")).isZero();
      assertThat(store.findOp("tck-doc", "c1", 1)).isEmpty();
      appended("tck-doc", 0, List.of(op("tck-doc", 1, "c1", 1)));
    }

    @Test
    @DisplayName("deleting one document leaves the others alone")
    void deleteIsolated() {
      created("tck-a");
      created("tck-b");
      List<CommittedOp> log = ops("tck-b", 1, 2, "c1", 1);
      appended("tck-a", 0, ops("tck-a", 1, 2, "c1", 1));
      appended("tck-b", 0, log);

      store.delete("tck-a");

      assertLog("tck-b", log);
      assertThat(store.findOp("tck-b", "c1", 2)).isPresent();
    }
  }

  @Nested
  @DisplayName("Appending")
  class Appending {

    @Test
    @DisplayName("one op appended at head 0 becomes version 1 and reads back unchanged")
    void appendOne() {
      created("tck-doc");
      CommittedOp first = op("tck-doc", 1, "c1", 1);

      assertThat(store.append("tck-doc", 0, List.of(first))).isEqualTo(new Appended(1, 1));

      assertThat(store.head("tck-doc")).isEqualTo(1);
      assertLog("tck-doc", List.of(first));
    }

    @Test
    @DisplayName("several consecutive ops appended in one call become consecutive versions")
    void appendSeveral() {
      created("tck-doc");
      appended("tck-doc", 0, List.of(op("tck-doc", 1, "c1", 1)));
      List<CommittedOp> batch =
          List.of(op("tck-doc", 2, "c2", 1), op("tck-doc", 3, "c1", 2), op("tck-doc", 4, "c2", 2));

      assertThat(store.append("tck-doc", 1, batch)).isEqualTo(new Appended(2, 4));

      assertThat(store.head("tck-doc")).isEqualTo(4);
      assertSameOps(store.readOps("tck-doc", 1, 4), batch);
    }

    @Test
    @DisplayName("successive appends extend the log without gaps")
    void appendMany() {
      created("tck-doc");
      List<CommittedOp> log = new ArrayList<>();
      for (int v = 1; v <= 50; v++) {
        CommittedOp next = op("tck-doc", v, "c" + (v % 3), v);
        appended("tck-doc", v - 1, List.of(next));
        log.add(next);
      }
      assertLog("tck-doc", log);
    }

    @Test
    @DisplayName("appending to an unknown document is NoSuchDocument and creates nothing")
    void appendUnknown() {
      assertThat(store.append("tck-nothing", 0, List.of(op("tck-nothing", 1, "c1", 1))))
          .isInstanceOf(NoSuchDocument.class);
      assertThat(store.find("tck-nothing")).isEmpty();
      assertThat(store.head("tck-nothing")).isEqualTo(-1);
    }

    @Test
    @DisplayName("appending to a deleted document is NoSuchDocument")
    void appendDeleted() {
      created("tck-doc");
      appended("tck-doc", 0, List.of(op("tck-doc", 1, "c1", 1)));
      store.delete("tck-doc");

      assertThat(store.append("tck-doc", 1, List.of(op("tck-doc", 2, "c1", 2))))
          .isInstanceOf(NoSuchDocument.class);
      assertThat(store.head("tck-doc")).isEqualTo(-1);
    }

    @Test
    @DisplayName("the same (client, seq) may be committed once in each of two documents")
    void submitKeyIsPerDocument() {
      created("tck-a");
      created("tck-b");
      appended("tck-a", 0, List.of(op("tck-a", 1, "c1", 1)));
      appended("tck-b", 0, List.of(op("tck-b", 1, "c1", 1)));
      assertThat(store.findOp("tck-a", "c1", 1)).get().extracting(CommittedOp::document).isEqualTo("tck-a");
      assertThat(store.findOp("tck-b", "c1", 1)).get().extracting(CommittedOp::document).isEqualTo("tck-b");
    }
  }

  @Nested
  @DisplayName("Conditional append")
  class ConditionalAppend {

    @Test
    @DisplayName("an append at a stale head is a Conflict carrying the current head and writes nothing")
    void staleHead() {
      created("tck-doc");
      List<CommittedOp> log = ops("tck-doc", 1, 3, "c1", 1);
      appended("tck-doc", 0, log);

      assertThat(store.append("tck-doc", 1, List.of(op("tck-doc", 2, "c2", 1)))).isEqualTo(new Conflict(3));

      assertLog("tck-doc", log);
      assertThat(store.findOp("tck-doc", "c2", 1)).isEmpty();
    }

    @Test
    @DisplayName("an append at a head beyond the log is a Conflict carrying the current head and leaves no gap")
    void headBeyondLog() {
      created("tck-doc");
      List<CommittedOp> log = ops("tck-doc", 1, 2, "c1", 1);
      appended("tck-doc", 0, log);

      assertThat(store.append("tck-doc", 5, List.of(op("tck-doc", 6, "c2", 1)))).isEqualTo(new Conflict(2));

      assertLog("tck-doc", log);
    }

    @Test
    @DisplayName("a multi-op append at a stale head writes none of its ops")
    void staleHeadBatch() {
      created("tck-doc");
      List<CommittedOp> log = ops("tck-doc", 1, 2, "c1", 1);
      appended("tck-doc", 0, log);

      assertThat(store.append("tck-doc", 1, ops("tck-doc", 2, 3, "c2", 1))).isEqualTo(new Conflict(2));

      assertLog("tck-doc", log);
    }

    @Test
    @DisplayName("a resubmitted (client, seq) at the current head is a Conflict carrying the head and writes nothing")
    void duplicateSubmit() {
      created("tck-doc");
      List<CommittedOp> log = List.of(op("tck-doc", 1, "c1", 1), op("tck-doc", 2, "c2", 1));
      appended("tck-doc", 0, log);

      CommittedOp again = op("tck-doc", 3, "c1", 1, "[{\"insert\":\"again\"}]");
      assertThat(store.append("tck-doc", 2, List.of(again))).isEqualTo(new Conflict(2));

      assertLog("tck-doc", log);
      assertSameOp(store.findOp("tck-doc", "c1", 1).orElseThrow(), log.get(0));
    }

    @Test
    @DisplayName("a multi-op append whose last op repeats a committed (client, seq) writes none of its ops")
    void duplicateSubmitInBatch() {
      created("tck-doc");
      List<CommittedOp> log = List.of(op("tck-doc", 1, "c1", 1));
      appended("tck-doc", 0, log);

      List<CommittedOp> batch =
          List.of(op("tck-doc", 2, "c2", 1), op("tck-doc", 3, "c2", 2), op("tck-doc", 4, "c1", 1));
      assertThat(store.append("tck-doc", 1, batch)).isEqualTo(new Conflict(1));

      assertLog("tck-doc", log);
      assertThat(store.findOp("tck-doc", "c2", 1)).isEmpty();
      assertThat(store.findOp("tck-doc", "c2", 2)).isEmpty();
    }

    @Test
    @DisplayName("an append of no ops is rejected with IllegalArgumentException")
    void noOps() {
      created("tck-doc");
      assertThatThrownBy(() -> store.append("tck-doc", 0, List.of()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(store.head("tck-doc")).isZero();
    }

    @Test
    @DisplayName("ops whose versions do not start at expectedHead + 1 are rejected with IllegalArgumentException and nothing is written")
    void versionNotNext() {
      created("tck-doc");
      assertThatThrownBy(() -> store.append("tck-doc", 0, List.of(op("tck-doc", 2, "c1", 1))))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.append("tck-doc", 0, List.of(op("tck-doc", 1, "c1", 1), op("tck-doc", 3, "c1", 2))))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.append("tck-doc", 0, List.of(op("tck-doc", 1, "c1", 1), op("tck-doc", 1, "c1", 2))))
          .isInstanceOf(IllegalArgumentException.class);
      assertLog("tck-doc", List.of());
    }

    @Test
    @DisplayName("ops of another document are rejected with IllegalArgumentException and nothing is written")
    void wrongDocument() {
      created("tck-doc");
      created("tck-other");
      assertThatThrownBy(() -> store.append("tck-doc", 0, List.of(op("tck-other", 1, "c1", 1))))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.append("tck-doc", 0, List.of(op("tck-doc", 1, "c1", 1), op("tck-other", 2, "c1", 2))))
          .isInstanceOf(IllegalArgumentException.class);
      assertLog("tck-doc", List.of());
      assertLog("tck-other", List.of());
    }

    @Test
    @DisplayName("one (client, seq) twice in one append is rejected with IllegalArgumentException and nothing is written")
    void duplicateWithinBatch() {
      created("tck-doc");
      assertThatThrownBy(() -> store.append("tck-doc", 0, List.of(op("tck-doc", 1, "c1", 7), op("tck-doc", 2, "c1", 7))))
          .isInstanceOf(IllegalArgumentException.class);
      assertLog("tck-doc", List.of());
    }
  }

  @Nested
  @DisplayName("Concurrency")
  class Concurrency {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @DisplayName("8 threads racing for the same next version: exactly one wins, the others get a Conflict with the winner's version")
    void raceForEachVersion() throws Exception {
      created("tck-doc");
      int rounds = 25;
      CyclicBarrier start = new CyclicBarrier(THREADS);
      Map<Long, String> winners = new ConcurrentHashMap<>();
      List<String> problems = Collections.synchronizedList(new ArrayList<>());
      onThreads(t -> {
        String client = "racer" + t;
        return () -> {
          try {
            race(client, rounds, start, winners, problems);
          } catch (Exception | AssertionError e) {
            start.reset(); // release the others at once
            throw e;
          }
          return null;
        };
      });
      assertThat(problems).isEmpty();
      assertThat(winners).hasSize(rounds);
      List<CommittedOp> log = store.readOps("tck-doc", 0, Long.MAX_VALUE);
      assertThat(log).extracting(CommittedOp::version)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, rounds).boxed().toList());
      for (CommittedOp op : log) {
        assertThat(op.client()).as("writer of version %d", op.version()).isEqualTo(winners.get(op.version()));
      }
      assertThat(store.head("tck-doc")).isEqualTo(rounds);
    }

    private void race(String client, int rounds, CyclicBarrier start, Map<Long, String> winners, List<String> problems)
        throws Exception {
      for (int round = 0; round < rounds; round++) {
        long head = round; // every round adds exactly one version
        start.await(60, TimeUnit.SECONDS);
        AppendResult result = store.append("tck-doc", head, List.of(op("tck-doc", head + 1, client, round + 1)));
        if (result instanceof Appended appended) {
          String earlier = winners.putIfAbsent(appended.firstVersion(), client);
          if (earlier != null || appended.firstVersion() != head + 1) {
            problems.add("round " + round + ": " + client + " got " + result + ", also won by " + earlier);
          }
        } else if (!result.equals(new Conflict(head + 1))) {
          problems.add("round " + round + ": " + client + " got " + result + ", expected Conflict[head=" + (head + 1) + "]");
        }
        start.await(60, TimeUnit.SECONDS); // everyone has finished this round
      }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @DisplayName("8 writers appending with retries produce versions 1..n without gap or duplicate, and every acknowledged op is in the log")
    void writersWithRetries() throws Exception {
      created("tck-doc");
      int perWriter = 15;
      Map<Long, CommittedOp> acknowledged = new ConcurrentHashMap<>();
      List<String> problems = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger conflicts = new AtomicInteger();
      CyclicBarrier start = new CyclicBarrier(THREADS);
      onThreads(t -> {
        String client = "writer" + t;
        return () -> {
          start.await(60, TimeUnit.SECONDS);
          long head = 0;
          for (long seq = 1; seq <= perWriter; ) {
            // one or two ops per append, to race batches too
            int size = seq < perWriter && seq % 3 == 0 ? 2 : 1;
            List<CommittedOp> batch = ops("tck-doc", head + 1, size, client, seq);
            AppendResult result = store.append("tck-doc", head, batch);
            if (result instanceof Appended appended) {
              for (CommittedOp op : batch) {
                if (acknowledged.putIfAbsent(op.version(), op) != null) {
                  problems.add(client + ": version " + op.version() + " acknowledged twice");
                }
              }
              head = appended.lastVersion();
              seq += size;
            } else if (result instanceof Conflict conflict) {
              if (conflict.head() <= head) {
                problems.add(client + ": Conflict at expected head " + head + " reports head " + conflict.head());
                return null;
              }
              conflicts.incrementAndGet();
              head = conflict.head();
            } else {
              problems.add(client + ": " + result);
              return null;
            }
          }
          return null;
        };
      });
      assertThat(problems).isEmpty();
      int total = THREADS * perWriter;
      assertThat(store.head("tck-doc")).isEqualTo(total);
      List<CommittedOp> log = store.readOps("tck-doc", 0, Long.MAX_VALUE);
      assertThat(log).extracting(CommittedOp::version)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
      Set<String> submits = new HashSet<>();
      for (CommittedOp op : log) {
        assertThat(submits.add(op.client() + "#" + op.seq())).as("(client, seq) of version %d is unique", op.version()).isTrue();
        assertSameOp(op, acknowledged.get(op.version()));
      }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("8 threads creating the same document: exactly one create returns true")
    void racingCreates() throws Exception {
      CyclicBarrier start = new CyclicBarrier(THREADS);
      AtomicInteger created = new AtomicInteger();
      onThreads(t -> {
        return () -> {
          start.await(60, TimeUnit.SECONDS);
          if (store.create(document("tck-doc"))) {
            created.incrementAndGet();
          }
          return null;
        };
      });
      assertThat(created).hasValue(1);
      assertThat(store.head("tck-doc")).isZero();
    }
  }

  @Nested
  @DisplayName("Appending to several documents at once (appendAll)")
  class AppendingToSeveralDocuments {

    private AppendRequest request(String id, long expectedHead, List<CommittedOp> ops) {
      return new AppendRequest(id, expectedHead, ops);
    }

    @Test
    @DisplayName("appends to several documents each become that document's next versions, results in request order")
    void severalDocuments() {
      created("tck-a");
      created("tck-b");
      created("tck-c");
      appended("tck-b", 0, ops("tck-b", 1, 2, "c1", 1));
      List<CommittedOp> a = ops("tck-a", 1, 3, "c1", 1);
      List<CommittedOp> b = ops("tck-b", 3, 1, "c1", 3);
      List<CommittedOp> c = ops("tck-c", 1, 2, "c2", 1);
      List<AppendResult> results = store.appendAll(List.of(request("tck-c", 0, c), request("tck-a", 0, a), request("tck-b", 2, b)));
      assertThat(results).containsExactly(new Appended(1, 2), new Appended(1, 3), new Appended(3, 3));
      assertLog("tck-a", a);
      assertThat(store.head("tck-b")).isEqualTo(3);
      assertSameOp(store.readOps("tck-b", 2, 3).get(0), b.get(0));
      assertLog("tck-c", c);
    }

    @Test
    @DisplayName("in a mixed batch, a stale head, a head beyond the log and a missing document are answered alone and the others are written")
    void mixedBatch() {
      created("tck-ok1");
      created("tck-stale");
      created("tck-ahead");
      created("tck-ok2");
      List<CommittedOp> staleLog = ops("tck-stale", 1, 2, "c1", 1);
      appended("tck-stale", 0, staleLog);
      List<CommittedOp> ok1 = ops("tck-ok1", 1, 2, "c1", 1);
      List<CommittedOp> ok2 = ops("tck-ok2", 1, 1, "c1", 1);
      List<AppendResult> results = store.appendAll(List.of(
          request("tck-ok1", 0, ok1),
          request("tck-stale", 1, ops("tck-stale", 2, 1, "c9", 1)),
          request("tck-ahead", 5, ops("tck-ahead", 6, 1, "c9", 1)),
          request("tck-missing", 0, ops("tck-missing", 1, 1, "c9", 1)),
          request("tck-ok2", 0, ok2)));
      assertThat(results).containsExactly(
          new Appended(1, 2), new Conflict(2), new Conflict(0), new NoSuchDocument(), new Appended(1, 1));
      assertLog("tck-ok1", ok1);
      assertLog("tck-stale", staleLog);
      assertLog("tck-ahead", List.of());
      assertThat(store.head("tck-missing")).isEqualTo(-1);
      assertLog("tck-ok2", ok2);
    }

    @Test
    @DisplayName("a resubmitted (client, seq) at the right head conflicts for its document only; the other documents of the batch are written")
    void resubmissionInABatch() {
      created("tck-a");
      created("tck-dup");
      created("tck-c");
      List<CommittedOp> dupLog = ops("tck-dup", 1, 1, "c1", 1);
      appended("tck-dup", 0, dupLog);
      List<CommittedOp> a = ops("tck-a", 1, 2, "c1", 1);
      List<CommittedOp> c = ops("tck-c", 1, 1, "c2", 7);
      // head 1 is right, but (c1, 1) is committed already: only the unique key can tell
      List<AppendResult> results = store.appendAll(List.of(
          request("tck-a", 0, a), request("tck-dup", 1, ops("tck-dup", 2, 1, "c1", 1)), request("tck-c", 0, c)));
      assertThat(results).containsExactly(new Appended(1, 2), new Conflict(1), new Appended(1, 1));
      assertLog("tck-a", a);
      assertLog("tck-dup", dupLog);
      assertLog("tck-c", c);
    }

    @Test
    @DisplayName("a malformed request, or one document named twice, is rejected with IllegalArgumentException and nothing of the batch is written")
    void malformedBatch() {
      created("tck-a");
      created("tck-b");
      assertThatThrownBy(() -> store.appendAll(List.of(
              request("tck-a", 0, ops("tck-a", 1, 1, "c1", 1)), request("tck-b", 0, ops("tck-b", 2, 1, "c1", 1)))))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.appendAll(List.of(
              request("tck-a", 0, ops("tck-a", 1, 1, "c1", 1)), request("tck-b", 0, ops("tck-b", 1, 1, "c1", 1)),
              request("tck-a", 0, ops("tck-a", 1, 1, "c2", 1)))))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.appendAll(List.of())).isInstanceOf(IllegalArgumentException.class);
      assertLog("tck-a", List.of());
      assertLog("tck-b", List.of());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @DisplayName("8 threads appending to the same 4 documents in shuffled order: exactly one winner per version of each document, no gap")
    void racingBatches() throws Exception {
      long seed = Long.getLong("collab.seed", new java.util.Random().nextLong());
      System.out.println("DocumentStoreContractKit.racingBatches seed " + seed + " (rerun with -Dcollab.seed=" + seed + ")");
      List<String> documents = List.of("tck-r0", "tck-r1", "tck-r2", "tck-r3");
      documents.forEach(DocumentStoreContractKit.this::created);
      int rounds = 10;
      CyclicBarrier start = new CyclicBarrier(THREADS);
      Map<String, String> winners = new ConcurrentHashMap<>();
      List<String> problems = Collections.synchronizedList(new ArrayList<>());
      onThreads(t -> () -> {
        java.util.Random random = new java.util.Random(seed + t);
        String client = "racer" + t;
        try {
          for (int round = 0; round < rounds; round++) {
            long head = round;
            List<String> order = new ArrayList<>(documents);
            Collections.shuffle(order, random);
            List<AppendRequest> batch = new ArrayList<>();
            for (String id : order) {
              batch.add(request(id, head, List.of(op(id, head + 1, client, round + 1))));
            }
            start.await(60, TimeUnit.SECONDS);
            List<AppendResult> results = store.appendAll(batch);
            for (int i = 0; i < batch.size(); i++) {
              String id = batch.get(i).documentId();
              AppendResult result = results.get(i);
              if (result instanceof Appended) {
                String earlier = winners.putIfAbsent(id + "@" + (head + 1), client);
                if (earlier != null || !result.equals(new Appended(head + 1, head + 1))) {
                  problems.add("round " + round + ", " + id + ": " + client + " got " + result + ", also won by " + earlier);
                }
              } else if (!result.equals(new Conflict(head + 1))) {
                problems.add("round " + round + ", " + id + ": " + client + " got " + result + ", expected Conflict[head=" + (head + 1) + "]");
              }
            }
            start.await(60, TimeUnit.SECONDS);
          }
        } catch (Exception | AssertionError e) {
          start.reset();
          throw e;
        }
        return null;
      });
      assertThat(problems).isEmpty();
      for (String id : documents) {
        List<CommittedOp> log = store.readOps(id, 0, Long.MAX_VALUE);
        assertThat(log).extracting(CommittedOp::version)
            .containsExactlyElementsOf(LongStream.rangeClosed(1, rounds).boxed().toList());
        for (CommittedOp op : log) {
          assertThat(op.client()).as("writer of %s version %d", id, op.version()).isEqualTo(winners.get(id + "@" + op.version()));
        }
      }
    }
  }

  @Nested
  @DisplayName("Reading ops")
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
    @DisplayName("the ops of one document are not visible from another")
    void isolated() {
      created("tck-other");
      assertThat(store.readOps("tck-other", 0, 10)).isEmpty();
      assertThat(store.head("tck-other")).isZero();
      assertThat(store.findOp("tck-other", "c1", 1)).isEmpty();
    }
  }

  @Nested
  @DisplayName("Idempotence lookup")
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
  @DisplayName("Snapshots")
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

  /** Runs {@code task(t)} for each t in 0..THREADS-1 on a thread of its own; waits (120 s at most). */
  private static void onThreads(java.util.function.IntFunction<java.util.concurrent.Callable<?>> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        futures.add(pool.submit(task.apply(t)));
      }
      for (Future<?> future : futures) {
        future.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Nested
  @Tag("faults")
  @DisplayName("Faults: a crash between append and acknowledgement")
  class Faults {

    @Test
    @DisplayName("a multi-op append whose acknowledgement was lost is in the log after the crash, found by (client, seq), and a resubmission writes nothing")
    void lostAcknowledgement() {
      created("tck-doc");
      appended("tck-doc", 0, ops("tck-doc", 1, 2, "other", 1));
      List<CommittedOp> lost = ops("tck-doc", 3, 3, "lost", 1);
      store.append("tck-doc", 2, lost); // the acknowledgement never reaches the client: the application crashes
      store = crashAndReopen(store);

      // The append was atomic: all three ops or none. The result said Appended, so all three.
      List<CommittedOp> expected = new ArrayList<>(ops("tck-doc", 1, 2, "other", 1));
      expected.addAll(lost);
      assertLog("tck-doc", expected);
      for (CommittedOp op : lost) {
        assertThat(store.findOp("tck-doc", "lost", op.seq()))
            .as("(lost, %d) after the crash", op.seq()).hasValueSatisfying(found -> assertSameOp(found, op));
      }
      // The client resubmits on reconnect: the store must not take the same (client, seq) twice.
      assertThat(store.append("tck-doc", 5, ops("tck-doc", 6, 3, "lost", 1))).isEqualTo(new Conflict(5));
      assertLog("tck-doc", expected);
      appended("tck-doc", 5, List.of(op("tck-doc", 6, "after", 1)));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @DisplayName("writers racing a crash leave versions 1..n without gap or duplicate, every acknowledged op among them, every other one an op that was sent")
    void crashWhileWriting() throws Exception {
      created("tck-doc");
      int perWriter = 12;
      int crashAfter = THREADS * perWriter / 3; // acknowledged ops before the crash
      DocumentStore before = store;
      Map<Long, CommittedOp> acknowledged = new ConcurrentHashMap<>();
      Map<String, CommittedOp> sent = new ConcurrentHashMap<>();
      List<String> problems = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger acks = new AtomicInteger();
      java.util.concurrent.CountDownLatch crashNow = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.atomic.AtomicBoolean crashed = new java.util.concurrent.atomic.AtomicBoolean();
      CyclicBarrier start = new CyclicBarrier(THREADS); // the first appends all race for version 1
      ExecutorService writers = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          String client = "writer" + t;
          futures.add(writers.submit(() -> {
            start.await(60, TimeUnit.SECONDS);
            long head = 0;
            for (long seq = 1; seq <= perWriter; ) {
              List<CommittedOp> batch = ops("tck-doc", head + 1, seq % 4 == 0 && seq < perWriter ? 2 : 1, client, seq);
              batch.forEach(op -> sent.put(op.client() + "#" + op.seq(), op));
              AppendResult result;
              try {
                result = before.append("tck-doc", head, batch);
              } catch (RuntimeException e) {
                if (!crashed.get()) {
                  problems.add(client + ": append failed before the crash: " + e);
                }
                return null; // this writer's process is gone
              }
              if (crashed.get()) {
                return null; // an answer after the crash reaches nobody
              }
              if (result instanceof Appended appended) {
                batch.forEach(op -> acknowledged.put(op.version(), op));
                head = appended.lastVersion();
                seq += batch.size();
                if (acks.addAndGet(batch.size()) >= crashAfter) {
                  crashNow.countDown();
                }
              } else if (result instanceof Conflict conflict) {
                head = conflict.head();
              } else {
                problems.add(client + ": " + result);
                return null;
              }
            }
            return null;
          }));
        }
        crashNow.await(60, TimeUnit.SECONDS);
        crashed.set(true);
        store = crashAndReopen(before);
        for (Future<?> future : futures) {
          future.get(60, TimeUnit.SECONDS);
        }
      } finally {
        writers.shutdownNow();
      }
      assertThat(problems).isEmpty();
      assertThat(acknowledged).as("acknowledged before the crash").isNotEmpty();

      long head = store.head("tck-doc");
      List<CommittedOp> log = store.readOps("tck-doc", 0, Long.MAX_VALUE);
      assertThat(log).extracting(CommittedOp::version)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, head).boxed().toList());
      Set<String> submits = new HashSet<>();
      for (CommittedOp op : log) {
        String key = op.client() + "#" + op.seq();
        assertThat(submits.add(key)).as("(client, seq) of version %d is unique", op.version()).isTrue();
        assertThat(sent).as("version %d is an op some writer sent", op.version()).containsKey(key);
        assertSameOp(op, sent.get(key));
      }
      for (CommittedOp op : acknowledged.values()) {
        assertThat(op.version()).as("acknowledged %s#%d", op.client(), op.seq()).isLessThanOrEqualTo(head);
        assertSameOp(log.get((int) op.version() - 1), op);
      }
      // and the log goes on after the restart
      appended("tck-doc", head, List.of(op("tck-doc", head + 1, "after", 1)));
    }
  }

  @Nested
  @DisplayName("Retention")
  class Retention {

    @Test
    @DisplayName("pruning (optional) drops only a prefix the latest snapshot covers, keeps the head, and the log goes on")
    void pruneKeepsASuffixAndTheHead() {
      created("tck-doc");
      appended("tck-doc", 0, ops("tck-doc", 1, 10, "c1", 1));
      store.saveSnapshot("tck-doc", new Snapshot(6, "[{\"insert\":\"six\"}]"));
      assertThat(store.pruneHistory("tck-doc", StoreFixtures.TIME.minusSeconds(60)))
          .as("nothing is older than a cutoff before every op").isZero();
      long dropped = store.pruneHistory("tck-doc", StoreFixtures.TIME.plusSeconds(3_600));
      if (dropped == 0) {
        // A store without retention keeps everything: the capability is optional.
        assertThat(store.readOps("tck-doc", 0, 10)).hasSize(10);
        return;
      }
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
  @DisplayName("Text content")
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

  @Nested
  @DisplayName("Renaming (optional: skipped for a store whose rename is the default)")
  class Renaming {

    /** Renames, skipping the test when the store does not support renaming. */
    private boolean rename(String id, String title) {
      try {
        return store.rename(id, title);
      } catch (UnsupportedOperationException e) {
        org.junit.jupiter.api.Assumptions.abort("the store does not rename documents: " + e.getMessage());
        throw e;
      }
    }

    @Test
    @DisplayName("a renamed document is found and listed with the new title; id, type, metadata, creator and time unchanged")
    void renameAndFind() {
      DocumentInfo info = created("tck-doc");
      created("tck-other");
      assertThat(rename("tck-doc", "New title")).isTrue();
      assertSameInfo(store.find("tck-doc").orElseThrow(), info.withTitle("New title"));
      assertThat(store.list(0, 10)).extracting(DocumentInfo::title).containsExactly("New title", "Title of tck-other");
      assertThat(store.find("tck-other").orElseThrow().title()).isEqualTo("Title of tck-other");
    }

    @Test
    @DisplayName("renaming a document that does not exist, or no longer does, returns false and creates nothing")
    void renameUnknown() {
      created("tck-doc");
      assertThat(store.delete("tck-doc")).isTrue();
      assertThat(rename("tck-doc", "Ghost")).isFalse();
      assertThat(rename("tck-never", "Ghost")).isFalse();
      assertThat(store.find("tck-doc")).isEmpty();
      assertThat(store.find("tck-never")).isEmpty();
      assertThat(store.list(0, 10)).isEmpty();
    }

    @Test
    @DisplayName("a title of 256 characters and an empty one are kept; 257 is refused with IllegalArgumentException and the old title stays")
    void titleLimit() {
      created("tck-doc");
      String longest = "x".repeat(DocumentInfo.MAX_TITLE_LENGTH);
      assertThat(rename("tck-doc", longest)).isTrue();
      assertThat(store.find("tck-doc").orElseThrow().title()).isEqualTo(longest);
      assertThatThrownBy(() -> store.rename("tck-doc", longest + "y")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.rename("tck-never", longest + "y"))
          .as("checked before the document is looked up").isInstanceOf(IllegalArgumentException.class);
      assertThat(store.find("tck-doc").orElseThrow().title()).isEqualTo(longest);
      assertThat(rename("tck-doc", "")).isTrue();
      assertThat(store.find("tck-doc").orElseThrow().title()).isEmpty();
    }

    @Test
    @DisplayName("a title keeps Unicode exactly")
    void unicodeTitle() {
      created("tck-doc");
      assertThat(rename("tck-doc", "Plan 😀 日本 Zoë")).isTrue();
      assertThat(store.find("tck-doc").orElseThrow().title()).isEqualTo("Plan 😀 日本 Zoë");
    }

    @Test
    @DisplayName("renaming keeps the op log, the snapshots and the (client, seq) lookup")
    void keepsLog() {
      created("tck-doc");
      List<CommittedOp> log = ops("tck-doc", 1, 3, "c1", 1);
      appended("tck-doc", 0, log);
      store.saveSnapshot("tck-doc", new Snapshot(2, "[{\"insert\":\"x\"}]"));
      assertThat(rename("tck-doc", "Renamed")).isTrue();
      assertLog("tck-doc", log);
      assertThat(store.loadSnapshot("tck-doc", 3).orElseThrow().version()).isEqualTo(2);
      assertSameOp(store.findOp("tck-doc", "c1", 2).orElseThrow(), log.get(1));
      appended("tck-doc", 3, List.of(op("tck-doc", 4, "c1", 4)));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @DisplayName("8 threads renaming while another appends: the last title is one of theirs, whole, and every append succeeds")
    void concurrentRenames() throws Exception {
      created("tck-doc");
      rename("tck-doc", "start");
      int rounds = 20;
      CyclicBarrier start = new CyclicBarrier(THREADS + 1);
      Set<String> titles = ConcurrentHashMap.newKeySet();
      Thread appender = new Thread(() -> {
        try {
          start.await(60, TimeUnit.SECONDS);
          for (int v = 1; v <= rounds; v++) {
            appended("tck-doc", v - 1, List.of(op("tck-doc", v, "writer", v)));
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      java.util.concurrent.atomic.AtomicReference<Throwable> appendFailure = new java.util.concurrent.atomic.AtomicReference<>();
      appender.setUncaughtExceptionHandler((thread, failure) -> appendFailure.set(failure));
      appender.start();
      onThreads(t -> () -> {
        start.await(60, TimeUnit.SECONDS);
        for (int round = 0; round < rounds; round++) {
          String title = "title " + t + "." + round + " " + "abcdefgh".repeat(8);
          titles.add(title);
          assertThat(store.rename("tck-doc", title)).isTrue();
        }
        return null;
      });
      appender.join(120_000);
      assertThat(appendFailure.get()).as("appends during renames").isNull();
      assertThat(titles).contains(store.find("tck-doc").orElseThrow().title());
      assertThat(store.head("tck-doc")).isEqualTo(rounds);
    }
  }

  @Nested
  @DisplayName("Client bindings (optional: skipped for a store whose bindClient is the default)")
  class ClientBindings {

    /** Binds, skipping the test when the store does not bind client ids. */
    private String bind(String client, String userId) {
      try {
        return store.bindClient(client, userId);
      } catch (UnsupportedOperationException e) {
        org.junit.jupiter.api.Assumptions.abort("the store does not bind client ids: " + e.getMessage());
        throw e;
      }
    }

    @Test
    @DisplayName("the first user of a client id keeps it: she gets herself again, another user gets her")
    void firstUserKeepsIt() {
      assertThat(bind("tab-1", "alice")).isEqualTo("alice");
      assertThat(bind("tab-1", "alice")).isEqualTo("alice");
      assertThat(bind("tab-1", "bob")).isEqualTo("alice");
      assertThat(bind("tab-2", "bob")).isEqualTo("bob");
      assertThat(bind("tab-1", "alice")).as("after another user asked").isEqualTo("alice");
    }

    @Test
    @DisplayName("a binding is durable: it holds after the store is reopened on the same data")
    void durable() {
      assertThat(bind("tab-1", "alice")).isEqualTo("alice");
      store = crashAndReopen(store);
      assertThat(store.bindClient("tab-1", "bob")).isEqualTo("alice");
    }

    @Test
    @DisplayName("of users racing to be first with one client id exactly one wins, and every one of them is told the same winner")
    void racingFirstUses() throws Exception {
      bind("tab-warm", "alice");
      for (int round = 0; round < 20; round++) {
        String client = "tab-race-" + round;
        java.util.Set<String> answers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(THREADS);
        onThreads(t -> () -> {
          start.await(60, TimeUnit.SECONDS);
          answers.add(store.bindClient(client, "user-" + t));
          return null;
        });
        assertThat(answers).as("the users told who holds %s", client).hasSize(1);
        assertThat(store.bindClient(client, "someone-else")).isEqualTo(answers.iterator().next());
      }
    }
  }
}
