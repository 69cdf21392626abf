package dev.collab.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ServerMessage;
import dev.collab.tck.ProtocolConformanceKit.Participant;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;

/**
 * The fixtures of {@link ProtocolConformanceKit}: the hooks an implementer overrides, the sockets
 * and HTTP client of a test, fresh ids, and the helpers the tests share (sessions, REST calls,
 * JSON). The tests are in its subclasses, one file per part of {@code docs/PROTOCOL.md}:
 * {@link ProtocolKitConnecting}, {@link ProtocolKitEditing}, {@link ProtocolKitBadInput},
 * {@link ProtocolKitComments} (the comments extension) and {@link ProtocolConformanceKit} (REST). Package-private: its protected members are documented as
 * the kit's.
 */
abstract class ProtocolKitFixtures {

  private static final String RUN = runId();
  private static final AtomicInteger COUNTER = new AtomicInteger();

  /** The test's HTTP client: REST calls, handshakes, and the tests' own raw requests. */
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final List<WireSocket> sockets = new ArrayList<>();

  /**
   * Where the server under test is. Called for every request.
   *
   * @return the application's base URI, ending in a slash: {@code http://host:port/context/}
   */
  protected abstract URI baseUri();

  /**
   * The headers (an {@code Authorization} or a {@code Cookie}) that authenticate as {@code who}, on
   * the handshake and on REST requests; null when the server has no such participant.
   *
   * @param who the participant a request is made as
   * @return the header names and values to send, or null to skip the tests that need {@code who}
   */
  protected abstract @Nullable Map<String, String> credentials(Participant who);

  /**
   * Whether the server lets anonymous users in.
   *
   * @return false (the default) when an unauthenticated handshake or REST request must get 401;
   *     true skips those checks
   */
  protected boolean allowsAnonymous() {
    return false;
  }

  /**
   * Whether the server implements comment threads, an extension of the protocol ({@code comment},
   * {@code thread}, {@code commented}, {@code threads}). Override to return false for a server
   * without them: the kit's comments group (tag {@code comments}) is then skipped, each test
   * reported as aborted with that reason. The rest of the kit does not depend on it.
   *
   * @return true (the default) to check comment threads; false to skip those tests
   */
  protected boolean supportsComments() {
    return true;
  }

  /**
   * The WebSocket endpoint. Override when it is not under {@link #baseUri()}.
   *
   * @return {@code ws://host:port/context/collab/ws} by default, {@code ws:} whatever the base's
   *     scheme (override for {@code wss:})
   */
  protected URI webSocketUri() {
    String base = baseUri().toString();
    return URI.create("ws" + base.substring(base.indexOf(':')) + "collab/ws");
  }

  /**
   * Creates an empty rich-text document with this id that {@link Participant#WRITER} may write and
   * {@link Participant#READER} may read. The default creates it over REST as the writer.
   *
   * @param id a fresh document id, unique to the run
   * @throws Exception when the document could not be created; the test fails with it
   */
  protected void createDocument(String id) throws Exception {
    HttpResponse<String> created = rest("POST", "documents", "{\"id\":\"" + id + "\"}", Participant.WRITER,
        "X-Collab-Request", "1");
    assertThat(created.statusCode()).as("REST create of %s: %s", id, created.body()).isEqualTo(201);
  }

  @AfterEach
  void closeSockets() {
    sockets.forEach(WireSocket::close);
  }

  // ------------------------------------------------------------------ helpers

  private static String runId() {
    byte[] bytes = new byte[4];
    new SecureRandom().nextBytes(bytes);
    return Long.toString(Integer.toUnsignedLong(java.nio.ByteBuffer.wrap(bytes).getInt()), 36);
  }

  /** A fresh id (documents, client ids) unique to this run. */
  static String fresh(String what) {
    return "tck-" + RUN + "-" + what + "-" + COUNTER.incrementAndGet();
  }

  /** A new document, created through {@link #createDocument}. */
  String document() throws Exception {
    String id = fresh("doc");
    createDocument(id);
    return id;
  }

  Map<String, String> headers(Participant who) {
    Map<String, String> headers = credentials(who);
    assumeTrue(headers != null, "the server under test has no " + who);
    return headers;
  }

  WireSocket connect(Map<String, String> headers) throws Exception {
    WireSocket socket = WireSocket.open(http, webSocketUri(), headers).get(20, TimeUnit.SECONDS);
    sockets.add(socket);
    return socket;
  }

  /** A connection of {@code who} past {@code hello}/{@code welcome}. */
  Session session(Participant who) throws Exception {
    return session(who, fresh("tab"));
  }

  Session session(Participant who, String client) throws Exception {
    WireSocket socket = connect(headers(who));
    socket.send(new ClientMessage.Hello(1, client));
    return new Session(socket, client, socket.expect(ServerMessage.Welcome.class));
  }

  /** A connection after its welcome. */
  record Session(WireSocket socket, String client, ServerMessage.Welcome welcome) {
    ServerMessage.Snapshot join(String doc) throws InterruptedException {
      socket.send(new ClientMessage.Join(doc, null));
      return socket.next(ServerMessage.Snapshot.class);
    }

    void submit(String doc, long base, long seq, String op) {
      socket.sendRaw("{\"t\":\"submit\",\"doc\":\"" + doc + "\",\"base\":" + base + ",\"seq\":" + seq + ",\"op\":" + op + "}");
    }

    ServerMessage.Ack commit(String doc, long base, long seq, String op) throws InterruptedException {
      submit(doc, base, seq, op);
      ServerMessage.Ack ack = socket.next(ServerMessage.Ack.class);
      assertThat(ack.seq()).as("the ack's seq").isEqualTo(seq);
      return ack;
    }

    /** A ping answered by a pong: the connection is still usable. */
    void usable(String after) throws InterruptedException {
      socket.send(new ClientMessage.Ping());
      assertThat(socket.next(ServerMessage.Pong.class)).as("a pong after " + after).isNotNull();
    }

    ServerMessage.Error error() throws InterruptedException {
      return socket.next(ServerMessage.Error.class);
    }
  }

  HttpResponse<String> rest(String method, String path, @Nullable String body, @Nullable Participant who,
      String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(baseUri().resolve("collab/api/" + path))
        .timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (who != null) {
      headers(who).forEach(request::header);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonValue json(String text) {
    try (var reader = Json.createReader(new StringReader(text))) {
      return reader.readValue();
    }
  }

  /** The document's version and data at the head, read over REST as the writer. */
  JsonObject head(String doc) throws Exception {
    HttpResponse<String> response = rest("GET", "documents/" + doc, null, Participant.WRITER);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response.body()).asJsonObject();
  }

  String origin() {
    URI base = baseUri();
    return base.getScheme() + "://" + base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort());
  }

  static int handshakeStatus(CompletionException refused) {
    assertThat(refused.getCause()).as("a refused handshake").isInstanceOf(WebSocketHandshakeException.class);
    return ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode();
  }
}
