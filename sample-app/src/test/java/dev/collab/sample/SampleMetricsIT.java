package dev.collab.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.ErrorCode;
import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ServerMessage;
import dev.collab.tck.WireSocket;
import jakarta.json.Json;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} on the sample app as Payara Micro runs it (post-boot command file included):
 * who may scrape, and what a scrape shows after a writer's load. Every write goes through this
 * test, so the committed-ops counter must equal the acks it received once the writer is paused
 * with nothing in flight (a condition, not a sleep).
 */
class SampleMetricsIT {
  private static final int OPS = 30;

  @Test
  @DisplayName("/metrics: 401 anonymous or with a wrong token, 403 for a writer, the Prometheus text for admin or the token; after a load every collab meter is there and the committed ops equal the acks")
  void metricsOfTheSample() throws Exception {
    Path workDir = Files.createDirectories(Path.of("target", "metrics-it", UUID.randomUUID().toString().substring(0, 8)))
        .toAbsolutePath();
    String token = UUID.randomUUID().toString();
    Map<String, String> settings = Map.of("SAMPLE_DB", "h2", "SAMPLE_DATA_DIR", workDir.resolve("data").toString(),
        "SAMPLE_METRICS_TOKEN", token);
    try (SampleServer server = PayaraMicroServer.start(settings, workDir)) {
      SampleHttp http = new SampleHttp(server.base());
      String admin = http.login("admin");
      String alice = http.login("alice");

      HttpResponse<String> anonymous = http.get("metrics", null);
      assertThat(anonymous.statusCode()).as("anonymous").isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      assertThat(http.send("GET", "metrics", null, null, "Authorization", "Bearer wrong").statusCode())
          .as("a wrong token").isEqualTo(401);
      assertThat(http.get("metrics", http.login("bob")).statusCode()).as("a writer").isEqualTo(403);
      HttpResponse<String> byToken = http.send("GET", "metrics", null, null, "Authorization", "Bearer " + token);
      assertThat(byToken.statusCode()).as("the scrape token").isEqualTo(200);
      assertThat(byToken.body()).as("the sample's registry, not Payara's MicroProfile Metrics")
          .contains("collab_connections_open").doesNotContain("# TYPE base_");

      String doc = http.createDocument(alice, "metrics-" + UUID.randomUUID().toString().substring(0, 8), "Metrics");
      SampleWriter writer = SampleWriter.join(http, alice, doc);
      try {
        writer.awaitVersion(OPS);
        writer.pause(); // returns once the submit in flight is acked: nothing is in flight
        rejectOne(http, alice, doc);
        int acked = writer.acked().size();

        HttpResponse<String> scraped = http.get("metrics", admin);
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.headers().firstValue("Content-Type")).hasValueSatisfying(
            type -> assertThat(type).startsWith("text/plain").contains("version=0.0.4"));
        Prometheus metrics = Prometheus.parse(scraped.body());
        System.out.printf(java.util.Locale.ROOT, "SampleMetricsIT: %d acks; scraped %.0f committed, %.0f ack-latency"
            + " samples (mean %.1f ms), %.0f store calls for %.0f documents' appends, %d series%n", acked,
            metrics.sum("collab_ops_committed_total"), metrics.sum("collab_submit_ack_latency_seconds_count"),
            1e3 * metrics.sum("collab_submit_ack_latency_seconds_sum") / metrics.sum("collab_submit_ack_latency_seconds_count"),
            metrics.sum("collab_commit_batch_documents_count"), metrics.sum("collab_commit_batch_documents_sum"),
            metrics.series().size());

        assertThat(metrics.sum("collab_ops_committed_total")).as("committed = acked").isEqualTo(acked);
        assertThat(metrics.value("collab_ops_committed_total", "type=\"rich-text\"")).isEqualTo(acked);
        assertThat(metrics.sum("collab_submit_ack_latency_seconds_count")).isEqualTo(acked);
        assertThat(metrics.sum("collab_submit_ack_latency_seconds_sum")).isPositive();
        assertThat(metrics.has("collab_submit_ack_latency_seconds_bucket")).as("a percentile histogram").isTrue();
        assertThat(metrics.sum("collab_fanout_latency_seconds_count")).isBetween(1.0, (double) acked);
        assertThat(metrics.sum("collab_submit_transforms_count")).isEqualTo(acked);
        assertThat(metrics.sum("collab_commit_batch_documents_count")).isBetween(1.0, (double) acked);
        assertThat(metrics.sum("collab_commit_batch_documents_sum")).isBetween(1.0, (double) acked);
        assertThat(metrics.sum("collab_store_append_latency_seconds_count"))
            .isEqualTo(metrics.sum("collab_commit_batch_documents_count"));
        assertThat(metrics.value("collab_submits_rejected_total", "code=\"version-ahead\"")).isEqualTo(1);
        assertThat(metrics.value("collab_submits_rejected_total", "code=\"rate-limited\"")).isZero();
        assertThat(metrics.value("collab_ratelimit_hits_total", "limit=\"messages\"")).isZero();
        assertThat(metrics.value("collab_connections_slow_closed_total", "")).isZero();
        assertThat(metrics.value("collab_store_errors_total", "operation=\"append\"")).isZero();
        assertThat(metrics.value("collab_bus_messages_published_total", "")).as("one node: nothing to publish").isZero();
        assertThat(metrics.value("collab_bus_messages_received_total", "")).isZero();
        assertThat(metrics.value("collab_bus_ops_lost_total", "")).isZero();
        assertThat(metrics.value("collab_bus_gap_fills_total", "")).isZero();
        assertThat(metrics.value("collab_connections_open", "")).as("the writer's connection").isGreaterThanOrEqualTo(1);
        assertThat(metrics.value("collab_sessions_joined", "")).isGreaterThanOrEqualTo(1);
        assertThat(metrics.value("collab_documents_loaded", "")).isGreaterThanOrEqualTo(1);
        assertThat(metrics.value("collab_draining", "")).isZero();
        // the JVM's, the pool's and Hibernate's meters are in the same registry
        assertThat(metrics.has("jvm_memory_used_bytes")).isTrue();
        assertThat(metrics.has("hikaricp_connections_active")).isTrue();
        assertThat(metrics.sum("hibernate_sessions_open_total")).as("Hibernate's statistics are on").isPositive();
      } finally {
        writer.resume();
        writer.stop();
      }
    }
  }

  /** A submit based on a version far ahead, answered version-ahead: one rejected submit. */
  private static void rejectOne(SampleHttp http, String cookie, String doc) throws Exception {
    try (WireSocket socket = WireSocket.open(HttpClient.newHttpClient(), http.webSocket(),
        Map.of("Cookie", cookie, "Origin", http.origin()), Duration.ofSeconds(60)).get(20, TimeUnit.SECONDS)) {
      socket.send(new ClientMessage.Hello(1, "rejected-" + UUID.randomUUID().toString().substring(0, 8)));
      socket.next(ServerMessage.Welcome.class);
      socket.send(new ClientMessage.Join(doc, null));
      socket.next(ServerMessage.Snapshot.class);
      socket.send(new ClientMessage.Submit(doc, 1_000_000, 1,
          Json.createArrayBuilder().add(Json.createObjectBuilder().add("insert", "x")).build()));
      assertThat(socket.next(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.VERSION_AHEAD);
    }
  }

  /** A scrape in the Prometheus text format: each sample line's series ({@code name{labels}}) and value. */
  record Prometheus(Map<String, Double> series) {
    static Prometheus parse(String text) {
      Map<String, Double> series = new HashMap<>();
      for (String line : text.split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int space = line.lastIndexOf(' ');
        series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
      return new Prometheus(series);
    }

    private static String name(String key) {
      int brace = key.indexOf('{');
      return brace < 0 ? key : key.substring(0, brace);
    }

    boolean has(String name) {
      return series.keySet().stream().anyMatch(key -> name(key).equals(name));
    }

    /** The sum over every series of {@code name}; fails if there is none. */
    double sum(String name) {
      assertThat(has(name)).as("a series named %s", name).isTrue();
      return series.entrySet().stream().filter(e -> name(e.getKey()).equals(name)).mapToDouble(Map.Entry::getValue).sum();
    }

    /** The value of the one series of {@code name} whose labels contain {@code label}; fails unless exactly one. */
    double value(String name, String label) {
      var matching = series.entrySet().stream()
          .filter(e -> name(e.getKey()).equals(name) && e.getKey().contains(label)).toList();
      assertThat(matching).as("one series %s{%s} in %s", name, label, matching).hasSize(1);
      return matching.get(0).getValue();
    }
  }
}
