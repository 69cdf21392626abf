package dev.collab.server.bus;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.server.defaults.LocalClusterBus;
import dev.collab.server.redis.RedisClusterBus;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the buses log when a message is lost or the connection goes and comes back. */
class BusLoggingTest {

  @Test
  @DisplayName("the in-JVM bus logs a failing listener once (naming the document), not once per message")
  void localBusWarnsOncePerMinute() {
    LocalClusterBus bus = new LocalClusterBus();
    List<String> delivered = new ArrayList<>();
    bus.subscribe("doc-1", message -> {
      throw new IllegalStateException("broken listener");
    });
    bus.subscribe("doc-1", delivered::add);
    try (LogRecords log = new LogRecords(LocalClusterBus.class)) {
      for (int i = 0; i < 5; i++) {
        bus.publish("doc-1", "m" + i);
      }
      assertThat(delivered).containsExactly("m0", "m1", "m2", "m3", "m4");
      assertThat(log.at(Level.WARNING)).singleElement().asString()
          .startsWith("collab: in-JVM bus: a listener of document doc-1 failed on a message, which it lost (1 such");
      assertThat(log.records.get(0).getThrown()).hasMessage("broken listener");
    } finally {
      bus.close();
    }
  }

  @Test
  @DisplayName("the Redis bus logs its lost subscriber connection once, and the reconnect")
  void redisBusLogsLossAndRecovery() throws Exception {
    Services.requireRedis();
    RedisClient client = RedisClient.create(Services.redisUri());
    RedisClusterBus bus = new RedisClusterBus(client, "collab-test:" + UUID.randomUUID() + ":");
    try (LogRecords log = new LogRecords(RedisClusterBus.class)) {
      bus.subscribe("doc-1", message -> {});
      RedisClient admin = RedisClient.create(Services.redisUri());
      try (StatefulRedisConnection<String, String> connection = admin.connect()) {
        connection.sync().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());
      } finally {
        admin.shutdown();
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> !log.at(Level.INFO).isEmpty());
      assertThat(log.at(Level.WARNING)).singleElement().asString()
          .startsWith("collab: Redis bus lost its connection (subscriber); Lettuce reconnects by itself.");
      assertThat(log.at(Level.INFO)).singleElement().asString()
          .startsWith("collab: Redis bus reconnected (subscriber, ")
          .endsWith("; reading the heads of open documents");
    } finally {
      bus.close();
      client.shutdown();
    }
  }
}
