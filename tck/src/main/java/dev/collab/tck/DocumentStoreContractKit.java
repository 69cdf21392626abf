package dev.collab.tck;

import static dev.collab.tck.StoreFixtures.assertSameInfo;
import static dev.collab.tck.StoreFixtures.assertSameOp;
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
import dev.collab.spi.DocumentStore;
import dev.collab.spi.Snapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
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
@org.junit.jupiter.api.extension.ExtendWith(KitReport.class)
@Tag("store")
public abstract class DocumentStoreContractKit extends StoreKitComments {

  @Nested
  @Tag("faults")
  @KitGroup("Faults: a crash between append and acknowledgement")
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
  @KitGroup("Renaming (optional: skipped for a store whose rename is the default)")
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
  @KitGroup("Client bindings (optional: skipped for a store whose bindClient is the default)")
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

  @Nested
  @KitGroup("Health: the readiness probe (DocumentStore.checkHealth)")
  class Health {

    @Test
    @DisplayName("a healthy store passes its probe, empty or not, and the probe changes no data")
    void healthyStorePasses() {
      store.checkHealth();
      created("tck-health");
      appended("tck-health", 0, ops("tck-health", 1, 2, "probe", 1));
      for (int i = 0; i < 3; i++) {
        store.checkHealth();
      }
      assertThat(store.list(0, 10)).extracting(DocumentInfo::id).containsExactly("tck-health");
      assertThat(store.head("tck-health")).isEqualTo(2);
    }
  }
}
