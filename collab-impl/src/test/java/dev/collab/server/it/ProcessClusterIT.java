package dev.collab.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.server.bus.Services;
import dev.collab.server.it.ProcessTesting.Database;
import dev.collab.server.it.ProcessTesting.Editor;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Three server processes ({@link ServerProcess}, separate JVMs on their own ports) sharing one
 * PostgreSQL database (the JPA store) and one bus: Redis pub/sub, then an Artemis broker (embedded
 * in this JVM, on a loopback TCP port). Six clients of ann and bob, two per node, each with the
 * other two nodes as failover URIs, edit one document at random (seeded: {@code -Dcollab.seed=}).
 * Mid-run the bus transport restarts (Redis: {@code CLIENT KILL TYPE pubsub}; Artemis: the broker
 * is stopped and a new one started on the same port), then one node is killed with SIGKILL and
 * its clients reconnect to the others. Afterwards: all clients converge, the versions in
 * PostgreSQL are 1..n, every acknowledged op is in the log exactly once.
 */
class ProcessClusterIT {
  private static final long SEED = Long.getLong("collab.seed", new Random().nextLong());
  private static final int NODES = 3;
  private static final int EDITORS = 6;

  /** What the test does to the bus's transport mid-run. */
  interface Restart {
    void run() throws Exception;
  }

  @Test
  @DisplayName("three nodes on PostgreSQL + Redis: bus connections killed, one node SIGKILLed; converge, nothing lost")
  void redis() throws Exception {
    Services.requireRedis();
    cluster("redis", Map.of("collab.bus", "redis", "collab.redis.uri", Services.redisUri()), () -> {
      RedisClient admin = RedisClient.create(Services.redisUri());
      try (StatefulRedisConnection<String, String> connection = admin.connect()) {
        long killed = connection.sync().clientKill(KillArgs.Builder.typePubsub());
        System.out.println("ProcessClusterIT redis: killed " + killed + " pub/sub connections");
      } finally {
        admin.shutdown();
      }
    });
  }

  @Test
  @DisplayName("three nodes on PostgreSQL + Artemis: broker restarted, one node SIGKILLed; converge, nothing lost")
  void artemis() throws Exception {
    int port = ServerProcess.freePort();
    Path dir = Files.createTempDirectory(Path.of("target"), "artemis-cluster");
    EmbeddedActiveMQ[] broker = {broker(port, dir)};
    broker[0].start();
    try {
      cluster("jms", Map.of("collab.bus", "jms", "collab.process.jms.url", "tcp://127.0.0.1:" + port), () -> {
        broker[0].stop();
        broker[0] = broker(port, dir);
        broker[0].start();
        System.out.println("ProcessClusterIT jms: broker restarted");
      });
    } finally {
      broker[0].stop();
    }
  }

  private static EmbeddedActiveMQ broker(int port, Path dir) throws Exception {
    Configuration config = new ConfigurationImpl().setPersistenceEnabled(false).setSecurityEnabled(false)
        .setJournalDirectory(dir.resolve("journal").toString()).setBindingsDirectory(dir.resolve("bindings").toString())
        .setLargeMessagesDirectory(dir.resolve("large").toString()).setPagingDirectory(dir.resolve("paging").toString())
        .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port);
    return new EmbeddedActiveMQ().setConfiguration(config);
  }

  private void cluster(String bus, Map<String, String> busProperties, Restart restartTransport) throws Exception {
    long seed = SEED ^ bus.hashCode();
    System.out.println("ProcessClusterIT " + bus + " seed: " + seed + " (rerun with -Dcollab.seed=" + SEED + ")");
    Random random = new Random(seed);
    // A document id of this run only: the Redis channels (collab:doc:<id>) are not shared with other runs.
    String doc = "cluster-" + bus + "-" + Long.toHexString(random.nextLong() & Long.MAX_VALUE);
    try (Database db = Database.create()) {
      Map<String, String> properties = new HashMap<>(db.serverProperties());
      properties.putAll(busProperties);
      List<ServerProcess.Handle> nodes = new ArrayList<>();
      List<Editor> editors = new ArrayList<>();
      ExecutorService threads = Executors.newFixedThreadPool(EDITORS);
      AtomicBoolean stop = new AtomicBoolean();
      try {
        long boot = System.nanoTime();
        for (int n = 0; n < NODES; n++) {
          nodes.add(ServerProcess.start(ServerProcess.freePort(), properties));
        }
        for (ServerProcess.Handle node : nodes) {
          node.awaitReady(Duration.ofSeconds(90));
        }
        System.out.println("ProcessClusterIT " + bus + ": " + NODES + " nodes up in "
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - boot) + " ms: " + nodes);
        ProcessTesting.create(nodes.get(0).uri(), doc);
        for (int i = 0; i < EDITORS; i++) {
          int home = i % NODES;
          List<URI> failover = new ArrayList<>();
          for (int k = 1; k < NODES; k++) {
            failover.add(nodes.get((home + k) % NODES).ws());
          }
          editors.add(new Editor(bus + "-c" + i, i % 2 == 0 ? "ann" : "bob", nodes.get(home).ws(), failover, doc, seed + i));
        }
        List<Future<?>> running = new ArrayList<>();
        for (Editor editor : editors) {
          running.add(threads.submit(() -> {
            editor.edit(stop);
            return null;
          }));
        }
        Thread.sleep(800 + random.nextInt(800));
        restartTransport.run();
        Thread.sleep(800 + random.nextInt(800));
        int victim = random.nextInt(NODES);
        nodes.get(victim).kill();
        System.out.println("ProcessClusterIT " + bus + ": node " + victim + " SIGKILLed at log length " + db.versions(doc).size());
        Thread.sleep(1500 + random.nextInt(1000));
        stop.set(true);
        for (Future<?> f : running) {
          f.get(30, TimeUnit.SECONDS);
        }
        ProcessTesting.checkConverged(editors, db, doc, seed);
        for (int i = victim; i < EDITORS; i += NODES) {
          assertThat(editors.get(i).connections.get()).as(editors.get(i) + " reconnected to another node").isGreaterThanOrEqualTo(2);
        }
        for (Editor editor : editors) {
          assertThat(editor.acked).as(editor + " had acknowledgements").isNotEmpty();
        }
      } finally {
        stop.set(true);
        threads.shutdownNow();
        editors.forEach(Editor::close);
        for (ServerProcess.Handle node : nodes) {
          node.close();
        }
      }
    }
  }
}
