package dev.collab.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.server.bus.Services;
import dev.collab.server.it.ProcessTesting.Database;
import dev.collab.server.it.ProcessTesting.Editor;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A graceful shutdown across real nodes: two server processes share PostgreSQL and Redis; every
 * client works on node A (node B is its failover). Node A gets SIGTERM mid-run: it drains (new work
 * refused with {@code draining}, queued submits committed and acknowledged), closes its connections
 * with 1001, and exits; the clients reconnect to node B and lose nothing.
 */
class DrainIT {
  private static final long SEED = Long.getLong("collab.seed", new Random().nextLong());
  private static final int EDITORS = 4;

  @Test
  @DisplayName("SIGTERM on a node mid-run: it drains and closes with 1001, clients move to the other node, nothing is lost")
  void drainMovesClientsToTheOtherNode() throws Exception {
    Services.requireRedis();
    System.out.println("DrainIT seed: " + SEED + " (rerun with -Dcollab.seed=" + SEED + ")");
    Random random = new Random(SEED);
    String doc = "drain-" + Long.toHexString(random.nextLong() & Long.MAX_VALUE);
    try (Database db = Database.create()) {
      Map<String, String> properties = new HashMap<>(db.serverProperties());
      properties.put("collab.bus", "redis");
      properties.put("collab.redis.uri", Services.redisUri());
      ServerProcess.Handle a = ServerProcess.start(ServerProcess.freePort(), properties);
      ServerProcess.Handle b = ServerProcess.start(ServerProcess.freePort(), properties);
      a.awaitReady(Duration.ofSeconds(90));
      b.awaitReady(Duration.ofSeconds(90));
      List<Editor> editors = new ArrayList<>();
      ExecutorService threads = Executors.newFixedThreadPool(EDITORS);
      AtomicBoolean stop = new AtomicBoolean();
      try {
        ProcessTesting.create(a.uri(), doc);
        for (int i = 0; i < EDITORS; i++) {
          editors.add(new Editor("drain-c" + i, i % 2 == 0 ? "ann" : "bob", a.ws(), List.<URI>of(b.ws()), doc, SEED + i));
        }
        List<Future<?>> running = new ArrayList<>();
        for (Editor editor : editors) {
          running.add(threads.submit(() -> {
            editor.edit(stop);
            return null;
          }));
        }
        Thread.sleep(800 + random.nextInt(700));
        int before = db.versions(doc).size();
        a.stop();
        System.out.println("DrainIT: node A stopped (SIGTERM) at log length " + before);
        Thread.sleep(1500);
        stop.set(true);
        for (Future<?> f : running) {
          f.get(30, TimeUnit.SECONDS);
        }
        ProcessTesting.checkConverged(editors, db, doc, SEED);
        for (Editor editor : editors) {
          assertThat(editor.connections.get()).as(editor + " reconnected to node B").isGreaterThanOrEqualTo(2);
          // 1001 is the drain's "going away"; an abrupt end would be 1006.
          assertThat(editor.closeCodes).as(editor + " was told to go away").contains(1001);
        }
        assertThat(db.versions(doc).size()).as("work went on on node B").isGreaterThan(before);
      } finally {
        stop.set(true);
        threads.shutdownNow();
        editors.forEach(Editor::close);
        a.close();
        b.close();
      }
    }
  }
}
