package dev.collab.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.internal.json.BoundedJson;
import dev.collab.ot.JsonLimits;
import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ServerMessage;
import dev.collab.tck.WireSocket;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin REST API ({@code collab/api/admin}) over the real wire on embedded Jetty ({@link
 * JettyApp}): raw {@code collab.v1} connections of ann and bob (writers) and carol (reader) edit a
 * document while dave ({@code collab-admin}) lists it, reads the counters, closes clients (which
 * get close code 4000 with the admin's reason), snapshots and unloads it; and who is refused.
 */
class AdminApiIT {
  private static Server server;
  private static URI base;
  private static HttpClient http;
  private final List<WireSocket> sockets = new ArrayList<>();

  @BeforeAll
  static void boot() throws Exception {
    server = JettyApp.start("/app");
    base = JettyApp.base(server, "/app");
    http = HttpClient.newHttpClient();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  @AfterEach
  void closeSockets() {
    sockets.forEach(WireSocket::close);
  }

  private String createDocument() throws Exception {
    String id = "admin-" + UUID.randomUUID();
    HttpResponse<String> created = http.send(HttpRequest.newBuilder(base.resolve("test/create?id=" + id))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(201);
    return id;
  }

  /** A connection of {@code user} with client id {@code client}, joined to {@code doc}. */
  private WireSocket joined(String user, String client, String doc) throws Exception {
    URI ws = URI.create("ws" + base.toString().substring(4) + "collab/ws");
    WireSocket socket = WireSocket.open(http, ws, Map.of("Authorization", TestSecurity.basic(user))).get(20, TimeUnit.SECONDS);
    sockets.add(socket);
    socket.hello(client);
    socket.send(new ClientMessage.Join(doc, null));
    socket.next(ServerMessage.Snapshot.class);
    return socket;
  }

  private HttpResponse<String> admin(String method, String path, String user, String origin, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("collab/api/admin/" + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (user != null) {
      request.header("Authorization", TestSecurity.basic(user));
    }
    if (origin != null) {
      request.header("Origin", origin);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String sameOrigin() {
    return base.getScheme() + "://" + base.getAuthority();
  }

  private static JsonObject json(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return BoundedJson.read(response.body(), JsonLimits.DEFAULT).asJsonObject();
  }

  @Test
  void anAdminSeesWhoIsInADocumentAndClosesTheirClients() throws Exception {
    String doc = createDocument();
    WireSocket ann = joined("ann", "ann-tab", doc);
    WireSocket bob = joined("bob", "bob-tab", doc);
    ann.sendRaw("{\"t\":\"submit\",\"doc\":\"" + doc + "\",\"base\":0,\"seq\":1,\"op\":[{\"insert\":\"hi\"}]}");
    assertThat(ann.next(ServerMessage.Ack.class).version()).isEqualTo(1);
    bob.next(ServerMessage.Op.class);

    JsonObject listed = json(admin("GET", "documents", "dave", null, null)).getJsonArray("documents").stream()
        .map(v -> v.asJsonObject()).filter(d -> d.getString("id").equals(doc)).findFirst().orElseThrow();
    assertThat(listed.getString("type")).isEqualTo("rich-text");
    assertThat(listed.getJsonNumber("version").longValue()).isEqualTo(1);
    assertThat(listed.getJsonArray("clients").stream().map(v -> v.asJsonObject())
        .map(c -> c.getJsonObject("user").getString("id") + "/" + c.getString("client") + "/" + c.containsKey("queuedChars")))
        .containsExactlyInAnyOrder("ann/ann-tab/true", "bob/bob-tab/true");

    JsonObject stats = json(admin("GET", "stats?windowMs=60000", "dave", null, null));
    assertThat(stats.getJsonNumber("committed").longValue()).isGreaterThanOrEqualTo(1);
    assertThat(stats.getInt("connections")).isGreaterThanOrEqualTo(2);
    assertThat(stats.getInt("sessions")).isGreaterThanOrEqualTo(2);
    assertThat(stats.getInt("documents")).isGreaterThanOrEqualTo(1);
    JsonObject latency = stats.getJsonObject("ackLatency");
    assertThat(latency.getJsonNumber("count").longValue()).isGreaterThanOrEqualTo(1);
    assertThat(latency.getJsonNumber("p99Ms").doubleValue()).isGreaterThan(0)
        .isGreaterThanOrEqualTo(latency.getJsonNumber("p50Ms").doubleValue());

    JsonObject node = json(admin("GET", "node", "dave", null, null));
    assertThat(node.getString("version")).isNotBlank().isNotEqualTo("unknown");
    assertThat(node.getString("node")).isNotBlank();
    assertThat(node.getString("store")).isNotBlank();
    assertThat(node.getString("bus")).isNotBlank();
    assertThat(node.getBoolean("draining")).isFalse();
    assertThat(node.getJsonNumber("uptimeSeconds").longValue()).isGreaterThanOrEqualTo(0);

    // One client closed with 4000 and the admin's reason; the other stays.
    JsonObject closed = json(admin("POST", "documents/" + doc + "/clients/ann-tab/close", "dave", sameOrigin(),
        "{\"reason\":\"maintenance at noon\"}"));
    assertThat(closed.getInt("closed")).isEqualTo(1);
    assertThat(ann.closeCode()).isEqualTo(4000);
    assertThat(ann.closeReason()).isEqualTo("maintenance at noon");
    bob.send(new ClientMessage.Ping());
    assertThat(bob.next(ServerMessage.Pong.class)).isNotNull();

    // Every client of a user, with the default reason.
    WireSocket bobAgain = joined("bob", "bob-other-tab", doc);
    assertThat(json(admin("POST", "documents/" + doc + "/users/bob/close", "dave", sameOrigin(), null)).getInt("closed"))
        .isEqualTo(2);
    assertThat(bob.closeCode()).isEqualTo(4000);
    assertThat(bobAgain.closeCode()).isEqualTo(4000);
    assertThat(bobAgain.closeReason()).isEqualTo("closed by an administrator");
    assertThat(admin("POST", "documents/" + doc + "/users/bob/close", "dave", sameOrigin(), null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void anAdminSnapshotsAndUnloadsADocument() throws Exception {
    String doc = createDocument();
    WireSocket ann = joined("ann", "ann-unload", doc);
    ann.sendRaw("{\"t\":\"submit\",\"doc\":\"" + doc + "\",\"base\":0,\"seq\":1,\"op\":[{\"insert\":\"x\"}]}");
    ann.next(ServerMessage.Ack.class);
    WireSocket carol = joined("carol", "carol-unload", doc);

    JsonObject snapshot = json(admin("POST", "documents/" + doc + "/snapshot", "dave", sameOrigin(), null));
    assertThat(snapshot.getJsonNumber("version").longValue()).isEqualTo(1);

    JsonObject unloaded = json(admin("POST", "documents/" + doc + "/unload", "dave", sameOrigin(), null));
    assertThat(unloaded.getInt("clients")).isEqualTo(2);
    // As in a drain: 1001, and the client reconnects and rejoins, which loads the document afresh.
    assertThat(ann.closeCode()).isEqualTo(1001);
    assertThat(carol.closeCode()).isEqualTo(1001);
    assertThat(admin("POST", "documents/" + doc + "/unload", "dave", sameOrigin(), null).statusCode()).isEqualTo(404);
    assertThat(admin("POST", "documents/" + doc + "/snapshot", "dave", sameOrigin(), null).statusCode()).isEqualTo(404);

    WireSocket back = joined("ann", "ann-unload", doc);
    assertThat(back.isClosed()).isFalse();
    assertThat(json(admin("GET", "documents", "dave", null, null)).getJsonArray("documents").stream()
        .map(v -> v.asJsonObject()).filter(d -> d.getString("id").equals(doc))
        .map(d -> d.getJsonNumber("version").longValue())).containsExactly(1L);
  }

  @Test
  void onlyAdminsFromThisSiteGetIn() throws Exception {
    String doc = createDocument();
    joined("ann", "ann-refusals", doc);
    for (String path : List.of("documents", "stats", "node")) {
      assertThat(admin("GET", path, null, null, null).statusCode()).as("anonymous " + path).isEqualTo(401);
      assertThat(admin("GET", path, "ann", null, null).statusCode()).as("a writer " + path).isEqualTo(403);
      assertThat(admin("GET", path, "carol", null, null).statusCode()).as("a reader " + path).isEqualTo(403);
    }
    String close = "documents/" + doc + "/clients/ann-refusals/close";
    assertThat(admin("POST", close, "ann", sameOrigin(), null).statusCode()).as("a writer closing").isEqualTo(403);
    assertThat(admin("POST", close, null, sameOrigin(), null).statusCode()).as("anonymous closing").isEqualTo(401);
    assertThat(admin("POST", close, "dave", "https://elsewhere.example", null).statusCode())
        .as("cross-site").isEqualTo(403);
    assertThat(admin("POST", close, "dave", null, null).statusCode()).as("neither Origin nor CSRF header").isEqualTo(403);
    assertThat(admin("POST", "documents/" + doc + "/unload", "dave", "https://elsewhere.example", null).statusCode())
        .as("cross-site unload").isEqualTo(403);
    String tooLong = "x".repeat(124);
    assertThat(admin("POST", close, "dave", sameOrigin(), "{\"reason\":\"" + tooLong + "\"}").statusCode())
        .as("a reason over 123 bytes").isEqualTo(400);
    // Nothing of the above closed ann's client: the admin does now.
    assertThat(admin("POST", close, "dave", sameOrigin(), null).statusCode()).isEqualTo(200);
  }
}
