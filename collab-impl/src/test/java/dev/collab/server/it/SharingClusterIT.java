package dev.collab.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.ErrorCode;
import dev.collab.internal.json.BoundedJson;
import dev.collab.ot.JsonLimits;
import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ServerMessage;
import dev.collab.server.bus.Services;
import dev.collab.server.it.ProcessTesting.Database;
import dev.collab.tck.WireSocket;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Sharing on the real stack: two server processes ({@link ServerProcess}: Jetty, Weld, Jersey,
 * Collab's WebSocket endpoint) on one PostgreSQL database (the JPA store, schema version 4) and one
 * Redis bus, with the shipped {@code GrantAccessPolicy} over the store's grants and documents
 * private unless shared ({@link PrivateDocumentsPolicy}). ann (a writer) owns what she creates; bob
 * (a writer too) sees nothing of it until she shares it; carol is a reader without grants.
 */
class SharingClusterIT {
  private static Database db;
  private static ServerProcess.Handle node0;
  private static ServerProcess.Handle node1;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void boot() throws Exception {
    Services.requireRedis();
    db = Database.create();
    Map<String, String> properties = new java.util.HashMap<>(db.serverProperties());
    properties.putAll(Map.of("collab.bus", "redis", "collab.redis.uri", Services.redisUri(),
        "collab.process.policy", "grants"));
    node0 = ServerProcess.start(ServerProcess.freePort(), properties);
    node1 = ServerProcess.start(ServerProcess.freePort(), properties);
    node0.awaitReady(Duration.ofSeconds(90));
    node1.awaitReady(Duration.ofSeconds(90));
  }

  @AfterAll
  static void stop() throws Exception {
    for (ServerProcess.Handle node : new ServerProcess.Handle[] {node0, node1}) {
      if (node != null) {
        node.close();
      }
    }
    if (db != null) {
      db.close();
    }
  }

  private static HttpResponse<String> send(ServerProcess.Handle node, String user, String method, String path,
      String body, boolean csrfHeader) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(node.uri().resolve("collab/api/" + path))
        .header("Authorization", TestSecurity.basic(user)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (csrfHeader) {
      request.header("X-Collab-Request", "1");
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> send(ServerProcess.Handle node, String user, String method, String path, String body)
      throws Exception {
    return send(node, user, method, path, body, true);
  }

  /** A new document of ann's, created over REST on node0; its id. */
  private static String annCreates() throws Exception {
    String id = "shared-" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<String> created = send(node0, "ann", "POST", "documents", "{\"id\":\"" + id + "\",\"title\":\"Plan\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return id;
  }

  private static JsonObject json(HttpResponse<String> response) {
    return BoundedJson.read(response.body(), JsonLimits.DEFAULT).asJsonObject();
  }

  /** The document list as {@code user} sees it: id → access. */
  private static Map<String, String> listed(ServerProcess.Handle node, String user) throws Exception {
    HttpResponse<String> list = send(node, user, "GET", "documents?limit=100", null);
    assertThat(list.statusCode()).isEqualTo(200);
    Map<String, String> seen = new java.util.TreeMap<>();
    json(list).getJsonArray("documents").forEach(d -> seen.put(d.asJsonObject().getString("id"),
        d.asJsonObject().getString("access")));
    return seen;
  }

  /** Status and problem detail, with the document id replaced, to compare two answers word for word. */
  private static String answer(HttpResponse<String> response, String id) {
    return response.statusCode() + " " + response.body().replace(id, "<id>");
  }

  @Test
  @DisplayName("REST: the owner shares, lists, changes and removes; the list shows each user what they may read with their level")
  void ownerShares() throws Exception {
    String id = annCreates();
    assertThat(listed(node1, "ann")).containsEntry(id, "admin");
    assertThat(listed(node1, "bob")).doesNotContainKey(id);

    HttpResponse<String> granted = send(node0, "ann", "PUT", "documents/" + id + "/grants/bob", "{\"access\":\"write\"}");
    assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
    assertThat(json(granted).getString("user")).isEqualTo("bob");
    assertThat(json(granted).getString("access")).isEqualTo("write");
    assertThat(json(granted).getString("grantedBy")).isEqualTo("ann");
    assertThat(listed(node1, "bob")).containsEntry(id, "write");
    assertThat(send(node1, "bob", "GET", "documents/" + id, null).statusCode()).isEqualTo(200);

    send(node0, "ann", "PUT", "documents/" + id + "/grants/carol", "{\"access\":\"comment\"}");
    HttpResponse<String> list = send(node1, "ann", "GET", "documents/" + id + "/grants", null);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(json(list).getString("owner")).isEqualTo("ann");
    assertThat(json(list).getJsonArray("grants").stream().map(g -> g.asJsonObject().getString("user")
        + "=" + g.asJsonObject().getString("access")).toList()).containsExactly("bob=write", "carol=comment");
    assertThat(list.headers().firstValue("Cache-Control")).contains("no-store");

    assertThat(send(node0, "ann", "DELETE", "documents/" + id + "/grants/bob", null).statusCode()).isEqualTo(204);
    assertThat(send(node0, "ann", "DELETE", "documents/" + id + "/grants/bob", null).statusCode())
        .as("a second removal finds no grant").isEqualTo(404);
    assertThat(listed(node1, "bob")).doesNotContainKey(id);
    assertThat(listed(node1, "dave")).as("the application's admin role").containsEntry(id, "admin");
  }

  @Test
  @DisplayName("REST: a user without read access gets the very answer a missing document gets, for every grants request")
  void noExistenceLeak() throws Exception {
    String id = annCreates();
    String missing = "missing-" + UUID.randomUUID().toString().substring(0, 8);
    for (String[] request : List.of(new String[] {"GET", "", null}, new String[] {"PUT", "/bob", "{\"access\":\"admin\"}"},
        new String[] {"DELETE", "/ann", null})) {
      HttpResponse<String> existing = send(node1, "bob", request[0], "documents/" + id + "/grants" + request[1], request[2]);
      HttpResponse<String> absent = send(node1, "bob", request[0], "documents/" + missing + "/grants" + request[1], request[2]);
      assertThat(existing.statusCode()).as(request[0] + " " + existing.body()).isEqualTo(404);
      assertThat(answer(existing, id)).isEqualTo(answer(absent, missing));
    }
    HttpResponse<String> document = send(node1, "bob", "GET", "documents/" + id, null);
    assertThat(answer(document, id)).isEqualTo(answer(send(node1, "bob", "GET", "documents/" + missing, null), missing));
    assertThat(json(send(node0, "ann", "GET", "documents/" + id + "/grants", null)).getJsonArray("grants"))
        .as("bob granted himself nothing").isEmpty();
  }

  @Test
  @DisplayName("REST: a grantee cannot raise himself or see the grants (403); bad levels, the owner and a missing CSRF header are refused")
  void hostileGrantee() throws Exception {
    String id = annCreates();
    send(node0, "ann", "PUT", "documents/" + id + "/grants/bob", "{\"access\":\"write\"}");
    assertThat(send(node1, "bob", "PUT", "documents/" + id + "/grants/bob", "{\"access\":\"admin\"}").statusCode()).isEqualTo(403);
    assertThat(send(node1, "bob", "PUT", "documents/" + id + "/grants/mallory", "{\"access\":\"read\"}").statusCode()).isEqualTo(403);
    assertThat(send(node1, "bob", "GET", "documents/" + id + "/grants", null).statusCode()).isEqualTo(403);
    assertThat(send(node1, "bob", "DELETE", "documents/" + id + "/grants/bob", null).statusCode()).isEqualTo(403);
    assertThat(send(node0, "ann", "PUT", "documents/" + id + "/grants/carol", "{\"access\":\"admin\"}", false).statusCode())
        .as("no Origin, no X-Collab-Request").isEqualTo(403);
    for (String body : List.of("{\"access\":\"none\"}", "{\"access\":\"owner\"}", "{}", "{\"access\":7}", "not json")) {
      HttpResponse<String> bad = send(node0, "ann", "PUT", "documents/" + id + "/grants/carol", body);
      assertThat(bad.statusCode()).as(body + ": " + bad.body()).isEqualTo(400);
    }
    assertThat(send(node0, "ann", "PUT", "documents/" + id + "/grants/ann", "{\"access\":\"read\"}").statusCode())
        .as("the owner's own access is not a grant").isEqualTo(400);
    assertThat(send(node0, "ann", "PUT", "documents/" + id + "/grants/a%20b", "{\"access\":\"read\"}").statusCode()).isEqualTo(400);
    assertThat(json(send(node0, "ann", "GET", "documents/" + id + "/grants", null)).getJsonArray("grants").stream()
        .map(g -> g.asJsonObject().getString("user") + "=" + g.asJsonObject().getString("access")).toList())
        .containsExactly("bob=write");
  }

  private static WireSocket connect(ServerProcess.Handle node, String user) throws Exception {
    URI http = node.uri();
    URI ws = URI.create("ws://" + http.getAuthority() + http.getPath() + "collab/ws");
    WireSocket socket = WireSocket.open(HTTP, ws, Map.of("Authorization", TestSecurity.basic(user))).get(20, TimeUnit.SECONDS);
    socket.hello(user + "-" + UUID.randomUUID().toString().substring(0, 8));
    return socket;
  }

  @Test
  @DisplayName("over the wire on two nodes: bob's grant changed on node0 reaches his editor on node1 in the same second;"
      + " his next submit is refused, and removed he is cut off and the document is gone for him")
  void revocationOverTheWire() throws Exception {
    String id = annCreates();
    send(node0, "ann", "PUT", "documents/" + id + "/grants/bob", "{\"access\":\"write\"}");
    try (WireSocket bob = connect(node1, "bob")) {
      bob.send(new ClientMessage.Join(id, null));
      assertThat(bob.next(ServerMessage.Snapshot.class).access()).isEqualTo("write");
      bob.send(new ClientMessage.Submit(id, 0, 1, BoundedJson.read("[{\"insert\":\"bob was here\"}]", JsonLimits.DEFAULT)));
      assertThat(bob.next(ServerMessage.Ack.class).version()).isEqualTo(1);

      long changed = System.nanoTime();
      assertThat(send(node0, "ann", "PUT", "documents/" + id + "/grants/bob", "{\"access\":\"read\"}").statusCode()).isEqualTo(200);
      ServerMessage.AccessChanged pushed = bob.next(ServerMessage.AccessChanged.class);
      long pushMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - changed);
      System.out.println("SharingClusterIT: the downgrade reached bob's connection on the other node " + pushMillis + " ms after the request");
      assertThat(pushed).isEqualTo(new ServerMessage.AccessChanged(id, "read"));
      assertThat(pushMillis).as("within the same second").isLessThan(1_000);

      bob.send(new ClientMessage.Submit(id, 1, 2, BoundedJson.read("[{\"insert\":\"more\"}]", JsonLimits.DEFAULT)));
      ServerMessage.Error refused = bob.next(ServerMessage.Error.class);
      assertThat(refused.code()).isEqualTo(ErrorCode.FORBIDDEN);
      assertThat(refused.seq()).isEqualTo(2L);
      assertThat(json(send(node0, "ann", "GET", "documents/" + id, null)).getInt("version")).as("nothing committed").isEqualTo(1);

      changed = System.nanoTime();
      assertThat(send(node0, "ann", "DELETE", "documents/" + id + "/grants/bob", null).statusCode()).isEqualTo(204);
      ServerMessage.Error cut = bob.next(ServerMessage.Error.class);
      assertThat(cut.code()).isEqualTo(ErrorCode.FORBIDDEN);
      assertThat(cut.doc()).isEqualTo(id);
      assertThat(bob.next(ServerMessage.Left.class).doc()).isEqualTo(id);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - changed)).isLessThan(1_000);

      String missing = "missing-" + UUID.randomUUID().toString().substring(0, 8);
      bob.send(new ClientMessage.Join(id, null));
      ServerMessage.Error again = bob.next(ServerMessage.Error.class);
      bob.send(new ClientMessage.Join(missing, null));
      ServerMessage.Error absent = bob.next(ServerMessage.Error.class);
      assertThat(again.code()).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
      assertThat(again.message().replace(id, "<id>")).as("as for a document that does not exist")
          .isEqualTo(absent.message().replace(missing, "<id>"));
    }
  }
}
