package dev.collab.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The health probes on Payara Micro, over HTTP without a login, with the sample on PostgreSQL (a
 * database of the test's own) and the Redis bus (a {@code redis-server} of the test's own): one
 * boot for both scenarios. MicroProfile Health's {@code /health/live} and {@code /health/ready}
 * and Collab's {@code collab/api/health/live} and {@code .../ready} must say the same: ready while
 * the store and the bus answer, not ready (503) within a bounded wait when either goes, live all
 * along, ready again once it is back. The shared PostgreSQL and Redis are never stopped: the
 * test's database refuses connections ({@code ALLOW_CONNECTIONS false}, its sessions terminated),
 * and the test's own Redis is killed and started again on the same port.
 */
class PayaraHealthIT {
  /** Hikari waits 30 s for a connection and Lettuce's reconnect backs off up to 30 s: room for both. */
  private static final Duration WITHIN = Duration.ofSeconds(90);

  private static TestPostgres database;
  private static OwnRedis redis;
  private static SampleServer server;
  private static SampleHttp http;

  @BeforeAll
  static void start() throws Exception {
    Path workDir = Path.of(System.getProperty("sample.it.data-dir", "target/it-data"), "health-" + System.nanoTime());
    database = TestPostgres.create();
    redis = OwnRedis.start(workDir.resolve("redis.log"));
    server = PayaraMicroServer.start(Map.of("SAMPLE_DB", "postgresql", "SAMPLE_JDBC_URL", database.url(),
        "SAMPLE_JDBC_USER", TestPostgres.USER, "SAMPLE_JDBC_PASSWORD", TestPostgres.PASSWORD,
        "COLLAB_BUS", "redis", "COLLAB_REDIS_URI", redis.uri()), workDir);
    http = new SampleHttp(server.base());
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      try {
        if (redis != null) {
          redis.close();
        }
      } finally {
        if (database != null) {
          database.close();
        }
      }
    }
  }

  /** The status of each of Collab's checks in the JSON endpoint's answer, e.g. {@code store=UP}. */
  private static Map<String, String> collabChecks(HttpResponse<String> response) {
    JsonObject body = SampleHttp.json(response.body()).asJsonObject();
    return body.getJsonArray("checks").stream().map(JsonValue::asJsonObject)
        .collect(Collectors.toMap(c -> c.getString("name"), c -> c.getString("status")));
  }

  /** MicroProfile Health's answer: the {@code collab} check's status and data. */
  private static JsonObject microProfileCheck(HttpResponse<String> response) {
    assertThat(response.headers().firstValue("Content-Type")).as(response.body()).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    JsonObject body = SampleHttp.json(response.body()).asJsonObject();
    return body.getJsonArray("checks").stream().map(JsonValue::asJsonObject)
        .filter(c -> c.getString("name").equals("collab")).findFirst()
        .orElseThrow(() -> new AssertionError("no collab check in " + response.body()));
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.get(path, null);
  }

  /** Both readiness endpoints answer {@code status}, the collab checks {@code expected}. */
  private static void assertReady(int status, Map<String, String> expected) throws Exception {
    HttpResponse<String> ours = get("collab/api/health/ready");
    assertThat(ours.statusCode()).as(ours.body()).isEqualTo(status);
    assertThat(ours.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(collabChecks(ours)).isEqualTo(expected);
    HttpResponse<String> mp = get("health/ready");
    assertThat(mp.statusCode()).as(mp.body()).isEqualTo(status);
    JsonObject check = microProfileCheck(mp);
    assertThat(check.getString("status")).isEqualTo(status == 200 ? "UP" : "DOWN");
    expected.forEach((name, up) -> assertThat(check.getJsonObject("data").getString(name)).startsWith(up + ":"));
  }

  /** Both liveness endpoints answer 200, without a login. */
  private static void assertLive() throws Exception {
    HttpResponse<String> ours = get("collab/api/health/live");
    assertThat(ours.statusCode()).as(ours.body()).isEqualTo(200);
    assertThat(collabChecks(ours)).isEqualTo(Map.of("engine", "UP"));
    HttpResponse<String> mp = get("health/live");
    assertThat(mp.statusCode()).as(mp.body()).isEqualTo(200);
    assertThat(microProfileCheck(mp).getString("status")).isEqualTo("UP");
  }

  private static final Map<String, String> ALL_UP = Map.of("engine", "UP", "drain", "UP", "store", "UP", "bus", "UP");

  private static Map<String, String> allUpBut(String down) {
    Map<String, String> expected = new java.util.HashMap<>(ALL_UP);
    expected.put(down, "DOWN");
    return expected;
  }

  private static void sql(String statement) throws Exception {
    try (Connection admin = DriverManager.getConnection(
            database.url().substring(0, database.url().lastIndexOf('/') + 1) + "postgres", TestPostgres.USER,
            TestPostgres.PASSWORD);
        Statement s = admin.createStatement()) {
      s.execute(statement);
    }
  }

  @Test
  @DisplayName("PostgreSQL stops for the app: not ready (store DOWN) within a bounded wait, live all along; back, ready again")
  void databaseGoesAndComesBack() throws Exception {
    await().atMost(WITHIN).untilAsserted(() -> assertReady(200, ALL_UP));
    assertLive();
    String name = database.url().substring(database.url().lastIndexOf('/') + 1);
    sql("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
    try {
      sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
      await().atMost(WITHIN).untilAsserted(() -> assertReady(503, allUpBut("store")));
      assertLive();
    } finally {
      sql("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
    }
    await().atMost(WITHIN).untilAsserted(() -> assertReady(200, ALL_UP));
    assertLive();
  }

  @Test
  @DisplayName("the Redis bus's server dies: not ready (bus DOWN) within a bounded wait, live all along; restarted, ready again")
  void busGoesAndComesBack() throws Exception {
    await().atMost(WITHIN).untilAsserted(() -> assertReady(200, ALL_UP));
    redis.kill();
    await().atMost(WITHIN).untilAsserted(() -> assertReady(503, allUpBut("bus")));
    assertLive();
    redis.start();
    await().atMost(WITHIN).untilAsserted(() -> assertReady(200, ALL_UP));
    assertLive();
  }
}
