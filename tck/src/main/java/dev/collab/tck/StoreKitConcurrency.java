package dev.collab.tck;

import static dev.collab.tck.StoreFixtures.assertSameOp;
import static dev.collab.tck.StoreFixtures.document;
import static dev.collab.tck.StoreFixtures.op;
import static dev.collab.tck.StoreFixtures.ops;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.collab.CommittedOp;
import dev.collab.spi.AppendRequest;
import dev.collab.spi.AppendResult;
import dev.collab.spi.AppendResult.Appended;
import dev.collab.spi.AppendResult.Conflict;
import dev.collab.spi.AppendResult.NoSuchDocument;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Part of {@link DocumentStoreContractKit}: racing writers, and group commit across documents.
 *
 * <p>The kit's {@code @Nested} capabilities are spread over this chain of package-private
 * superclasses ({@link StoreKitFixtures} first); an implementer extends
 * {@link DocumentStoreContractKit} alone, and JUnit runs nested classes of superclasses too.
 */
abstract class StoreKitConcurrency extends StoreKitDocuments {

  /**
   * Rounds of the race tests: in each, {@link #THREADS} appends leave a {@link SpinBarrier} together
   * and race for one version. Enough for a store that checks the head and then writes, with
   * nothing between, to lose an update in every run on two cores.
   */
  static final int RACE_ROUNDS = 200;

  @Nested
  @KitGroup("Concurrency")
  class Concurrency {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @DisplayName("8 threads racing for the same next version: exactly one wins, the others get a Conflict with the winner's version")
    void raceForEachVersion() throws Exception {
      created("tck-doc");
      int rounds = RACE_ROUNDS;
      SpinBarrier start = new SpinBarrier(THREADS);
      Map<Long, String> winners = new ConcurrentHashMap<>();
      List<String> problems = Collections.synchronizedList(new ArrayList<>());
      onThreads(t -> {
        String client = "racer" + t;
        return () -> {
          try {
            race(client, rounds, start, winners, problems);
          } catch (Exception | AssertionError e) {
            start.breakBarrier(); // release the others at once
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

    private void race(String client, int rounds, SpinBarrier start, Map<Long, String> winners, List<String> problems)
        throws Exception {
      for (int round = 0; round < rounds; round++) {
        long head = round; // every round adds exactly one version
        start.await();
        // the op list pauses at each read: it holds a check-then-write store's window open
        AppendResult result = store.append("tck-doc", head, new PausingList<>(List.of(op("tck-doc", head + 1, client, round + 1))));
        if (result instanceof Appended appended) {
          String earlier = winners.putIfAbsent(appended.firstVersion(), client);
          if (earlier != null || appended.firstVersion() != head + 1) {
            problems.add("round " + round + ": " + client + " got " + result + ", also won by " + earlier);
          }
        } else if (!result.equals(new Conflict(head + 1))) {
          problems.add("round " + round + ": " + client + " got " + result + ", expected Conflict[head=" + (head + 1) + "]");
        }
        start.await(); // everyone has finished this round
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
  @KitGroup("Appending to several documents at once (appendAll)")
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
      documents.forEach(StoreKitConcurrency.this::created);
      int rounds = RACE_ROUNDS / 2;
      SpinBarrier start = new SpinBarrier(THREADS);
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
            start.await();
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
            start.await();
          }
        } catch (Exception | AssertionError e) {
          start.breakBarrier();
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
}
