package dev.collab.sample;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * A {@code redis-server} of the test's own, a child process on a free port of loopback (no
 * persistence), which the test may kill and start again on the same port: never the shared Redis.
 * The binary is {@code -Dcollab.test.redis-server} (default {@code redis-server} on the PATH);
 * missing, the test is skipped, unless {@code COLLAB_TEST_REDIS=required} makes that a failure.
 * Runs under {@code timeout}, so a server left behind by a dead test JVM ends by itself.
 */
final class OwnRedis implements AutoCloseable {
  private static final String BINARY = System.getProperty("collab.test.redis-server", "redis-server");

  private final int port;
  private final Path log;
  private Process process;

  private OwnRedis(int port, Path log) {
    this.port = port;
    this.log = log;
  }

  /** Starts one on a free port, logging to {@code log}; waits until it accepts connections. */
  static OwnRedis start(Path log) throws Exception {
    OwnRedis redis = new OwnRedis(SampleServer.freePort(), log);
    redis.start();
    return redis;
  }

  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Starts the server again on the same port (after {@link #kill}); waits until it accepts connections. */
  void start() throws Exception {
    Files.createDirectories(log.getParent());
    try {
      process = new ProcessBuilder(List.of("timeout", "--signal=KILL", "900", BINARY, "--port", String.valueOf(port),
          "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    } catch (IOException e) {
      if ("required".equals(System.getenv("COLLAB_TEST_REDIS"))) {
        throw e;
      }
      Assumptions.abort("cannot start " + BINARY + " (" + e.getMessage() + "); install Redis (.ci/run does)");
    }
    try {
      Awaitility.await("redis-server accepting on port " + port).atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!process.isAlive()) {
              throw new IllegalStateException("redis-server ended");
            }
            return accepts();
          });
    } catch (ConditionTimeoutException | IllegalStateException e) {
      kill();
      throw new IllegalStateException("redis-server did not start on port " + port + ":\n" + Files.readString(log), e);
    }
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  /** SIGKILL to this server (by its process id, and its {@code timeout} parent); waits for the end. */
  void kill() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("redis-server did not die within 30 s of SIGKILL");
    }
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
