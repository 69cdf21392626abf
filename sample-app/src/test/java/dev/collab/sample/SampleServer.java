package dev.collab.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The sample WAR on a server in a process of its own, as a user runs it: started with the sample's
 * settings as environment variables ({@code SAMPLE_DB}, {@code SAMPLE_DATA_DIR}, ...), killed with
 * SIGKILL or stopped with SIGTERM, then started again on the same data. Every process runs under
 * {@code timeout}, so that a server left behind by a dead test JVM ends by itself.
 */
abstract class SampleServer implements AutoCloseable {
  /** The longest a server may live; far above any restart test. */
  private static final int MAX_SECONDS = 900;
  private static final Duration READY_WITHIN = Duration.ofSeconds(240);

  private final Process process;
  private final Path log;
  private final URI base;

  /** Starts {@code command} under {@code timeout}, with {@code environment} added, logging to {@code log}. */
  protected SampleServer(List<String> command, Map<String, String> environment, Path log, URI base) throws IOException {
    List<String> bounded = new ArrayList<>(List.of("timeout", "--signal=KILL", String.valueOf(MAX_SECONDS)));
    bounded.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(bounded).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    Files.createDirectories(log.getParent());
    this.log = log;
    this.base = base;
    this.process = builder.start();
  }

  /** The application's root, {@code http://127.0.0.1:<port>/}. */
  URI base() {
    return base;
  }

  /** A port free on loopback right now. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Waits until the login page answers 200; fails with the log's tail if the server died or took too long. */
  SampleServer awaitReady() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the server exited with " + process.exitValue() + " before it was ready:\n" + logTail());
      }
      try {
        HttpResponse<Void> page = http.send(HttpRequest.newBuilder(base.resolve("login.html"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
        if (page.statusCode() == 200) {
          return this;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    kill();
    throw new IllegalStateException("the server was not ready within " + READY_WITHIN + ":\n" + logTail());
  }

  /** The server's JVM: the deepest descendant of the launched process (timeout, maybe a script, then java). */
  private List<ProcessHandle> tree() {
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    return all;
  }

  /**
   * The server's JVM: the {@code java} process among the launched process's descendants (else the
   * deepest of them), for a signal or a look at its memory ({@code /proc/<pid>/status}).
   */
  ProcessHandle jvm() {
    List<ProcessHandle> descendants = process.descendants().toList();
    ProcessHandle jvm = descendants.isEmpty() ? process.toHandle() : descendants.get(descendants.size() - 1);
    for (ProcessHandle handle : descendants) {
      if (handle.info().command().map(c -> c.endsWith("/java")).orElse(false)) {
        jvm = handle;
      }
    }
    return jvm;
  }

  /** SIGKILL to every process of the server, as a crash or an out-of-memory killer does; waits for the end. */
  void kill() throws InterruptedException {
    for (ProcessHandle handle : tree()) {
      handle.destroyForcibly();
    }
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the server did not die within 60 s of SIGKILL");
    }
  }

  /**
   * SIGTERM to the server's JVM, as a service manager stops it: the server shuts down in order
   * (Collab drains, the store closes). Waits for the end; fails if it takes more than two minutes.
   */
  void stop() throws InterruptedException {
    jvm().destroy();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      kill();
      throw new IllegalStateException("the server did not stop within 120 s of SIGTERM:\n" + logTail());
    }
  }

  /** The last 60 lines of the server's output. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** The server's whole output so far. */
  String log() throws IOException {
    return Files.readString(log, StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
