package dev.collab.server.bus;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.junit.jupiter.api.Assumptions;

/**
 * Reachability of the real services some tests use. {@code ./mvnw verify} on a machine without
 * them skips those tests (saying why); {@code .ci/run} starts them and sets
 * {@code COLLAB_TEST_REDIS=required}, so in CI an unreachable service fails instead.
 */
public final class Services {
  private Services() {}

  /** The Redis URI for tests: {@code -Dcollab.redis.uri=}, default {@code redis://127.0.0.1:6379}. */
  public static String redisUri() {
    return System.getProperty("collab.redis.uri", "redis://127.0.0.1:6379");
  }

  /** Skips the calling test unless Redis answers, or fails when it is required. */
  public static void requireRedis() {
    URI uri = URI.create(redisUri());
    boolean up;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort()), 1_000);
      up = true;
    } catch (IOException e) {
      up = false;
    }
    if (!up && "required".equals(System.getenv("COLLAB_TEST_REDIS"))) {
      throw new AssertionError("Redis is required (COLLAB_TEST_REDIS=required) but " + uri + " does not answer");
    }
    Assumptions.assumeTrue(up, "Redis at " + uri + " does not answer; start it (.ci/run does) to run this test");
  }

  /** The kits' engine on a bus and a shared store: any user may write (the kit edits as a plain user). */
  public static java.util.Optional<dev.collab.Collab> engineNode(String nodeId, dev.collab.spi.ClusterBus bus,
      dev.collab.spi.DocumentStore store) {
    // the recipe of tck/README.md as written: Collab's default policy, the kit edits as a collab-writer
    return java.util.Optional.of(dev.collab.server.embedded.EmbeddedEngine.builder().nodeId(nodeId).bus(bus).store(store).build().collab());
  }
}
