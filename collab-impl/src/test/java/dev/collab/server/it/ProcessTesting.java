package dev.collab.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.client.CollabClient;
import dev.collab.client.DocumentError;
import dev.collab.client.DocumentListener;
import dev.collab.client.SharedDocument;
import dev.collab.ot.Delta;
import dev.collab.testing.RandomDeltas;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/** What {@link ProcessClusterIT} and {@link CrashIT} share: a database, editing clients, the checks. */
final class ProcessTesting {
  private ProcessTesting() {}

  /**
   * A PostgreSQL database of its own, created empty (the server processes migrate it) and dropped
   * with {@link #close}. Skips the test when PostgreSQL is unreachable, unless
   * {@code COLLAB_TEST_POSTGRES=required} (or {@code -Dcollab.test.postgres=required}).
   * {@code -Dcollab.test.postgres.url} (default {@code jdbc:postgresql://127.0.0.1:5432/}),
   * {@code .user} and {@code .password} (default {@code collab}) as for collab-jpa's tests.
   */
  static final class Database implements AutoCloseable {
    final String url;
    final String user;
    final String password;
    private final String base;
    private final String name;

    private Database(String base, String name, String user, String password) {
      this.base = base;
      this.name = name;
      this.url = base + name;
      this.user = user;
      this.password = password;
    }

    static Database create() throws SQLException {
      String base = System.getProperty("collab.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/");
      String user = System.getProperty("collab.test.postgres.user", "collab");
      String password = System.getProperty("collab.test.postgres.password", "collab");
      boolean required = "required".equals(System.getProperty("collab.test.postgres", System.getenv("COLLAB_TEST_POSTGRES")));
      String name = "collab_proc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      try (Connection admin = DriverManager.getConnection(base + "postgres", user, password);
          Statement s = admin.createStatement()) {
        s.execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
      } catch (SQLException e) {
        if (required) {
          throw e;
        }
        Assumptions.abort("PostgreSQL at " + base + " as " + user + " is not usable (" + e.getMessage()
            + "); set COLLAB_TEST_POSTGRES=required to fail instead");
      }
      return new Database(base, name, user, password);
    }

    /** A new, empty database on the server at {@code base} (a {@link PrivatePostgres}, for example). */
    static Database createOn(String base, String user, String password) throws SQLException {
      String name = "collab_proc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      try (Connection admin = DriverManager.getConnection(base + "postgres", user, password);
          Statement s = admin.createStatement()) {
        s.execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
      }
      return new Database(base, name, user, password);
    }

    /** The system properties that put a {@link ServerProcess} on this database. */
    Map<String, String> serverProperties() {
      return Map.of("collab.process.store", "jpa", "collab.process.jdbc.url", url,
          "collab.process.jdbc.user", user, "collab.process.jdbc.password", password);
    }

    /** The versions of the document's op log, in order. */
    List<Long> versions(String doc) throws SQLException {
      List<Long> versions = new ArrayList<>();
      try (Connection c = DriverManager.getConnection(url, user, password);
          PreparedStatement s = c.prepareStatement("SELECT version FROM collab_op WHERE document_id = ? ORDER BY version")) {
        s.setString(1, doc);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            versions.add(r.getLong(1));
          }
        }
      }
      return versions;
    }

    /** How often each {@code client:seq} is in the document's op log. */
    Map<String, Integer> submits(String doc) throws SQLException {
      Map<String, Integer> counts = new ConcurrentHashMap<>();
      try (Connection c = DriverManager.getConnection(url, user, password);
          PreparedStatement s = c.prepareStatement("SELECT client_id, seq FROM collab_op WHERE document_id = ?")) {
        s.setString(1, doc);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            counts.merge(r.getString(1) + ":" + r.getLong(2), 1, Integer::sum);
          }
        }
      }
      return counts;
    }

    @Override
    public void close() throws SQLException {
      try (Connection admin = DriverManager.getConnection(base + "postgres", user, password);
          Statement s = admin.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    }
  }

  /** Creates a rich-text document through the server's test servlet. */
  static void create(URI http, String doc) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(http.resolve("test/create?id=" + doc)).POST(HttpRequest.BodyPublishers.noBody())
            .header("Authorization", TestSecurity.basic("ann")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  /**
   * One editing client: a {@link CollabClient} on {@code first} with the other nodes as failover,
   * which records every acknowledgement it hears and edits at random while {@link #edit} runs.
   */
  static final class Editor implements AutoCloseable {
    final String name;
    final CollabClient client;
    final SharedDocument<Delta> doc;
    final Set<Long> acked = ConcurrentHashMap.newKeySet();
    final List<String> errors = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    /** The close codes of the connections this client lost. */
    final List<Integer> closeCodes = new CopyOnWriteArrayList<>();
    final AtomicInteger edits = new AtomicInteger();
    private final Random random;
    private final RandomDeltas deltas;

    Editor(String name, String user, URI first, List<URI> failover, String docId, long seed) throws Exception {
      this.name = name;
      this.random = new Random(seed);
      this.deltas = new RandomDeltas(random);
      this.client = CollabClient.builder(first)
          .failover(failover)
          .clientId(name)
          .header("Authorization", TestSecurity.basic(user))
          .reconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))
          // Ride out a storage outage (PostgresRestartIT): a submit refused as internal is resubmitted.
          .maxSubmitRetries(60)
          .maxReconnectAttempts(60)
          .timeout(Duration.ofSeconds(15))
          .pingInterval(Duration.ofSeconds(2))
          .jitterSeed(seed)
          .listener(new CollabClient.Listener() {
            @Override
            public void onConnected(dev.collab.User user) {
              connections.incrementAndGet();
            }

            @Override
            public void onDisconnected(int code, String reason, Duration retryIn) {
              closeCodes.add(code);
            }
          })
          .connect();
      this.doc = client.open(docId);
      doc.addListener(new DocumentListener<>() {
        @Override
        public void onAck(long seq, long version) {
          acked.add(seq);
        }

        @Override
        public void onError(DocumentError error) {
          errors.add(error.toString());
        }
      });
    }

    /** Random edits, 5 to 25 ms apart, until {@code stop} is set. */
    void edit(AtomicBoolean stop) throws InterruptedException {
      while (!stop.get()) {
        doc.edit(deltas::edit);
        edits.incrementAndGet();
        Thread.sleep(5 + random.nextInt(20));
      }
    }

    @Override
    public void close() {
      client.close();
    }

    @Override
    public String toString() {
      return name + " (" + edits + " edits, " + acked.size() + " acks, " + connections + " connections, errors " + errors + ")";
    }
  }

  /**
   * Waits until every editor has nothing pending and all have the same version, then checks:
   * the same document everywhere; the op log's versions are 1..n with n that version; every
   * {@code client:seq} is in the log once and every acknowledged one is there.
   */
  static void checkConverged(List<Editor> editors, Database db, String doc, long seed) throws Exception {
    for (Editor editor : editors) {
      editor.doc.whenSynced().get(60, TimeUnit.SECONDS);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    long head = 0;
    while (System.nanoTime() < deadline) {
      head = db.versions(doc).size();
      long h = head;
      if (editors.stream().allMatch(e -> e.doc.version() == h && !e.doc.hasPending())) {
        break;
      }
      Thread.sleep(50);
    }
    String context = "seed " + seed + ", " + editors;
    List<Long> versions = db.versions(doc);
    assertThat(versions).as("versions 1..n in the op log, " + context).hasSize((int) head);
    for (int i = 0; i < versions.size(); i++) {
      assertThat(versions.get(i)).as("version at " + i + ", " + context).isEqualTo(i + 1L);
    }
    Delta expected = editors.get(0).doc.document();
    for (Editor editor : editors) {
      assertThat(editor.doc.version()).as(editor.name + " version, " + context).isEqualTo(head);
      assertThat(editor.doc.document()).as(editor.name + " document, " + context).isEqualTo(expected);
    }
    Map<String, Integer> submits = db.submits(doc);
    assertThat(submits.values()).as("each client:seq once, " + context).allMatch(n -> n == 1);
    int acks = 0;
    for (Editor editor : editors) {
      for (long seq : editor.acked) {
        assertThat(submits).as("acknowledged " + editor.name + ":" + seq + " in the log, " + context)
            .containsKey(editor.name + ":" + seq);
        acks++;
      }
    }
    assertThat(acks).as("acknowledgements heard").isPositive();
    System.out.println("converged at version " + head + " (" + acks + " acks heard, " + expected.length()
        + " characters), seed " + seed + ": " + editors);
  }
}
