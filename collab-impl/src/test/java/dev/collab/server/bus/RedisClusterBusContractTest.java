package dev.collab.server.bus;

import dev.collab.server.redis.RedisClusterBus;
import dev.collab.spi.ClusterBus;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/**
 * The Redis bus against the real Redis on 127.0.0.1:6379 ({@code .ci/run} starts it; override with
 * {@code -Dcollab.redis.uri=}). Each test uses its own channel prefix. A "restart" kills every
 * pub/sub client connection on the server ({@code CLIENT KILL TYPE pubsub}), which is what a Redis
 * restart looks like to a subscriber.
 */
class RedisClusterBusContractTest extends dev.collab.tck.ClusterBusContractKit {
  static final String URI = Services.redisUri();
  private final String prefix = "collab-test:" + UUID.randomUUID() + ":";
  private final java.util.List<RedisClient> clients = new java.util.ArrayList<>();

  @org.junit.jupiter.api.BeforeAll
  static void redis() {
    Services.requireRedis();
  }

  @Override
  protected ClusterBus createBus() {
    RedisClient client = RedisClient.create(URI);
    clients.add(client);
    return new RedisClusterBus(client, prefix);
  }

  @Override
  protected boolean restartTransport() {
    RedisClient admin = RedisClient.create(URI);
    try (StatefulRedisConnection<String, String> connection = admin.connect()) {
      connection.sync().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());
    } finally {
      admin.shutdown();
    }
    return true;
  }

  @AfterEach
  void shutdownClients() {
    clients.forEach(RedisClient::shutdown);
  }

  @Override
  protected java.util.Optional<dev.collab.Collab> node(String nodeId, ClusterBus bus, dev.collab.spi.DocumentStore store) {
    return Services.engineNode(nodeId, bus, store);
  }
}
