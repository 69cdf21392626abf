package dev.collab.server.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL server of the test's own, so that a test may stop and start it without touching the
 * machine's shared one: {@code initdb} into a fresh directory under {@code java.io.tmpdir}, then
 * {@code pg_ctl start}/{@code stop} on a free port of 127.0.0.1 (trust authentication for the
 * superuser {@code collab}, loopback only). The Debian server binaries are looked up under
 * {@code /usr/lib/postgresql/<version>/bin} (newest version first) or taken from
 * {@code -Dcollab.test.postgres.bin}. Run as root, every command runs as the {@code postgres} OS
 * user ({@code runuser -u postgres --}), since PostgreSQL refuses to run as root; that user must
 * then be able to reach the directory ({@code java.io.tmpdir}, which failsafe sets to
 * {@code target/}), and its path must stay short enough for the server's Unix socket (about 100
 * characters).
 *
 * <p>Skips the test unless {@code COLLAB_TEST_POSTGRES=required} (or
 * {@code -Dcollab.test.postgres=required}), as the other PostgreSQL tests do, and skips with a
 * message when the server binaries are absent.
 */
final class PrivatePostgres implements AutoCloseable {
  private final Path bin;
  private final Path dir;
  private final Path data;
  private final int port;
  private final boolean root;

  private PrivatePostgres(Path bin, Path dir, int port, boolean root) {
    this.bin = bin;
    this.dir = dir;
    this.data = dir.resolve("data");
    this.port = port;
    this.root = root;
  }

  /** Initialises a new cluster and starts it. */
  static PrivatePostgres launch() throws Exception {
    boolean required = "required".equals(System.getProperty("collab.test.postgres", System.getenv("COLLAB_TEST_POSTGRES")));
    Assumptions.assumeTrue(required, "a private PostgreSQL server is only started with COLLAB_TEST_POSTGRES=required (.ci/run sets it)");
    Optional<Path> bin = serverBinaries();
    Assumptions.assumeTrue(bin.isPresent(),
        "no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/<version>/bin; install the postgresql package or set -Dcollab.test.postgres.bin");
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("collab-private-pg");
    if (root) {
      UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
      Files.setOwner(dir, postgres);
    }
    PrivatePostgres server = new PrivatePostgres(bin.get(), dir, ServerProcess.freePort(), root);
    server.run(List.of(server.bin.resolve("initdb").toString(), "-D", server.data.toString(), "-U", "collab",
        "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"));
    server.start();
    return server;
  }

  private static Optional<Path> serverBinaries() throws IOException {
    String configured = System.getProperty("collab.test.postgres.bin");
    if (configured != null) {
      return Optional.of(Path.of(configured)).filter(p -> Files.isExecutable(p.resolve("pg_ctl")));
    }
    Path versions = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(versions)) {
      return Optional.empty();
    }
    try (Stream<Path> list = Files.list(versions)) {
      return list.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparing(b -> versionOf(b.getParent().getFileName().toString())));
    }
  }

  private static int versionOf(String name) {
    try {
      return Integer.parseInt(name);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** {@code pg_ctl start}, waiting until it accepts connections. */
  void start() throws Exception {
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
        "-w", "-t", "60", "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir + " -c fsync=on", "start"));
  }

  /** {@code pg_ctl stop -m immediate}: the server processes quit at once, as in a crash (recovery at the next start). */
  void crash() throws Exception {
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
  }

  /** The JDBC URL of this server without a database name; the superuser is {@code collab}, no password. */
  String base() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/";
  }

  private void run(List<String> command) throws Exception {
    List<String> full = new ArrayList<>();
    if (root) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    Path log = dir.resolve("commands.log");
    Process process = new ProcessBuilder(full).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", full) + " did not finish in 120 s");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", full) + " exited with " + process.exitValue() + ":\n"
          + Files.readString(log) + "\nserver log:\n" + serverLog());
    }
  }

  String serverLog() {
    try {
      Path log = dir.resolve("server.log");
      return Files.exists(log) ? Files.readString(log) : "(none)";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  @Override
  public void close() throws IOException {
    try {
      run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"));
    } catch (IllegalStateException alreadyStopped) {
      // stopped by the test
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IOException("pg_ctl stop failed", e);
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
