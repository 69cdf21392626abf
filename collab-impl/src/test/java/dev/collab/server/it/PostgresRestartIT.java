package dev.collab.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.collab.server.it.ProcessTesting.Database;
import dev.collab.server.it.ProcessTesting.Editor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL restarted under load. One server process ({@link ServerProcess}, the JPA store over a
 * HikariCP pool) on a PostgreSQL server of the test's own ({@link PrivatePostgres}); six clients
 * edit two documents. After a seeded random number of acknowledgements PostgreSQL is stopped with
 * {@code pg_ctl stop -m immediate} (its crash case: no checkpoint, recovery at the next start), the
 * clients keep editing for 3 s (their submits fail with {@code internal} and are resubmitted, or
 * wait), then PostgreSQL is started again. The server process is never restarted. Checked: every
 * client has a new acknowledgement within 60 s of the restart (service resumed by itself); then,
 * once the edits stop, every client converges, each document's op log has versions 1..n, each
 * {@code (client, seq)} is in it once and every acknowledged one is there. {@code -Dcollab.seed=}
 * repeats a run.
 */
class PostgresRestartIT {
  private static int acks(List<Editor> editors) {
    return editors.stream().mapToInt(e -> e.acked.size()).sum();
  }

  /** Waits (60 s at most) until every editor has at least {@code more} acknowledgements beyond {@code from}. */
  private static void awaitAcks(List<Editor> editors, int[] from, int more, String what) {
    await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(
        () -> IntStream.range(0, editors.size()).allMatch(i -> editors.get(i).acked.size() >= from[i] + more));
  }

  private static final long SEED = Long.getLong("collab.seed", new Random().nextLong());
  private static final List<String> DOCS = List.of("restart-a", "restart-b");
  private static final int WRITERS_PER_DOC = 3;

  @Test
  @DisplayName("PostgreSQL stopped (immediate) and started again under load: nothing acknowledged is lost or doubled, and submits succeed again without a server restart")
  void restartUnderLoad() throws Exception {
    System.out.println("PostgresRestartIT seed: " + SEED + " (rerun with -Dcollab.seed=" + SEED + ")");
    Random random = new Random(SEED);
    try (PrivatePostgres postgres = PrivatePostgres.launch();
        Database db = Database.createOn(postgres.base(), "collab", "")) {
      ServerProcess.Handle server = ServerProcess.start(ServerProcess.freePort(), db.serverProperties())
          .awaitReady(Duration.ofSeconds(60));
      List<Editor> editors = new ArrayList<>();
      ExecutorService threads = Executors.newFixedThreadPool(DOCS.size() * WRITERS_PER_DOC);
      AtomicBoolean stop = new AtomicBoolean();
      try {
        for (String doc : DOCS) {
          ProcessTesting.create(server.uri(), doc);
          for (int i = 0; i < WRITERS_PER_DOC; i++) {
            editors.add(new Editor(doc + "-w" + i, i % 2 == 0 ? "ann" : "bob", server.ws(), List.of(), doc,
                SEED + editors.size()));
          }
        }
        List<Future<?>> running = new ArrayList<>();
        for (Editor editor : editors) {
          running.add(threads.submit(() -> {
            editor.edit(stop);
            return null;
          }));
        }
        // The crash comes at a seeded random point of the editing: after so many acknowledgements.
        int acksBeforeCrash = 100 + random.nextInt(400);
        await("the editors' first " + acksBeforeCrash + " acknowledgements").atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(10)).until(() -> acks(editors) >= acksBeforeCrash);
        postgres.crash();
        int acksAtStop = acks(editors);
        System.out.println("PostgresRestartIT: PostgreSQL stopped (immediate) after " + acksAtStop + " acks");
        // The outage itself: how long the database stays down is the test's input, not a wait for
        // something to happen (the store's 5 s connection timeout may or may not run out in it).
        Thread.sleep(3_000);
        int[] acksBefore = editors.stream().mapToInt(e -> e.acked.size()).toArray();
        System.out.println("PostgresRestartIT: acks while PostgreSQL was down (3 s): "
            + (java.util.Arrays.stream(acksBefore).sum() - acksAtStop) + " (appends already committed when it stopped)");
        postgres.start();
        long restarted = System.nanoTime();
        try {
          awaitAcks(editors, acksBefore, 1, "every client has a new acknowledgement within 60 s of the restart");
        } catch (ConditionTimeoutException e) {
          throw new AssertionError(e.getMessage() + "; server log:\n" + server.tail(), e);
        }
        System.out.println("PostgresRestartIT: every client acknowledged again "
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted) + " ms after PostgreSQL started");
        assertThat(server.isAlive()).as("the server process was not restarted").isTrue();
        // The editors go on a while after the recovery: each gets three more acknowledgements.
        awaitAcks(editors, editors.stream().mapToInt(e -> e.acked.size()).toArray(), 3,
            "every client acknowledged three more times after the recovery");
        stop.set(true);
        for (Future<?> f : running) {
          f.get(30, TimeUnit.SECONDS);
        }
        for (String doc : DOCS) {
          ProcessTesting.checkConverged(editors.stream().filter(e -> e.name.startsWith(doc + "-")).toList(), db, doc, SEED);
        }
      } finally {
        stop.set(true);
        threads.shutdownNow();
        editors.forEach(Editor::close);
        server.close();
      }
    }
  }
}
