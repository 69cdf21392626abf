package dev.collab.server.it;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.client.CollabClient;
import dev.collab.client.DocumentListener;
import dev.collab.client.SharedDocument;
import dev.collab.internal.json.BoundedJson;
import dev.collab.ot.Delta;
import dev.collab.ot.DeltaJson;
import dev.collab.ot.JsonLimits;
import dev.collab.ot.RichText;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@code collab.v1} over a live socket on embedded Jetty (booted as {@link JettyIT} does):
 * two fuzzing connections (ann, as the well-behaved client, and bob) send valid, mutated and random
 * frames ({@link FrameFuzzer}) at a victim document that a well-behaved {@link CollabClient} edits.
 * After each frame a {@code ping}; every request must be answered before its {@code pong} arrives
 * or shortly after ({@link AnswerOracle}), and a close must carry a code {@code docs/PROTOCOL.md}
 * allows for what was sent (1009 for a frame over {@code maxMessageBytes}, 1013), after which the
 * fuzzer reconnects. Throughout and at the end: the documents change only through acknowledged ops
 * (the stored log holds exactly the acknowledged {@code (client, seq)} at their versions, and its
 * ops compose to the document REST serves), the well-behaved client keeps editing and converges,
 * and no server thread reported an uncaught exception.
 *
 * <p>Seeded ({@code -Dcollab.seed}, printed), bounded by {@code -Dcollab.fuzz.cases} (2,000) and
 * {@code -Dcollab.fuzz.seconds} (60) of wall clock, whichever comes first. The server's answers
 * depend on timing (the well-behaved client edits concurrently), so a seed replays the frames, and
 * the run as far as the answers repeat.
 */
class ProtocolFuzzIT {
  private static final long SEED = Long.getLong("collab.seed", new Random().nextLong());
  private static final int CASES = Integer.getInteger("collab.fuzz.cases", 2_000);
  private static final long SECONDS = Long.getLong("collab.fuzz.seconds", 60);
  /** Prints every frame and answer (first 300 characters), to follow a failure. */
  private static final boolean TRACE = Boolean.getBoolean("collab.fuzz.trace");
  private static final int MAX_MESSAGE_BYTES = 1 << 20;
  private static final int MAX_OP_LENGTH = 100_000;
  /** The rate limits would answer most frames rate-limited; a small document limit is reachable. */
  private static final Map<String, String> SETTINGS = Map.of(
      "collab.max-messages-per-second", "1000000",
      "collab.max-messages-per-second-per-user", "1000000",
      "collab.max-document-length", "150000");
  private static final String VICTIM = "fuzz-victim";
  private static final String OTHER = "fuzz-other";
  private static final List<String> DOCS = List.of(VICTIM, OTHER, "fuzz-missing", "...", "a b", "x".repeat(129), "");

  private static final Map<String, String> previous = new HashMap<>();
  private static final List<String> died = new CopyOnWriteArrayList<>();
  private static Thread.UncaughtExceptionHandler previousHandler;
  private static Server server;
  private static URI http;
  private static URI ws;

  private final HttpClient client = HttpClient.newHttpClient();
  private final FuzzRecord record = new FuzzRecord();

  @BeforeAll
  static void boot() throws Exception {
    SETTINGS.forEach((key, value) -> previous.put(key, System.setProperty(key, value)));
    previousHandler = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
      died.add(thread.getName() + ": " + error);
      error.printStackTrace();
    });
    server = JettyApp.start("/app");
    http = JettyApp.base(server, "/app");
    ws = URI.create("ws" + http.toString().substring("http".length()) + "collab/ws");
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (server != null) {
        server.stop();
      }
    } finally {
      previous.forEach((key, value) -> {
        if (value == null) {
          System.clearProperty(key);
        } else {
          System.setProperty(key, value);
        }
      });
      Thread.setDefaultUncaughtExceptionHandler(previousHandler);
    }
  }

  @Test
  @DisplayName("valid, mutated and random frames are each answered, close only as documented, change nothing unacknowledged")
  void fuzz() throws Exception {
    System.out.println("ProtocolFuzzIT seed: " + SEED + " (rerun with -Dcollab.seed=" + SEED + ")");
    Random random = new Random(SEED);
    create(VICTIM);
    create(OTHER);

    CollabClient good = CollabClient.builder(ws).header("Authorization", TestSecurity.basic("ann"))
        .reconnectBackoff(Duration.ofMillis(50), Duration.ofSeconds(1)).jitterSeed(SEED)
        .listener(new CollabClient.Listener() {
          @Override
          public void onDisconnected(int code, String reason, Duration retryIn) {
            record.failures.add("the well-behaved client was disconnected: " + code + " " + reason);
          }
        }).connect();
    SharedDocument<Delta> view = good.open(VICTIM);
    view.addListener(new DocumentListener<>() {
      @Override
      public void onAck(long seq, long version) {
        record.acked.computeIfAbsent(VICTIM, d -> new ConcurrentHashMap<>()).put(good.clientId() + "/" + seq, version);
      }

      @Override
      public void onError(dev.collab.client.DocumentError error) {
        record.failures.add("the well-behaved client got " + error);
      }
    });
    view.edit(d -> Delta.builder().insert("The well-behaved text.\nSecond line, ").insert("bold", Map.of("bold", JsonValue.TRUE))
        .insert("\n").build());
    view.whenSynced().get(20, TimeUnit.SECONDS);

    JsonLimits limits = new JsonLimits(MAX_MESSAGE_BYTES, 16, JsonLimits.DEFAULT.maxStringLength(), JsonLimits.DEFAULT.maxOps());
    FrameFuzzer generator = new FrameFuzzer(random, DOCS, MAX_MESSAGE_BYTES, MAX_OP_LENGTH);
    FuzzConnection.Config config = new FuzzConnection.Config(client, ws, VICTIM, OTHER, limits, TRACE);
    List<FuzzConnection> fuzzers = List.of(new FuzzConnection("ann", "fa", random, SEED, record, config),
        new FuzzConnection("bob", "fb", random, SEED, record, config));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
    long start = System.nanoTime();
    int cases = 0;
    while (cases < CASES && System.nanoTime() < deadline && record.failures.size() < 20) {
      FuzzConnection f = fuzzers.get(random.nextInt(5) == 0 ? 1 : 0);
      if (f.socket == null) {
        f.connect(generator);
        if (f.socket == null) {
          continue;
        }
      }
      FrameFuzzer.Case c = f.stale && random.nextInt(3) == 0
          ? new FrameFuzzer.Case("{\"t\":\"join\",\"doc\":\"" + VICTIM + "\"}", "rejoin") : generator.next(f);
      f.run(c, cases);
      cases++;
      if (cases % 100 == 0) {
        int n = cases;
        // Near the (lowered) document limit the fuzzers filled, it makes room first: the limit is
        // not what this client tests.
        view.edit(d -> d.length() > 100_000 ? Delta.builder().delete(60_000).insert("<" + n + ">").build()
            : Delta.builder().retain(random.nextInt(d.length())).insert("<" + n + ">").build());
        try {
          view.whenSynced().get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          record.failures.add("the well-behaved client's edit after case " + n + " was not acknowledged in 20 s");
        }
      }
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    fuzzers.forEach(FuzzConnection::close);

    view.whenSynced().get(20, TimeUnit.SECONDS);
    long head = checkLog(VICTIM);
    checkLog(OTHER);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(view.version()).as("the well-behaved client's version, seed " + SEED).isEqualTo(head));
    assertThat(normal(view.document())).as("the well-behaved client's document, seed " + SEED)
        .isEqualTo(normal(document(VICTIM)));
    good.close();

    CollabClient fresh = CollabClient.builder(ws).header("Authorization", TestSecurity.basic("bob")).connect();
    assertThat(fresh.open(VICTIM).version()).as("a fresh client's join, seed " + SEED).isEqualTo(head);
    fresh.close();

    System.out.println("ProtocolFuzzIT: " + cases + " cases in " + millis + " ms, victim at version " + head + ", "
        + record.summary());
    assertThat(died).as("uncaught exceptions in server threads, seed " + SEED).isEmpty();
    assertThat(record.failures).as("seed " + SEED).isEmpty();
  }

  /** The document's log: versions 1..head, each an acknowledged (client, seq) at its version, composing to the document. */
  private long checkLog(String doc) throws Exception {
    long head = info(doc).getJsonNumber("version").longValue();
    Map<String, Long> acks = record.acked.getOrDefault(doc, Map.of());
    Map<String, Long> logged = new LinkedHashMap<>();
    Delta composed = Delta.empty();
    for (long from = 0; from < head; from += 1_000) {
      JsonArray page = (JsonArray) BoundedJson.read(get("collab/api/documents/" + doc + "/ops?from=" + from + "&to="
          + Math.min(head, from + 1_000)).body(), JsonLimits.STORAGE);
      for (JsonValue value : page) {
        JsonObject entry = value.asJsonObject();
        long version = entry.getJsonNumber("version").longValue();
        assertThat(version).as(doc + ": the log's versions are consecutive, seed " + SEED).isEqualTo(logged.size() + 1L);
        String key = entry.getString("client") + "/" + entry.getJsonNumber("seq").longValue();
        assertThat(logged.put(key, version)).as(doc + ": " + key + " committed twice, seed " + SEED).isNull();
        composed = RichText.INSTANCE.apply(composed, DeltaJson.fromJson(entry.get("op"), JsonLimits.STORAGE));
      }
    }
    assertThat(logged).as(doc + ": the log holds head entries, seed " + SEED).hasSize((int) head);
    for (Map.Entry<String, Long> e : logged.entrySet()) {
      if (!record.unknown.contains(doc + "|" + e.getKey())) {
        assertThat(acks.get(e.getKey())).as(doc + ": committed " + e.getKey() + " at " + e.getValue()
            + " was acknowledged with its version, seed " + SEED).isEqualTo(e.getValue());
      }
    }
    assertThat(logged).as(doc + ": every acknowledged op is in the log at its version, seed " + SEED).containsAllEntriesOf(acks);
    assertThat(normal(composed)).as(doc + ": the log composes to the document, seed " + SEED).isEqualTo(normal(document(doc)));
    return head;
  }

  private JsonObject info(String doc) throws Exception {
    HttpResponse<String> response = get("collab/api/documents/" + doc);
    assertThat(response.statusCode()).as("REST answers, seed " + SEED).isEqualTo(200);
    return BoundedJson.read(response.body(), JsonLimits.STORAGE).asJsonObject();
  }

  private Delta document(String doc) throws Exception {
    return DeltaJson.fromJson(info(doc).get("data"), JsonLimits.STORAGE);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(http.resolve(path)).header("Authorization", TestSecurity.basic("ann"))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private void create(String id) throws Exception {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(http.resolve("test/create?id=" + id))
        .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", TestSecurity.basic("ann")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  private static Delta normal(Delta delta) {
    Delta.Builder builder = Delta.builder();
    delta.ops().forEach(builder::push);
    return builder.build();
  }

}
