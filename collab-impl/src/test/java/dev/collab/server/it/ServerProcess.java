package dev.collab.server.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.collab.jpa.JpaDocumentStore;
import dev.collab.server.jms.JmsClusterBus;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.flywaydb.core.Flyway;

/**
 * A Collab server in a JVM of its own: the application of {@link JettyApp} (what {@link JettyIT}
 * runs in-process) on {@code 127.0.0.1:<collab.process.port>/app/}, plus {@code GET /app/test/health}.
 * The tests fork it with {@link #start} on the failsafe JVM's own class path and kill it with
 * SIGKILL to show what survives a crash.
 *
 * <p>System properties of the process (besides Collab's own settings such as {@code collab.bus}
 * and {@code collab.redis.uri}, read by {@code CollabDefaults} as in any deployment):
 *
 * <ul>
 *   <li>{@code collab.process.port}: the port (required);
 *   <li>{@code collab.process.store}: {@code memory} (default, Collab's default bean) or
 *       {@code jpa}: {@link JpaDocumentStore} on a RESOURCE_LOCAL {@code EntityManagerFactory}
 *       (unit {@code collab-process}, Hibernate) at {@code collab.process.jdbc.url},
 *       {@code .user}, {@code .password}, over a HikariCP pool; the shipped PostgreSQL migrations are applied first by
 *       Flyway when not yet applied (Flyway locks, so nodes starting together are safe);
 *   <li>{@code collab.process.policy}: {@code grants} for {@code GrantAccessPolicy} over the JPA
 *       store's grants with {@link PrivateDocumentsPolicy} as the application's own rules (else
 *       Collab's default policy);
 *   <li>{@code collab.process.jms.url}: with {@code collab.bus=jms}, the Artemis broker URL; the
 *       process builds the {@link JmsClusterBus} on an Artemis connection factory itself, because
 *       plain Jetty has no JNDI to look one up in (topic {@code collab.jms.topic}, default
 *       {@code collab});
 *   <li>{@code collab.process.max-seconds}: the process halts by itself after that long (default
 *       600), and also as soon as its standard input ends (the forking JVM died).
 * </ul>
 *
 * <p>The store and the bus the process builds reach CDI through {@link ProcessBeans}.
 */
public final class ServerProcess {
  private static final String HEALTH = "test/health";

  public static void main(String[] args) throws Exception {
    long maxSeconds = Long.getLong("collab.process.max-seconds", 600);
    daemon("server-process-watchdog", () -> {
      try {
        Thread.sleep(TimeUnit.SECONDS.toMillis(maxSeconds));
        System.err.println("server process: collab.process.max-seconds reached, halting");
      } catch (InterruptedException e) {
        return;
      }
      Runtime.getRuntime().halt(3);
    });
    daemon("server-process-parent", () -> {
      try {
        while (System.in.read() != -1) {
          // the forking JVM writes nothing; end of input means it is gone
        }
      } catch (IOException e) {
        // as end of input
      }
      // Process.destroy() (SIGTERM) also closes the streams: give a graceful shutdown (Jetty stop,
      // Collab's drain) its time first; halt only if the JVM is still up after that.
      System.err.println("server process: standard input closed; halting in 20 s unless already shut down");
      try {
        Thread.sleep(20_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Runtime.getRuntime().halt(4);
    });

    int port = Integer.parseInt(System.getProperty("collab.process.port"));
    String store = System.getProperty("collab.process.store", "memory");
    switch (store) {
      case "memory":
        break;
      case "jpa":
        ProcessBeans.store = new JpaDocumentStore(jpa());
        break;
      default:
        throw new IllegalArgumentException("collab.process.store=" + store + " is not one of memory, jpa");
    }
    if ("grants".equals(System.getProperty("collab.process.policy"))) {
      // What an application does for documents private unless shared (docs/SHARING.md).
      if (ProcessBeans.store == null) {
        throw new IllegalArgumentException("collab.process.policy=grants needs collab.process.store=jpa");
      }
      ProcessBeans.policy = new dev.collab.server.defaults.GrantAccessPolicy(ProcessBeans.store.grants(),
          new PrivateDocumentsPolicy());
    }
    String jmsUrl = System.getProperty("collab.process.jms.url");
    if (jmsUrl != null) {
      ProcessBeans.bus = new JmsClusterBus(
          new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(jmsUrl),
          System.getProperty("collab.jms.topic", "collab"));
    }

    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = JettyApp.context("/app");
    context.addServlet(Health.class, "/" + HEALTH);
    server.setHandler(context);
    // On SIGTERM: drain Collab first (new work refused, queued work acknowledged, connections closed
    // with 1001), then stop Jetty. Jetty's own stop-at-shutdown would cut the connections before the
    // application is told, which clients see as 1006 instead of "going away".
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      dev.collab.server.internal.cdi.GracefulShutdown.drainAll();
      try {
        server.stop();
      } catch (Exception e) {
        e.printStackTrace();
      }
    }, "collab-graceful-shutdown"));
    server.start();
    System.out.println("server process: listening on " + connector.getLocalPort() + ", store " + store
        + ", bus " + System.getProperty("collab.bus", "local"));
    System.out.flush();
    server.join();
  }

  private static EntityManagerFactory jpa() {
    String url = System.getProperty("collab.process.jdbc.url");
    String user = System.getProperty("collab.process.jdbc.user", "collab");
    String password = System.getProperty("collab.process.jdbc.password", "collab");
    // The documented Java SE setup: a pool that replaces broken connections (HikariCP), handed to
    // the persistence unit as its data source. After a database restart the pooled connections
    // are dead: the first use of each fails and evicts it, new ones are opened, and service
    // resumes by itself (PostgresRestartIT). Waiting for a connection is bounded, so while the
    // database is down submits fail after 5 s instead of hanging.
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("collab");
    pool.setJdbcUrl(url);
    pool.setUsername(user);
    pool.setPassword(password);
    pool.setMaximumPoolSize(8);
    pool.setConnectionTimeout(5_000);
    HikariDataSource dataSource = new HikariDataSource(pool);
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration/collab/postgresql")
        .table("collab_schema_history")
        .load()
        .migrate();
    return Persistence.createEntityManagerFactory("collab-process", Map.of(
        "jakarta.persistence.nonJtaDataSource", dataSource));
  }

  private static void daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** 200 once the application is up (Jetty opens the connector after the context started). */
  public static final class Health extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.setContentType("text/plain");
      response.getWriter().print("ok");
    }
  }

  // ---------------------------------------------------------------- launcher (the test JVM)

  /** A free port of 127.0.0.1 (free when asked; the process binds it a moment later). */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /**
   * Forks {@code java -cp <this JVM's class path> dev.collab.server.it.ServerProcess} with the
   * given system properties on {@code port}; its output goes to
   * {@code target/server-processes/<port>-<n>.log}. Returns at once: call {@link Handle#awaitReady}.
   */
  public static Handle start(int port, Map<String, String> systemProperties) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Dcollab.process.port=" + port);
    systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ServerProcess.class.getName());
    Path logs = Path.of("target", "server-processes");
    Files.createDirectories(logs);
    Path log = logs.resolve(port + "-" + System.nanoTime() + ".log");
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    return new Handle(process, port, log);
  }

  /** A forked server. */
  public static final class Handle implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    Handle(Process process, int port, Path log) {
      this.process = process;
      this.port = port;
      this.log = log;
    }

    /** {@code http://127.0.0.1:<port>/app/}. */
    public URI uri() {
      return URI.create("http://127.0.0.1:" + port + "/app/");
    }

    /** The WebSocket endpoint, {@code ws://127.0.0.1:<port>/app/collab/ws}. */
    public URI ws() {
      return URI.create("ws://127.0.0.1:" + port + "/app/collab/ws");
    }

    public int port() {
      return port;
    }

    public long pid() {
      return process.pid();
    }

    public boolean isAlive() {
      return process.isAlive();
    }

    /** Polls {@code test/health} until it answers 200; fails at the deadline or if the process ends. */
    public Handle awaitReady(Duration within) throws IOException, InterruptedException {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
      HttpRequest request = HttpRequest.newBuilder(uri().resolve(HEALTH)).timeout(Duration.ofSeconds(2)).GET().build();
      long deadline = System.nanoTime() + within.toNanos();
      while (true) {
        if (!process.isAlive()) {
          throw new IOException("server process on port " + port + " exited with " + process.exitValue()
              + " before it was ready; log:\n" + tail());
        }
        try {
          if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            return this;
          }
        } catch (IOException e) {
          // not listening yet
        }
        if (System.nanoTime() > deadline) {
          throw new IOException("server process on port " + port + " not ready within " + within + "; log:\n" + tail());
        }
        Thread.sleep(100);
      }
    }

    /** SIGKILL ({@link Process#destroyForcibly()}): no shutdown hook, no flush; waits until it is gone. */
    public void kill() throws InterruptedException {
      process.destroyForcibly();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("server process " + process.pid() + " still alive 10 s after SIGKILL");
      }
    }

    /** SIGTERM (a graceful shutdown: Jetty stops, Collab drains), then SIGKILL after 30 s. */
    public void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    }

    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        stop();
      }
    }

    /** The last lines of the process's output, for failure messages. */
    public String tail() {
      try {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
      } catch (IOException e) {
        return "(no log: " + e + ")";
      }
    }

    @Override
    public String toString() {
      return "server process " + process.pid() + " on " + port + " (" + log + ")";
    }
  }
}
