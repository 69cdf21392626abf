package dev.collab.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.ErrorCode;
import dev.collab.internal.json.BoundedJson;
import dev.collab.ot.JsonLimits;
import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ServerMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The over-the-wire checks of the WebSocket endpoint and the REST resources, independent of the
 * server they run on: each subclass boots one server (Payara Micro in {@link OverTheWireIT},
 * embedded Jetty 12 + Weld + Jersey in {@link JettyIT}) with the unchanged collab-impl classes,
 * the users of {@link TestSecurity} (ann and bob write, carol reads; password "secret"),
 * {@code collab.any-user-writes=true}, and {@link TestSetupServlet} at {@code test/create}.
 */
abstract class WireContract {

  /** The application's base URI, ending in a slash: {@code http://127.0.0.1:<port>/<context>/}. */
  abstract URI http();

  /** The endpoint: {@code ws://127.0.0.1:<port>/<context>/collab/ws}. */
  URI ws() {
    return URI.create("ws" + http().toString().substring("http".length()) + "collab/ws");
  }

  /** Creates a rich-text document with this id through the test setup servlet. */
  void create(String id) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(http().resolve("test/create?id=" + id)).POST(HttpRequest.BodyPublishers.noBody())
            .header("Authorization", WireClient.basic("ann")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  WireClient hello(String user, String client) throws Exception {
    WireClient c = WireClient.open(ws(), user, null).get(20, TimeUnit.SECONDS);
    c.send(new ClientMessage.Hello(1, client));
    assertThat(c.next(ServerMessage.Welcome.class).user().id()).isEqualTo(user);
    return c;
  }

  @Test
  @DisplayName("two users edit one document over real WebSockets: ack to the sender, op to the other")
  void twoUsersEdit() throws Exception {
    create("ws1");
    WireClient ann = hello("ann", "ann-tab");
    WireClient bob = hello("bob", "bob-tab");
    ann.send(new ClientMessage.Join("ws1", null));
    bob.send(new ClientMessage.Join("ws1", null));
    assertThat(ann.next(ServerMessage.Snapshot.class).access()).isEqualTo("write");
    bob.next(ServerMessage.Snapshot.class);
    ann.send(new ClientMessage.Submit("ws1", 0, 1, BoundedJson.read("[{\"insert\":\"hello\"}]", JsonLimits.DEFAULT)));
    assertThat(ann.next(ServerMessage.Ack.class)).isEqualTo(new ServerMessage.Ack("ws1", 1, 1));
    ServerMessage.Op op = bob.next(ServerMessage.Op.class);
    assertThat(op.version()).isEqualTo(1);
    assertThat(op.user().id()).isEqualTo("ann");
    assertThat(op.op().toString()).isEqualTo("[{\"insert\":\"hello\"}]");
    // Malformed input is answered and the connection stays usable.
    bob.sendRaw("{not json");
    assertThat(bob.next(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.BAD_MESSAGE);
    bob.send(new ClientMessage.Ping());
    assertThat(bob.next(ServerMessage.Pong.class)).isNotNull();
  }

  @Test
  @DisplayName("a cross-origin handshake is refused with 403 and an anonymous one with 401, before the upgrade")
  void handshakeRefusals() {
    CompletionException crossSite = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
        () -> WireClient.open(ws(), "ann", "http://evil.example").join());
    assertThat(crossSite.getCause()).isInstanceOf(WebSocketHandshakeException.class);
    assertThat(((WebSocketHandshakeException) crossSite.getCause()).getResponse().statusCode()).isEqualTo(403);
    CompletionException anonymous = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
        () -> WireClient.open(ws(), null, null).join());
    assertThat(((WebSocketHandshakeException) anonymous.getCause()).getResponse().statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("a same-origin browser handshake is accepted")
  void sameOrigin() throws Exception {
    WireClient c = WireClient.open(ws(), "ann", "http://" + http().getHost() + ":" + http().getPort()).get(20, TimeUnit.SECONDS);
    c.send(new ClientMessage.Ping());
    assertThat(c.next(ServerMessage.Pong.class)).isNotNull();
  }

  HttpResponse<String> rest(String method, String path, String body, String user, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(http().resolve("collab/api/" + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (user != null) {
      request.header("Authorization", WireClient.basic(user));
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName("REST: create, read at head and at a version, history; every answer no-store")
  void restDocuments() throws Exception {
    HttpResponse<String> created = rest("POST", "documents", "{\"id\":\"r1\",\"title\":\"Notes\"}", "ann",
        "X-Collab-Request", "1");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(BoundedJson.read(created.body(), JsonLimits.DEFAULT).asJsonObject().getString("title")).isEqualTo("Notes");
    assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
    WireClient ann = hello("ann", "rest-tab");
    ann.send(new ClientMessage.Join("r1", null));
    ann.next(ServerMessage.Snapshot.class);
    ann.send(new ClientMessage.Submit("r1", 0, 1, BoundedJson.read("[{\"insert\":\"one\"}]", JsonLimits.DEFAULT)));
    ann.next(ServerMessage.Ack.class);
    HttpResponse<String> head = rest("GET", "documents/r1", null, "bob");
    assertThat(head.statusCode()).as(head.body()).isEqualTo(200);
    assertThat(head.headers().firstValue("Cache-Control")).hasValue("no-store");
    jakarta.json.JsonObject document = BoundedJson.read(head.body(), JsonLimits.DEFAULT).asJsonObject();
    assertThat(document.getInt("version")).isEqualTo(1);
    assertThat(document.getString("title")).isEqualTo("Notes");
    assertThat(document.get("data").toString()).isEqualTo("[{\"insert\":\"one\"}]");
    assertThat(BoundedJson.read(rest("GET", "documents/r1?version=0", null, "bob").body(), JsonLimits.DEFAULT)
        .asJsonObject().get("data").toString()).isEqualTo("[]");
    HttpResponse<String> history = rest("GET", "documents/r1/history", null, "bob");
    assertThat(history.body()).contains("\"version\":1").contains("\"id\":\"ann\"");
    assertThat(rest("GET", "documents", null, "bob").body()).contains("\"id\":\"r1\"");
  }

  @Test
  @DisplayName("REST refusals: 409 exists, 400 bad id, 401 anonymous, 403 cross-site or without the CSRF header, 404 unknown, 403 delete without admin")
  void restRefusals() throws Exception {
    assertThat(rest("POST", "documents", "{\"id\":\"r2\"}", "ann", "X-Collab-Request", "1").statusCode()).isEqualTo(201);
    HttpResponse<String> exists = rest("POST", "documents", "{\"id\":\"r2\"}", "ann", "X-Collab-Request", "1");
    assertThat(exists.statusCode()).isEqualTo(409);
    assertThat(exists.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(rest("POST", "documents", "{\"id\":\"bad id!\"}", "ann", "X-Collab-Request", "1").statusCode()).isEqualTo(400);
    assertThat(rest("POST", "documents", "{\"type\":\"json0\"}", "ann", "X-Collab-Request", "1").statusCode()).isEqualTo(400);
    assertThat(rest("POST", "documents", "{}", null, "X-Collab-Request", "1").statusCode()).isEqualTo(401);
    assertThat(rest("POST", "documents", "{}", "ann", "Origin", "http://evil.example").statusCode()).isEqualTo(403);
    assertThat(rest("POST", "documents", "{}", "ann").statusCode()).isEqualTo(403);
    assertThat(rest("GET", "documents/nope", null, "ann").statusCode()).isEqualTo(404);
    assertThat(rest("DELETE", "documents/r2", null, "ann", "X-Collab-Request", "1").statusCode()).isEqualTo(403);
  }

  @Test
  @DisplayName("REST rename: PATCH {title} by a writer, listed after; 403 reader, cross-site or without the CSRF header; 400 bad or too long; 404 unknown")
  void restRename() throws Exception {
    assertThat(rest("POST", "documents", "{\"id\":\"r3\",\"title\":\"Old\"}", "ann", "X-Collab-Request", "1").statusCode())
        .isEqualTo(201);
    HttpResponse<String> renamed = rest("PATCH", "documents/r3", "{\"title\":\"New 😀\"}", "bob", "X-Collab-Request", "1");
    assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
    assertThat(renamed.headers().firstValue("Cache-Control")).hasValue("no-store");
    jakarta.json.JsonObject answer = BoundedJson.read(renamed.body(), JsonLimits.DEFAULT).asJsonObject();
    assertThat(answer.getString("title")).isEqualTo("New 😀");
    assertThat(answer.getString("creator")).isEqualTo("ann");
    assertThat(rest("GET", "documents", null, "carol").body()).contains("\"title\":\"New 😀\"");

    assertThat(rest("PATCH", "documents/r3", "{\"title\":\"x\"}", "carol", "X-Collab-Request", "1").statusCode()).isEqualTo(403);
    assertThat(rest("PATCH", "documents/r3", "{\"title\":\"x\"}", "bob").statusCode()).isEqualTo(403);
    assertThat(rest("PATCH", "documents/r3", "{\"title\":\"x\"}", "bob", "Origin", "http://evil.example").statusCode())
        .isEqualTo(403);
    assertThat(rest("PATCH", "documents/r3", "{\"title\":\"x\"}", null, "X-Collab-Request", "1").statusCode()).isEqualTo(401);
    assertThat(rest("PATCH", "documents/r3", "{}", "bob", "X-Collab-Request", "1").statusCode()).isEqualTo(400);
    assertThat(rest("PATCH", "documents/r3", "{\"title\":7}", "bob", "X-Collab-Request", "1").statusCode()).isEqualTo(400);
    assertThat(rest("PATCH", "documents/r3", "{\"title\":\"" + "t".repeat(256) + "\"}", "bob", "X-Collab-Request", "1")
        .statusCode()).isEqualTo(200);
    HttpResponse<String> tooLong = rest("PATCH", "documents/r3", "{\"title\":\"" + "t".repeat(257) + "\"}", "bob",
        "X-Collab-Request", "1");
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(tooLong.body()).contains("256");
    assertThat(rest("PATCH", "documents/nope", "{\"title\":\"x\"}", "bob", "X-Collab-Request", "1").statusCode()).isEqualTo(404);
    assertThat(BoundedJson.read(rest("GET", "documents", null, "carol").body(), JsonLimits.DEFAULT).asJsonObject()
        .getJsonArray("documents").getValuesAs(jakarta.json.JsonObject.class).stream()
        .filter(d -> d.getString("id").equals("r3")).findFirst().orElseThrow().getString("title")).isEqualTo("t".repeat(256));
  }

  /** One row of the bad-input table: what is sent, the error code expected, and the seq echoed. */
  record Row(String name, String frame, ErrorCode code, Long seq) {}

  @Test
  @DisplayName("bad input over a real socket: each row answered with its error, connection usable, document unchanged")
  void badInputTable() throws Exception {
    create("bad1");
    WireClient ann = hello("ann", "bad-tab");
    ann.send(new ClientMessage.Join("bad1", null));
    ann.next(ServerMessage.Snapshot.class);
    ann.send(new ClientMessage.Submit("bad1", 0, 1, BoundedJson.read("[{\"insert\":\"abc\"}]", JsonLimits.DEFAULT)));
    ann.next(ServerMessage.Ack.class);
    java.util.List<Row> rows = java.util.List.of(
        new Row("malformed JSON", "{\"t\":\"ping\"", ErrorCode.BAD_MESSAGE, null),
        new Row("unknown t", "{\"t\":\"dance\"}", ErrorCode.BAD_MESSAGE, null),
        new Row("missing doc", "{\"t\":\"join\"}", ErrorCode.BAD_MESSAGE, null),
        new Row("wrong type of base", "{\"t\":\"submit\",\"doc\":\"bad1\",\"base\":\"1\",\"seq\":2,\"op\":[]}", ErrorCode.BAD_MESSAGE, 2L),
        new Row("negative seq", "{\"t\":\"submit\",\"doc\":\"bad1\",\"base\":1,\"seq\":-1,\"op\":[]}", ErrorCode.BAD_MESSAGE, -1L),
        new Row("op that does not apply", "{\"t\":\"submit\",\"doc\":\"bad1\",\"base\":1,\"seq\":3,\"op\":[{\"delete\":9}]}", ErrorCode.INVALID_OP, 3L),
        new Row("unsafe link", "{\"t\":\"submit\",\"doc\":\"bad1\",\"base\":1,\"seq\":4,\"op\":[{\"insert\":\"x\",\"attributes\":{\"link\":\"javascript:x\"}}]}", ErrorCode.INVALID_OP, 4L),
        new Row("base in the future", "{\"t\":\"submit\",\"doc\":\"bad1\",\"base\":99,\"seq\":5,\"op\":[{\"insert\":\"x\"}]}", ErrorCode.VERSION_AHEAD, 5L),
        new Row("join of an unknown document", "{\"t\":\"join\",\"doc\":\"nope\"}", ErrorCode.UNKNOWN_DOCUMENT, null),
        new Row("submit before join", "{\"t\":\"submit\",\"doc\":\"other\",\"base\":0,\"seq\":6,\"op\":[{\"insert\":\"x\"}]}", ErrorCode.NOT_JOINED, 6L));
    for (Row row : rows) {
      ann.sendRaw(row.frame());
      ServerMessage.Error error = ann.next(ServerMessage.Error.class);
      assertThat(error.code()).as(row.name()).isEqualTo(row.code());
      assertThat(error.seq()).as(row.name() + ": seq echoed").isEqualTo(row.seq());
      ann.send(new ClientMessage.Ping());
      assertThat(ann.next(ServerMessage.Pong.class)).as(row.name() + ": still usable").isNotNull();
    }
    // A reader may join but not submit.
    WireClient carol = hello("carol", "carol-tab");
    carol.send(new ClientMessage.Join("bad1", null));
    assertThat(carol.next(ServerMessage.Snapshot.class).access()).isEqualTo("read");
    carol.send(new ClientMessage.Submit("bad1", 1, 1, BoundedJson.read("[{\"insert\":\"x\"}]", JsonLimits.DEFAULT)));
    assertThat(carol.next(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.FORBIDDEN);
    // Flooding: 300 pings in one burst against 100 per second: some are refused with rate-limited.
    StringBuilder burst = new StringBuilder("[");
    for (int i = 0; i < 300; i++) {
      burst.append(i == 0 ? "" : ",").append("{\"t\":\"ping\"}");
    }
    ann.sendRaw(burst.append("]").toString());
    assertThat(ann.next(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.RATE_LIMITED);
    HttpResponse<String> document = rest("GET", "documents/bad1", null, "ann");
    assertThat(BoundedJson.read(document.body(), JsonLimits.DEFAULT).asJsonObject().getInt("version")).isEqualTo(1);
  }

  @Test
  @DisplayName("a frame over maxMessageBytes closes the connection with 1009")
  void frameTooBig() throws Exception {
    WireClient c = hello("ann", "big-tab");
    // Payara reads the whole frame before closing; Jetty closes as soon as the frame header
    // announces the length, so the rest of the client's write may fail: only the close code counts.
    c.socket.sendText("{\"t\":\"ping\",\"pad\":\"" + "x".repeat(2 << 20) + "\"}", true)
        .handle((sent, failed) -> null).get(20, TimeUnit.SECONDS);
    assertThat(c.closed.get(20, TimeUnit.SECONDS)).isEqualTo(1009);
  }
}
