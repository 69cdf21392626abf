package dev.collab.server.it;

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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One server process on PostgreSQL takes concurrent writers and is killed with SIGKILL at a
 * random (seeded) moment, three times; each time it is restarted on the same port and the clients
 * reconnect by themselves. Afterwards every acknowledged op is in the database exactly once, the
 * versions are 1..n, and the clients converge. {@code -Dcollab.seed=} repeats a run.
 */
class CrashIT {
  private static final long SEED = Long.getLong("collab.seed", new Random().nextLong());
  private static final int ROUNDS = 3;
  private static final int WRITERS = 4;

  @Test
  @DisplayName("SIGKILL during concurrent writes, three times: nothing acknowledged is lost or doubled")
  void crashAndRestart() throws Exception {
    System.out.println("CrashIT seed: " + SEED + " (rerun with -Dcollab.seed=" + SEED + ")");
    Random random = new Random(SEED);
    String doc = "crash-" + Long.toHexString(random.nextLong() & Long.MAX_VALUE);
    try (Database db = Database.create()) {
      int port = ServerProcess.freePort();
      ServerProcess.Handle server = ServerProcess.start(port, db.serverProperties()).awaitReady(Duration.ofSeconds(60));
      List<Editor> editors = new ArrayList<>();
      ExecutorService threads = Executors.newFixedThreadPool(WRITERS);
      AtomicBoolean stop = new AtomicBoolean();
      try {
        ProcessTesting.create(server.uri(), doc);
        for (int i = 0; i < WRITERS; i++) {
          editors.add(new Editor("crash-w" + i, i % 2 == 0 ? "ann" : "bob", server.ws(), List.of(), doc, SEED + i));
        }
        List<Future<?>> running = new ArrayList<>();
        for (Editor editor : editors) {
          running.add(threads.submit(() -> {
            editor.edit(stop);
            return null;
          }));
        }
        for (int round = 1; round <= ROUNDS; round++) {
          long millis = 700 + random.nextInt(1500);
          Thread.sleep(millis);
          server.kill();
          System.out.println("CrashIT round " + round + ": SIGKILL after " + millis + " ms, at log length "
              + db.versions(doc).size());
          server = ServerProcess.start(port, db.serverProperties()).awaitReady(Duration.ofSeconds(60));
        }
        Thread.sleep(1000);
        stop.set(true);
        for (Future<?> f : running) {
          f.get(30, TimeUnit.SECONDS);
        }
        ProcessTesting.checkConverged(editors, db, doc, SEED);
      } finally {
        stop.set(true);
        threads.shutdownNow();
        editors.forEach(Editor::close);
        server.close();
      }
    }
  }
}
