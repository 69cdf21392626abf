package dev.collab.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.collab.ErrorCode;
import dev.collab.ot.Delta;
import dev.collab.ot.JsonLimits;
import dev.collab.ot.RichText;
import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ServerMessage;
import jakarta.json.Json;
import jakarta.json.JsonArray;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The wire protocol ({@code docs/PROTOCOL.md}, version 1) checked against a live server, ours or a
 * third party's, over real sockets: the JDK's {@code java.net.http} WebSocket and HttpClient, no
 * other client library. An implementer's test says where the server is and how its users log in:
 *
 * <pre>{@code
 * class MyServerConformanceTest extends ProtocolConformanceKit {
 *   @Override protected URI baseUri() { return URI.create("http://127.0.0.1:8080/app/"); }
 *   @Override protected Map<String, String> credentials(Participant who) {
 *     return switch (who) {
 *       case WRITER -> Map.of("Cookie", login("ann"));
 *       case READER -> Map.of("Cookie", login("carol"));
 *       case ADMIN -> null; // none: the tests that need one are skipped
 *     };
 *   }
 * }
 * }</pre>
 *
 * <p>What the server must provide: {@code {base}collab/ws} and {@code {base}collab/api/documents};
 * a {@link Participant#WRITER} who may create documents and write the ones it creates, a
 * {@link Participant#READER} who may read those documents but not write them, optionally an
 * {@link Participant#ADMIN}; no anonymous access (unless {@link #allowsAnonymous()} says so). The
 * limits the kit crosses are the ones the server announces in {@code welcome}. Every test makes its
 * own documents and client ids (random per run), so the kit can run against a server that lives on.
 *
 * <p>Not provoked from outside, hence not checked here: {@code history-gone} (needs the server to
 * prune history), {@code retry-exhausted} and {@code internal} (need a failing store),
 * {@code draining} and close 1001 (need the server to shut down), close 1013 (needs a server-side
 * backlog larger than a test should create). Collab's own engine and endpoint tests cover those.
 *
 * <p>One of the larger files, on purpose: a test per row of {@code docs/PROTOCOL.md}, in the
 * page's order (handshake, hello, join, submit, presence, bad input, limits, REST), so that a
 * reader can hold the two side by side. The tests are flat (no {@code @Nested}) because Arquillian 1.10's JUnit 5 runner does not
 * carry a deployment into nested classes, and the kit runs under Arquillian {@code @RunAsClient}.
 * Tags: {@code protocol} on all; {@code rest} on the REST tests; {@code slow} on the one that
 * floods for several seconds; {@code frame-limit} on the 1009 test (the one that caught WildFly
 * delivering an oversized frame), so that a known failure can be excluded by name.
 */
@Tag("protocol")
public abstract class ProtocolConformanceKit {

  /** Whose credentials a request carries. */
  public enum Participant {
    /** May create documents and write the documents it created (not necessarily admin). */
    WRITER,
    /** May read the WRITER's documents but not write them. */
    READER,
    /** Has admin access to the WRITER's documents (may delete them). Optional. */
    ADMIN
  }

  private static final String RUN = runId();
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
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

  // ------------------------------------------------------------------ handshake

  @Test
  @DisplayName("handshake: an authenticated client gets collab.v1, and hello is answered by welcome with the user and positive limits")
  void welcome() throws Exception {
    Session ann = session(Participant.WRITER);
    assertThat(ann.socket().socket().getSubprotocol()).isEqualTo("collab.v1");
    assertThat(ann.welcome().protocol()).isEqualTo(1);
    assertThat(ann.welcome().user().id()).isNotBlank();
    ServerMessage.Limits limits = ann.welcome().limits();
    assertThat(List.of(limits.maxMessageBytes(), limits.maxOpLength(), limits.maxDocumentLength(),
        limits.maxMessagesPerSecond(), limits.maxJsonDepth())).allMatch(n -> n > 0);
    assertThat(limits.presenceIntervalMs()).isNotNegative();
  }

  @Test
  @DisplayName("handshake: a browser from the server's own origin is accepted")
  void sameOrigin() throws Exception {
    Map<String, String> headers = new HashMap<>(headers(Participant.WRITER));
    headers.put("Origin", origin());
    WireSocket socket = connect(headers);
    socket.send(new ClientMessage.Ping());
    assertThat(socket.next(ServerMessage.Pong.class)).isNotNull();
  }

  @Test
  @DisplayName("handshake: an Origin not on the allowlist is refused with 403 before the upgrade")
  void crossOrigin() {
    Map<String, String> headers = new HashMap<>(headers(Participant.WRITER));
    headers.put("Origin", "http://evil.example");
    CompletionException refused = assertThrows(CompletionException.class,
        () -> WireSocket.open(http, webSocketUri(), headers).orTimeout(20, TimeUnit.SECONDS).join());
    assertThat(handshakeStatus(refused)).isEqualTo(403);
  }

  @Test
  @DisplayName("handshake: an anonymous client is refused with 401 before the upgrade")
  void anonymous() {
    assumeFalse(allowsAnonymous(), "the server under test allows anonymous users");
    CompletionException refused = assertThrows(CompletionException.class,
        () -> WireSocket.open(http, webSocketUri(), Map.of()).orTimeout(20, TimeUnit.SECONDS).join());
    assertThat(handshakeStatus(refused)).isEqualTo(401);
  }

  @Test
  @DisplayName("handshake: a plain GET of the WebSocket URL without a login is 401 too (browsers ask it after a failed handshake)")
  void anonymousPlainGet() throws Exception {
    assumeFalse(allowsAnonymous(), "the server under test allows anonymous users");
    String ws = webSocketUri().toString();
    URI plain = URI.create("http" + ws.substring(2));
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(plain).timeout(Duration.ofSeconds(20)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(401);
  }

  // ------------------------------------------------------------------ hello, ping

  @Test
  @DisplayName("hello: ping is answered before hello; any other message before hello is bad-message; then hello works")
  void beforeHello() throws Exception {
    String doc = document();
    WireSocket socket = connect(headers(Participant.WRITER));
    socket.send(new ClientMessage.Ping());
    socket.expect(ServerMessage.Pong.class);
    socket.send(new ClientMessage.Join(doc, null));
    assertThat(socket.expect(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.BAD_MESSAGE);
    socket.send(new ClientMessage.Hello(1, fresh("tab")));
    socket.expect(ServerMessage.Welcome.class);
    socket.send(new ClientMessage.Join(doc, null));
    assertThat(socket.expect(ServerMessage.Snapshot.class).doc()).isEqualTo(doc);
  }

  @Test
  @DisplayName("hello: another protocol version is unsupported-protocol and the connection stays open for a correct hello")
  void unsupportedProtocol() throws Exception {
    WireSocket socket = connect(headers(Participant.WRITER));
    socket.sendRaw("{\"t\":\"hello\",\"protocol\":2,\"client\":\"" + fresh("tab") + "\"}");
    assertThat(socket.expect(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.UNSUPPORTED_PROTOCOL);
    socket.send(new ClientMessage.Hello(1, fresh("tab")));
    assertThat(socket.expect(ServerMessage.Welcome.class).protocol()).isEqualTo(1);
  }

  @Test
  @DisplayName("hello: a second hello is bad-message and the connection stays usable")
  void secondHello() throws Exception {
    Session ann = session(Participant.WRITER);
    ann.socket().send(new ClientMessage.Hello(1, ann.client()));
    assertThat(ann.socket().expect(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.BAD_MESSAGE);
    ann.usable("a second hello");
  }

  @Test
  @DisplayName("client ids: another user presenting a client id in use (joined) is refused with forbidden, then close 1008")
  void clientIdOfAnotherUser() throws Exception {
    Session ann = session(Participant.WRITER);
    // A client id is bound to its user at the latest by its first join (before that it appears in
    // no message, so nobody else can know it): join, then present it as another user.
    ann.join(document());
    WireSocket intruder = connect(headers(Participant.READER));
    intruder.send(new ClientMessage.Hello(1, ann.client()));
    assertThat(intruder.next(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(intruder.closeCode()).isEqualTo(1008);
    ann.usable("the refused takeover");
  }

  @Test
  @DisplayName("client ids: a second connection of the same user with the same client id replaces the first, which is closed with 1008")
  void sameClientReplaces() throws Exception {
    Session first = session(Participant.WRITER);
    Session second = session(Participant.WRITER, first.client());
    assertThat(first.socket().closeCode()).isEqualTo(1008);
    second.usable("taking over the client id");
  }

  /**
   * Sends {@code messages} to a connection whose client id the server may be refusing just after
   * its welcome: once it is closing, a send fails, and its {@code forbidden} error comes next.
   */
  private static void sendUnlessRefused(WireSocket socket, ClientMessage... messages) {
    try {
      for (ClientMessage message : messages) {
        socket.send(message);
      }
    } catch (java.util.concurrent.CompletionException refusedMeanwhile) {
      // closing: the test reads the error
    }
  }

  @Test
  @DisplayName("client ids: a client id stays bound to its first user after it disconnects; another user presenting it is refused with forbidden and close 1008, at hello or at its first join")
  void clientIdBoundAfterDisconnect() throws Exception {
    String doc = document();
    Session ann = session(Participant.WRITER);
    ann.join(doc);
    ann.commit(doc, 0, 1, "[{\"insert\":\"a\"}]");
    ann.socket().closeAndWait();
    WireSocket intruder = connect(headers(Participant.READER));
    intruder.send(new ClientMessage.Hello(1, ann.client()));
    ServerMessage first = intruder.next();
    if (first instanceof ServerMessage.Welcome) {
      sendUnlessRefused(intruder, new ClientMessage.Join(doc, 0L));
      first = intruder.next();
    }
    assertThat(first).as("the answer to another user's hello or first join with a bound client id")
        .isInstanceOf(ServerMessage.Error.class);
    assertThat(((ServerMessage.Error) first).code()).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(intruder.closeCode()).isEqualTo(1008);
  }

  @Test
  @DisplayName("client ids: another user cannot commit under a client id of a user who left; her reconnect sees only her own ops under it, and her next seq is acked")
  void clientIdHijackAfterDisconnect() throws Exception {
    Map<String, String> admin = credentials(Participant.ADMIN);
    assumeTrue(admin != null, "the server under test has no ADMIN (a second user who may write the WRITER's documents)");
    String doc = document();
    Session ann = session(Participant.WRITER);
    ann.join(doc);
    ann.commit(doc, 0, 1, "[{\"insert\":\"a\"}]");
    ann.commit(doc, 1, 2, "[{\"retain\":1},{\"insert\":\"b\"}]");
    ann.socket().closeAndWait();

    WireSocket intruder = connect(admin);
    intruder.send(new ClientMessage.Hello(1, ann.client()));
    List<ServerMessage> answers = new ArrayList<>();
    answers.add(intruder.next());
    if (answers.get(0) instanceof ServerMessage.Welcome) {
      sendUnlessRefused(intruder, new ClientMessage.Join(doc, 2L),
          new ClientMessage.Submit(doc, 2, 3, Json.createArrayBuilder().add(Json.createObjectBuilder().add("insert", "BOB")).build()));
      // Up to the first ack or error: the join's reply may come first.
      while (!(answers.get(answers.size() - 1) instanceof ServerMessage.Ack
          || answers.get(answers.size() - 1) instanceof ServerMessage.Error)) {
        answers.add(intruder.next());
      }
    }
    assertThat(answers).as("the intruder's answers").noneMatch(m -> m instanceof ServerMessage.Ack)
        .anyMatch(m -> m instanceof ServerMessage.Error e && e.code() == ErrorCode.FORBIDDEN);
    assertThat(intruder.closeCode()).as("the intruder's connection").isEqualTo(1008);

    Session again = session(Participant.WRITER, ann.client());
    again.socket().send(new ClientMessage.Join(doc, 2L));
    ServerMessage.Ops catchUp = again.socket().next(ServerMessage.Ops.class);
    assertThat(catchUp.ops()).as("the catch-up after the intruder left").isEmpty();
    assertThat(again.commit(doc, 2, 3, "[{\"insert\":\"ALICE\"}]").version()).isEqualTo(3);
    JsonObject head = head(doc);
    assertThat(head.getInt("version")).isEqualTo(3);
    assertThat(head.get("data").toString()).isEqualTo("[{\"insert\":\"ALICEab\"}]");
  }

  // ------------------------------------------------------------------ joining

  @Test
  @DisplayName("join: a new document is a snapshot at version 0 of type rich-text with empty data and the user's access")
  void joinSnapshot() throws Exception {
    String doc = document();
    Session ann = session(Participant.WRITER);
    ServerMessage.Snapshot snapshot = ann.join(doc);
    assertThat(snapshot.doc()).isEqualTo(doc);
    assertThat(snapshot.version()).isZero();
    assertThat(snapshot.type()).isEqualTo("rich-text");
    assertThat(snapshot.data().toString()).isEqualTo("[]");
    assertThat(snapshot.access()).isIn("write", "admin");
    Session carol = session(Participant.READER);
    assertThat(carol.join(doc).access()).isIn("read", "comment");
  }

  @Test
  @DisplayName("join with from: the ops after from in version order with client, seq and user; empty at the head; version-ahead past it")
  void joinFrom() throws Exception {
    String doc = document();
    Session ann = session(Participant.WRITER);
    ann.join(doc);
    ann.commit(doc, 0, 1, "[{\"insert\":\"a\"}]");
    ann.commit(doc, 1, 2, "[{\"retain\":1},{\"insert\":\"b\"}]");
    Session later = session(Participant.READER);
    later.socket().send(new ClientMessage.Join(doc, 0L));
    ServerMessage.Ops ops = later.socket().next(ServerMessage.Ops.class);
    assertThat(ops.doc()).isEqualTo(doc);
    assertThat(ops.type()).isEqualTo("rich-text");
    assertThat(ops.ops()).extracting(ServerMessage.Entry::version).containsExactly(1L, 2L);
    assertThat(ops.ops()).extracting(ServerMessage.Entry::client).containsOnly(ann.client());
    assertThat(ops.ops()).extracting(ServerMessage.Entry::seq).containsExactly(1L, 2L);
    assertThat(ops.ops().get(0).user().id()).isEqualTo(ann.welcome().user().id());
    assertThat(ops.ops().get(1).op().toString()).isEqualTo("[{\"retain\":1},{\"insert\":\"b\"}]");
    later.socket().send(new ClientMessage.Join(doc, 2L));
    assertThat(later.socket().next(ServerMessage.Ops.class).ops()).isEmpty();
    later.socket().send(new ClientMessage.Join(doc, 3L));
    ServerMessage.Error ahead = later.error();
    assertThat(ahead.code()).isEqualTo(ErrorCode.VERSION_AHEAD);
    assertThat(ahead.doc()).isEqualTo(doc);
  }

  @Test
  @DisplayName("join: a document that does not exist is unknown-document, naming it")
  void joinUnknown() throws Exception {
    Session ann = session(Participant.WRITER);
    String doc = fresh("missing");
    ann.socket().send(new ClientMessage.Join(doc, null));
    ServerMessage.Error error = ann.error();
    assertThat(error.code()).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
    assertThat(error.doc()).isEqualTo(doc);
  }

  @Test
  @DisplayName("join: joining a document already joined is answered as a fresh join")
  void rejoin() throws Exception {
    String doc = document();
    Session ann = session(Participant.WRITER);
    ann.join(doc);
    ann.commit(doc, 0, 1, "[{\"insert\":\"x\"}]");
    ServerMessage.Snapshot again = ann.join(doc);
    assertThat(again.version()).isEqualTo(1);
    assertThat(again.data().toString()).isEqualTo("[{\"insert\":\"x\"}]");
  }

  // ------------------------------------------------------------------ submitting

  @Test
  @DisplayName("submit: the sender gets ack {doc, seq, version}, the others get op with client, seq and user, never the sender")
  void ackAndOp() throws Exception {
    String doc = document();
    Session ann = session(Participant.WRITER);
    Session carol = session(Participant.READER);
    ann.join(doc);
    carol.join(doc);
    ann.submit(doc, 0, 1, "[{\"insert\":\"hello\"}]");
    assertThat(ann.socket().next(ServerMessage.Ack.class)).isEqualTo(new ServerMessage.Ack(doc, 1, 1));
    ServerMessage.Op op = carol.socket().next(ServerMessage.Op.class);
    assertThat(op.doc()).isEqualTo(doc);
    assertThat(op.version()).isEqualTo(1);
    assertThat(op.client()).isEqualTo(ann.client());
    assertThat(op.seq()).isEqualTo(1);
    assertThat(op.user()).isEqualTo(ann.welcome().user());
    assertThat(op.op().toString()).isEqualTo("[{\"insert\":\"hello\"}]");
    ann.usable("the ack");
    assertThat(ann.socket().quiet(300)).noneMatch(m -> m instanceof ServerMessage.Op);
  }

  @Test
  @DisplayName("submit: a resubmitted seq is acknowledged again with its original version and not applied twice")
  void resubmission() throws Exception {
    String doc = document();
    Session ann = session(Participant.WRITER);
    ann.join(doc);
    long version = ann.commit(doc, 0, 1, "[{\"insert\":\"once\"}]").version();
    ann.submit(doc, 0, 1, "[{\"insert\":\"once\"}]");
    assertThat(ann.socket().next(ServerMessage.Ack.class)).isEqualTo(new ServerMessage.Ack(doc, 1, version));
    JsonObject head = head(doc);
    assertThat(head.getInt("version")).isEqualTo(1);
    assertThat(head.get("data").toString()).isEqualTo("[{\"insert\":\"once\"}]");
  }

  @Test
  @DisplayName("submit: concurrent ops on one base are both committed, transformed, and every party converges")
  void concurrentSubmits() throws Exception {
    String doc = document();
    Session ann = session(Participant.WRITER);
    Session ann2 = session(Participant.WRITER);
    ann.join(doc);
    ann2.join(doc);
    ann.submit(doc, 0, 1, "[{\"insert\":\"left\"}]");
    ann2.submit(doc, 0, 1, "[{\"insert\":\"right\"}]");
    // Each side gets its ack and the other's op, in version order, transformed to apply after its own.
    List<ServerMessage> toAnn = ackAndOp(ann.socket());
    List<ServerMessage> toAnn2 = ackAndOp(ann2.socket());
    long first = ((ServerMessage.Ack) toAnn.stream().filter(m -> m instanceof ServerMessage.Ack).findFirst().orElseThrow()).version();
    long second = ((ServerMessage.Ack) toAnn2.stream().filter(m -> m instanceof ServerMessage.Ack).findFirst().orElseThrow()).version();
    assertThat(List.of(first, second)).containsExactlyInAnyOrder(1L, 2L);
    assertThat(versions(toAnn)).as("ann's messages in version order").containsExactly(1L, 2L);
    assertThat(versions(toAnn2)).as("the other tab's messages in version order").containsExactly(1L, 2L);
    JsonObject head = head(doc);
    assertThat(head.getInt("version")).isEqualTo(2);
    String data = head.get("data").toString();
    assertThat(data).isIn("[{\"insert\":\"leftright\"}]", "[{\"insert\":\"rightleft\"}]");
    // Each tab applied its own op, then the other's as received: both hold what the server holds.
    RichText rich = RichText.INSTANCE;
    Delta annView = rich.apply(rich.decode("[{\"insert\":\"left\"}]", JsonLimits.STORAGE), theOp(toAnn));
    Delta ann2View = rich.apply(rich.decode("[{\"insert\":\"right\"}]", JsonLimits.STORAGE), theOp(toAnn2));
    assertThat(rich.encodeToString(annView)).isEqualTo(data);
    assertThat(rich.encodeToString(ann2View)).isEqualTo(data);
  }

  static Delta theOp(List<ServerMessage> messages) {
    ServerMessage.Op op = (ServerMessage.Op) messages.stream().filter(m -> m instanceof ServerMessage.Op).findFirst().orElseThrow();
    return RichText.INSTANCE.decode(op.op(), JsonLimits.STORAGE);
  }

  /** Reads until both an ack and an op arrived (at most 10 messages). */
  static List<ServerMessage> ackAndOp(WireSocket socket) throws InterruptedException {
    List<ServerMessage> got = new ArrayList<>();
    while (got.stream().noneMatch(m -> m instanceof ServerMessage.Ack) || got.stream().noneMatch(m -> m instanceof ServerMessage.Op)) {
      ServerMessage message = socket.next();
      if (message instanceof ServerMessage.Ack || message instanceof ServerMessage.Op) {
        got.add(message);
      }
      assertThat(got).hasSizeLessThan(10);
    }
    return got;
  }

  static List<Long> versions(List<ServerMessage> messages) {
    return messages.stream()
        .map(m -> m instanceof ServerMessage.Ack a ? a.version() : ((ServerMessage.Op) m).version()).toList();
  }

  @Test
  @DisplayName("submit: a reader's submit is forbidden, echoing doc and seq, and nothing is stored")
  void readerForbidden() throws Exception {
    String doc = document();
    Session carol = session(Participant.READER);
    assertThat(carol.join(doc).access()).isIn("read", "comment");
    carol.submit(doc, 0, 1, "[{\"insert\":\"x\"}]");
    ServerMessage.Error error = carol.error();
    assertThat(error.code()).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(error.doc()).isEqualTo(doc);
    assertThat(error.seq()).isEqualTo(1);
    assertThat(head(doc).getInt("version")).isZero();
    carol.usable("a forbidden submit");
  }

  // ------------------------------------------------------------------ presence, leave

  @Test
  @DisplayName("presence: relayed to the others with client, user, range and meta, never echoed; gone when the sender disconnects")
  void presence() throws Exception {
    String doc = document();
    Session ann = session(Participant.WRITER);
    Session carol = session(Participant.READER);
    ann.join(doc);
    carol.join(doc);
    ann.commit(doc, 0, 1, "[{\"insert\":\"abc\"}]");
    ann.socket().sendRaw("{\"t\":\"presence\",\"doc\":\"" + doc + "\",\"range\":{\"index\":1,\"length\":2},\"meta\":{\"color\":\"red\"}}");
    ServerMessage.Presence seen = carol.socket().next(ServerMessage.Presence.class);
    assertThat(seen.doc()).isEqualTo(doc);
    assertThat(seen.client()).isEqualTo(ann.client());
    assertThat(seen.user()).isEqualTo(ann.welcome().user());
    assertThat(seen.range().asJsonObject().getInt("index")).isEqualTo(1);
    assertThat(seen.range().asJsonObject().getInt("length")).isEqualTo(2);
    assertThat(seen.meta()).isNotNull();
    assertThat(seen.meta().getString("color")).isEqualTo("red");
    ann.usable("presence");
    assertThat(ann.socket().quiet(300)).noneMatch(m -> m instanceof ServerMessage.Presence);
    ann.socket().close();
    ServerMessage.PresenceGone gone = carol.socket().next(ServerMessage.PresenceGone.class);
    assertThat(gone.client()).isEqualTo(ann.client());
    assertThat(gone.doc()).isEqualTo(doc);
  }

  @Test
  @DisplayName("leave: answered by left; afterwards submit, presence and leave of that document are not-joined")
  void leave() throws Exception {
    String doc = document();
    Session ann = session(Participant.WRITER);
    ann.join(doc);
    ann.socket().send(new ClientMessage.Leave(doc));
    assertThat(ann.socket().next(ServerMessage.Left.class).doc()).isEqualTo(doc);
    ann.submit(doc, 0, 1, "[{\"insert\":\"x\"}]");
    ServerMessage.Error submit = ann.error();
    assertThat(submit.code()).isEqualTo(ErrorCode.NOT_JOINED);
    assertThat(submit.seq()).isEqualTo(1);
    ann.socket().sendRaw("{\"t\":\"presence\",\"doc\":\"" + doc + "\",\"range\":null}");
    assertThat(ann.error().code()).isEqualTo(ErrorCode.NOT_JOINED);
    ann.socket().send(new ClientMessage.Leave(doc));
    assertThat(ann.error().code()).isEqualTo(ErrorCode.NOT_JOINED);
    assertThat(head(doc).getInt("version")).isZero();
  }

  // ------------------------------------------------------------------ bad input (issue #4's rows)

  /** One row: what is sent, the error code expected, the seq echoed (null when none). */
  record Row(String name, String frame, ErrorCode code, @Nullable Long seq) {}

  @Test
  @DisplayName("bad input: each row is answered with its error code and seq, the connection stays usable, the document unchanged")
  void badInput() throws Exception {
    String doc = document();
    Session ann = session(Participant.WRITER);
    ann.join(doc);
    ann.commit(doc, 0, 1, "[{\"insert\":\"abc\"}]");
    String deep = "[".repeat(ann.welcome().limits().maxJsonDepth() + 2) + "]".repeat(ann.welcome().limits().maxJsonDepth() + 2);
    String submit = "{\"t\":\"submit\",\"doc\":\"" + doc + "\",";
    List<Row> rows = List.of(
        new Row("malformed JSON", "{\"t\":\"ping\"", ErrorCode.BAD_MESSAGE, null),
        new Row("not an object", "42", ErrorCode.BAD_MESSAGE, null),
        new Row("nesting deeper than maxJsonDepth", deep, ErrorCode.BAD_MESSAGE, null),
        new Row("unknown t", "{\"t\":\"dance\"}", ErrorCode.BAD_MESSAGE, null),
        new Row("no t", "{\"doc\":\"" + doc + "\"}", ErrorCode.BAD_MESSAGE, null),
        new Row("join without doc", "{\"t\":\"join\"}", ErrorCode.BAD_MESSAGE, null),
        new Row("submit without op", submit + "\"base\":1,\"seq\":2}", ErrorCode.BAD_MESSAGE, 2L),
        new Row("submit with a string base", submit + "\"base\":\"1\",\"seq\":3,\"op\":[]}", ErrorCode.BAD_MESSAGE, 3L),
        new Row("submit with a negative seq", submit + "\"base\":1,\"seq\":-1,\"op\":[{\"insert\":\"x\"}]}", ErrorCode.BAD_MESSAGE, -1L),
        new Row("submit with a string for op", submit + "\"base\":1,\"seq\":9,\"op\":\"insert x\"}", ErrorCode.BAD_MESSAGE, 9L),
        new Row("submit with a number for op", submit + "\"base\":1,\"seq\":10,\"op\":42}", ErrorCode.BAD_MESSAGE, 10L),
        new Row("a malformed op (empty insert)", submit + "\"base\":1,\"seq\":4,\"op\":[{\"insert\":\"\"}]}", ErrorCode.INVALID_OP, 4L),
        new Row("an op that does not apply", submit + "\"base\":1,\"seq\":5,\"op\":[{\"delete\":9}]}", ErrorCode.INVALID_OP, 5L),
        new Row("an op breaking the format schema", submit + "\"base\":1,\"seq\":6,\"op\":[{\"insert\":\"x\",\"attributes\":{\"link\":\"javascript:alert(1)\"}}]}", ErrorCode.INVALID_OP, 6L),
        new Row("a base version in the future", submit + "\"base\":99,\"seq\":7,\"op\":[{\"insert\":\"x\"}]}", ErrorCode.VERSION_AHEAD, 7L),
        new Row("join of an unknown document", "{\"t\":\"join\",\"doc\":\"" + fresh("missing") + "\"}", ErrorCode.UNKNOWN_DOCUMENT, null),
        new Row("submit before join", "{\"t\":\"submit\",\"doc\":\"" + fresh("other") + "\",\"base\":0,\"seq\":8,\"op\":[{\"insert\":\"x\"}]}", ErrorCode.NOT_JOINED, 8L));
    for (Row row : rows) {
      ann.socket().sendRaw(row.frame());
      ServerMessage.Error error = ann.error();
      assertThat(error.code()).as(row.name()).isEqualTo(row.code());
      assertThat(error.seq()).as(row.name() + ": seq echoed").isEqualTo(row.seq());
      assertThat(error.message()).as(row.name() + ": a message").isNotBlank();
      ann.usable(row.name());
    }
    JsonObject head = head(doc);
    assertThat(head.getInt("version")).isEqualTo(1);
    assertThat(head.get("data").toString()).isEqualTo("[{\"insert\":\"abc\"}]");
  }

  @Test
  @DisplayName("bad input: in an array frame a bad element is answered and the others are processed")
  void arrayFrame() throws Exception {
    String doc = document();
    Session ann = session(Participant.WRITER);
    ann.join(doc);
    ann.socket().sendRaw("[{\"t\":\"ping\"},{\"t\":\"dance\"},{\"t\":\"submit\",\"doc\":\"" + doc
        + "\",\"base\":0,\"seq\":1,\"op\":[{\"insert\":\"ok\"}]}]");
    List<ServerMessage> answers = new ArrayList<>();
    while (answers.stream().noneMatch(m -> m instanceof ServerMessage.Ack)) {
      answers.add(ann.socket().next());
      assertThat(answers).as("answers to one array frame").hasSizeLessThan(10);
    }
    assertThat(answers).anyMatch(m -> m instanceof ServerMessage.Pong);
    assertThat(answers).anyMatch(m -> m instanceof ServerMessage.Error e && e.code() == ErrorCode.BAD_MESSAGE);
    assertThat(head(doc).getInt("version")).isEqualTo(1);
  }

  @Test
  @DisplayName("limits: an op inserting more than maxOpLength, in a frame of acceptable size, is too-large and not stored")
  void opTooLarge() throws Exception {
    String doc = document();
    Session ann = session(Participant.WRITER);
    ServerMessage.Limits limits = ann.welcome().limits();
    assumeTrue(limits.maxOpLength() + 1_000 < limits.maxMessageBytes(),
        "maxOpLength is not below maxMessageBytes: an op over it cannot fit in a frame");
    ann.join(doc);
    ann.submit(doc, 0, 1, "[{\"insert\":\"" + "x".repeat(limits.maxOpLength() + 1) + "\"}]");
    ServerMessage.Error error = ann.error();
    assertThat(error.code()).isEqualTo(ErrorCode.TOO_LARGE);
    assertThat(error.seq()).isEqualTo(1);
    ann.usable("a too-large op");
    assertThat(head(doc).getInt("version")).isZero();
    // Exactly at the limit is fine.
    ann.commit(doc, 0, 2, "[{\"insert\":\"" + "x".repeat(limits.maxOpLength()) + "\"}]");
  }

  @Test
  @Tag("slow")
  @DisplayName("limits: a document whose snapshot is 17 M characters of escapes (over Collab's default send queue) opens for a fresh client")
  void largeSnapshotOpens() throws Exception {
    Session ann = session(Participant.WRITER);
    ServerMessage.Limits limits = ann.welcome().limits();
    int chunk = 100_000;
    int chunks = 29;
    assumeTrue(limits.maxOpLength() >= chunk && limits.maxDocumentLength() >= chunk * chunks
        && limits.maxMessageBytes() > 6 * chunk + 1_000, "the server's limits do not allow this document");
    String doc = document();
    ann.join(doc);
    // U+0001 is written "\\u0001" in JSON: six characters for one, the worst case of the escapes
    String escapes = "\\u0001".repeat(chunk);
    for (int i = 0; i < chunks; i++) {
      ann.commit(doc, i, i + 1, "[" + (i == 0 ? "" : "{\"retain\":" + (long) i * chunk + "},") + "{\"insert\":\"" + escapes + "\"}]");
    }
    Session fresh = session(Participant.READER);
    ServerMessage.Snapshot snapshot = fresh.join(doc);
    assertThat(snapshot.version()).isEqualTo(chunks);
    assertThat(snapshot.data().asJsonArray().getJsonObject(0).getString("insert")).hasSize(chunk * chunks);
    fresh.usable("a large snapshot");
    assertThat(fresh.socket().isClosed()).as("still open").isFalse();
  }

  @Test
  @Tag("frame-limit")
  @DisplayName("limits: a frame just over maxMessageBytes closes the connection with 1009")
  void frameTooBig() throws Exception {
    Session ann = session(Participant.WRITER);
    int size = ann.welcome().limits().maxMessageBytes() + 1024;
    // A server may close as soon as it has read past the limit and stop reading: the rest of the
    // write may fail or never finish (the socket is aborted after the test). Only the close code
    // counts.
    ann.socket().socket().sendText("{\"t\":\"ping\",\"pad\":\"" + "x".repeat(size) + "\"}", true);
    assertThat(ann.socket().closeCode()).isEqualTo(1009);
  }

  @Test
  @Tag("frame-limit")
  @DisplayName("limits: a frame of eight times maxMessageBytes closes the connection with 1009 (or aborts the write), never another code; the server serves others")
  void hugeFrameTooBig() throws Exception {
    Session ann = session(Participant.WRITER);
    int size = 8 * ann.welcome().limits().maxMessageBytes();
    ann.socket().socket().sendText("{\"t\":\"ping\",\"pad\":\"" + "x".repeat(size) + "\"}", true);
    // The server stops reading at the limit and closes: the client may still be writing, and then
    // sees its write fail (broken pipe, reset) instead of the close frame. What it must never see
    // is another close code (Payara was reported to close such frames with 1011).
    try {
      assertThat(ann.socket().closeCode()).isEqualTo(1009);
    } catch (java.util.concurrent.ExecutionException aborted) {
      assertThat(aborted).hasRootCauseInstanceOf(java.io.IOException.class);
    }
    session(Participant.WRITER).usable("another client's huge frame");
  }

  @Test
  @DisplayName("limits: ten times maxMessagesPerSecond in one second (1,000 with the defaults) is answered rate-limited; the connection then recovers")
  void flood() throws Exception {
    Session ann = session(Participant.WRITER);
    int perSecond = ann.welcome().limits().maxMessagesPerSecond();
    StringBuilder burst = new StringBuilder("[");
    for (int i = 0; i < perSecond; i++) {
      burst.append(i == 0 ? "" : ",").append("{\"t\":\"ping\"}");
    }
    String frame = burst.append("]").toString();
    for (int i = 0; i < 10; i++) {
      ann.socket().sendRaw(frame);
      TimeUnit.MILLISECONDS.sleep(100);
    }
    ServerMessage.Error limited = ann.error();
    assertThat(limited.code()).isEqualTo(ErrorCode.RATE_LIMITED);
    // Under the close threshold (twice over for 5 s): after a quiet second the connection works.
    TimeUnit.MILLISECONDS.sleep(1_500);
    ann.socket().quiet(200);
    ann.usable("the flood");
  }

  @Test
  @Tag("slow")
  @DisplayName("limits: a client that stays over twice maxMessagesPerSecond for more than 5 seconds is closed with 1008")
  void floodCloses() throws Exception {
    Session ann = session(Participant.WRITER);
    int perSecond = ann.welcome().limits().maxMessagesPerSecond();
    StringBuilder burst = new StringBuilder("[");
    for (int i = 0; i < perSecond; i++) {
      burst.append(i == 0 ? "" : ",").append("{\"t\":\"ping\"}");
    }
    String frame = burst.append("]").toString();
    // Five times the limit each second (well over twice, even on a busy machine), for at most 15 s.
    for (int tick = 0; tick < 75 && !ann.socket().isClosed(); tick++) {
      try {
        ann.socket().sendRaw(frame);
      } catch (CompletionException closedMeanwhile) {
        break;
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    assertThat(ann.socket().closeCode()).isEqualTo(1008);
  }

  // ------------------------------------------------------------------ REST

  @Test
  @Tag("rest")
  @DisplayName("REST: create answers 201 with {id, version 0, type, title}, no-store; the new document is listed")
  void restCreate() throws Exception {
    String id = fresh("rest");
    HttpResponse<String> created = rest("POST", "documents", "{\"id\":\"" + id + "\",\"title\":\"Notes\"}",
        Participant.WRITER, "X-Collab-Request", "1");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonObject body = json(created.body()).asJsonObject();
    assertThat(body.getString("id")).isEqualTo(id);
    assertThat(body.getInt("version")).isZero();
    assertThat(body.getString("type")).isEqualTo("rich-text");
    assertThat(body.getString("title")).isEqualTo("Notes");
    assertThat(head(id).getString("title")).as("the title in a read").isEqualTo("Notes");
    HttpResponse<String> generated = rest("POST", "documents", "{}", Participant.WRITER, "X-Collab-Request", "1");
    assertThat(generated.statusCode()).isEqualTo(201);
    assertThat(json(generated.body()).asJsonObject().getString("id")).isNotBlank();
    boolean listed = false;
    for (int offset = 0; offset < 10_000 && !listed; offset += 100) {
      HttpResponse<String> page = rest("GET", "documents?offset=" + offset + "&limit=100", null, Participant.WRITER);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
      JsonArray documents = json(page.body()).asJsonObject().getJsonArray("documents");
      listed = documents.stream().anyMatch(d -> d.asJsonObject().getString("id").equals(id));
      if (documents.size() < 100) {
        break;
      }
    }
    assertThat(listed).as("the new document in the list").isTrue();
  }

  @Test
  @Tag("rest")
  @DisplayName("REST: refusals as problem+json: 409 existing id, 400 bad id or type, 401 anonymous, 403 cross-site or without the CSRF header")
  void restRefusals() throws Exception {
    String doc = document();
    HttpResponse<String> exists = rest("POST", "documents", "{\"id\":\"" + doc + "\"}", Participant.WRITER, "X-Collab-Request", "1");
    assertThat(exists.statusCode()).isEqualTo(409);
    assertThat(exists.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(json(exists.body()).asJsonObject().getInt("status")).isEqualTo(409);
    assertThat(rest("POST", "documents", "{\"id\":\"bad id!\"}", Participant.WRITER, "X-Collab-Request", "1").statusCode()).isEqualTo(400);
    assertThat(rest("POST", "documents", "{\"type\":\"no-such-type\"}", Participant.WRITER, "X-Collab-Request", "1").statusCode()).isEqualTo(400);
    if (!allowsAnonymous()) {
      assertThat(rest("POST", "documents", "{}", null, "X-Collab-Request", "1").statusCode()).isEqualTo(401);
    }
    assertThat(rest("POST", "documents", "{}", Participant.WRITER, "Origin", "http://evil.example").statusCode()).isEqualTo(403);
    assertThat(rest("POST", "documents", "{}", Participant.WRITER).statusCode()).isEqualTo(403);
    HttpResponse<String> readerCreates = rest("POST", "documents", "{}", Participant.READER, "X-Collab-Request", "1");
    assertThat(readerCreates.statusCode()).as("a reader may not create").isEqualTo(403);
  }

  @Test
  @Tag("rest")
  @DisplayName("ids: an id made only of dots is refused (REST create 400, join bad-message), and a raw GET of its URL answers no document")
  void dotOnlyIds() throws Exception {
    Session ann = session(Participant.WRITER);
    for (String id : List.of(".", "..", "...")) {
      HttpResponse<String> created = rest("POST", "documents", "{\"id\":\"" + id + "\"}", Participant.WRITER,
          "X-Collab-Request", "1");
      assertThat(created.statusCode()).as("REST create of '%s': %s", id, created.body()).isEqualTo(400);
      ann.socket().sendRaw("{\"t\":\"join\",\"doc\":\"" + id + "\"}");
      ServerMessage.Error refused = ann.error();
      assertThat(refused.code()).as("join of '%s'", id).isEqualTo(ErrorCode.BAD_MESSAGE);
      assertThat(refused.doc()).as("join of '%s': a malformed id is not echoed", id).isNull();
      // Sent as it is (URI.resolve would remove the dot segments): the server may refuse the URL,
      // or normalise it to another resource, but never answer a document with that id.
      HttpRequest.Builder raw = HttpRequest.newBuilder(URI.create(baseUri() + "collab/api/documents/" + id))
          .timeout(Duration.ofSeconds(20)).GET();
      headers(Participant.WRITER).forEach(raw::header);
      HttpResponse<String> read = http.send(raw.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(read.statusCode() == 200 && read.body().contains("\"id\":\"" + id + "\""))
          .as("raw GET of documents/%s answered %s %s", id, read.statusCode(), read.body()).isFalse();
    }
    ann.usable("the refused ids");
  }

  @Test
  @Tag("rest")
  @DisplayName("REST: read at the head and at a version (400 past the head, 404 unknown), ops in a range, history; all no-store")
  void restRead() throws Exception {
    String doc = document();
    Session ann = session(Participant.WRITER);
    ann.join(doc);
    ann.commit(doc, 0, 1, "[{\"insert\":\"one\"}]");
    ann.commit(doc, 1, 2, "[{\"retain\":3},{\"insert\":\" two\"}]");
    HttpResponse<String> head = rest("GET", "documents/" + doc, null, Participant.READER);
    assertThat(head.statusCode()).as(head.body()).isEqualTo(200);
    assertThat(head.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonObject document = json(head.body()).asJsonObject();
    assertThat(document.getString("id")).isEqualTo(doc);
    assertThat(document.getString("type")).isEqualTo("rich-text");
    assertThat(document.getInt("version")).isEqualTo(2);
    assertThat(document.get("data").toString()).isEqualTo("[{\"insert\":\"one two\"}]");
    HttpResponse<String> atOne = rest("GET", "documents/" + doc + "?version=1", null, Participant.READER);
    assertThat(json(atOne.body()).asJsonObject().get("data").toString()).isEqualTo("[{\"insert\":\"one\"}]");
    assertThat(rest("GET", "documents/" + doc + "?version=3", null, Participant.READER).statusCode()).isEqualTo(400);
    assertThat(rest("GET", "documents/" + fresh("missing"), null, Participant.READER).statusCode()).isEqualTo(404);
    HttpResponse<String> ops = rest("GET", "documents/" + doc + "/ops?from=1&to=2", null, Participant.READER);
    assertThat(ops.statusCode()).isEqualTo(200);
    assertThat(ops.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonArray entries = json(ops.body()).asJsonArray();
    assertThat(entries).hasSize(1);
    JsonObject entry = entries.getJsonObject(0);
    assertThat(entry.getInt("version")).isEqualTo(2);
    assertThat(entry.getString("client")).isEqualTo(ann.client());
    assertThat(entry.getInt("seq")).isEqualTo(2);
    assertThat(entry.get("op").toString()).isEqualTo("[{\"retain\":3},{\"insert\":\" two\"}]");
    assertThat(entry.getJsonObject("user").getString("id")).isEqualTo(ann.welcome().user().id());
    assertThat(entry.containsKey("time")).isTrue();
    HttpResponse<String> history = rest("GET", "documents/" + doc + "/history?after=0&limit=10", null, Participant.READER);
    assertThat(history.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonArray versions = json(history.body()).asJsonArray();
    assertThat(versions).hasSize(2);
    assertThat(versions.getJsonObject(0).getInt("version")).isEqualTo(1);
    assertThat(versions.getJsonObject(1).getJsonObject("user").getString("id")).isEqualTo(ann.welcome().user().id());
  }

  @Test
  @Tag("rest")
  @DisplayName("REST: delete is 403 without admin access and 204 with it; the deleted document is then unknown")
  void restDelete() throws Exception {
    String doc = document();
    Session ann = session(Participant.WRITER);
    boolean writerIsAdmin = ann.join(doc).access().equals("admin");
    if (!writerIsAdmin) {
      assertThat(rest("DELETE", "documents/" + doc, null, Participant.WRITER, "X-Collab-Request", "1").statusCode()).isEqualTo(403);
    }
    assertThat(rest("DELETE", "documents/" + doc, null, Participant.READER, "X-Collab-Request", "1").statusCode()).isEqualTo(403);
    Participant admin = writerIsAdmin ? Participant.WRITER : Participant.ADMIN;
    assertThat(rest("DELETE", "documents/" + doc, null, admin).statusCode()).as("delete without the CSRF header").isEqualTo(403);
    assertThat(rest("DELETE", "documents/" + doc, null, admin, "X-Collab-Request", "1").statusCode()).isEqualTo(204);
    assertThat(rest("GET", "documents/" + doc, null, Participant.WRITER).statusCode()).isEqualTo(404);
    Session later = session(Participant.WRITER);
    later.socket().send(new ClientMessage.Join(doc, null));
    assertThat(later.error().code()).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
  }

  @Test
  @Tag("rest")
  @DisplayName("REST: delete tells a joined client (unknown-document, then left); the document re-created with its id is empty at version 0 and takes edits")
  void restDeleteThenRecreate() throws Exception {
    String doc = document();
    Session ann = session(Participant.WRITER);
    boolean writerIsAdmin = ann.join(doc).access().equals("admin");
    Participant admin = writerIsAdmin ? Participant.WRITER : Participant.ADMIN;
    headers(admin);
    ann.commit(doc, 0, 1, "[{\"insert\":\"secret\"}]");
    String empty = head(document()).get("data").toString();

    assertThat(rest("DELETE", "documents/" + doc, null, admin, "X-Collab-Request", "1").statusCode()).isEqualTo(204);
    assertThat(rest("GET", "documents/" + doc, null, Participant.WRITER).statusCode()).isEqualTo(404);
    createDocument(doc);
    JsonObject recreated = head(doc);
    assertThat(recreated.getInt("version")).as("the re-created document: %s", recreated).isZero();
    assertThat(recreated.get("data").toString()).isEqualTo(empty);
    Session bob = session(Participant.WRITER);
    ServerMessage.Snapshot fresh = bob.join(doc);
    assertThat(fresh.version()).isZero();
    assertThat(fresh.data().toString()).isEqualTo(empty);
    assertThat(bob.commit(doc, 0, 1, "[{\"insert\":\"new\"}]").version()).isEqualTo(1);

    // The client joined to the deleted document heard of it, and nothing of the new one.
    ServerMessage.Error told = ann.socket().expect(ServerMessage.Error.class);
    assertThat(told.code()).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
    assertThat(told.doc()).isEqualTo(doc);
    assertThat(told.seq()).isNull();
    assertThat(ann.socket().expect(ServerMessage.Left.class).doc()).isEqualTo(doc);
    ann.usable("the delete");
    ann.submit(doc, 1, 2, "[{\"insert\":\"x\"}]");
    assertThat(ann.error().code()).as("a submit after left").isEqualTo(ErrorCode.NOT_JOINED);
    assertThat(ann.join(doc).version()).as("a rejoin gets the new document").isEqualTo(1);
    assertThat(head(doc).get("data").toString()).isEqualTo("[{\"insert\":\"new\"}]");
  }

  @Test
  @Tag("rest")
  @DisplayName("REST rename: PATCH {title} by a writer is listed after; 403 for a reader, cross-site or without the CSRF header; 400 bad or over 256; 404 unknown")
  void restRename() throws Exception {
    String id = fresh("rename");
    assertThat(rest("POST", "documents", "{\"id\":\"" + id + "\",\"title\":\"Old\"}", Participant.WRITER,
        "X-Collab-Request", "1").statusCode()).isEqualTo(201);
    HttpResponse<String> renamed = rest("PATCH", "documents/" + id, "{\"title\":\"New \uD83D\uDE00\"}", Participant.WRITER,
        "X-Collab-Request", "1");
    Assumptions.assumeFalse(renamed.statusCode() == 501, "this server's store does not rename documents (501)");
    assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
    assertThat(renamed.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(json(renamed.body()).asJsonObject().getString("title")).isEqualTo("New \uD83D\uDE00");
    assertThat(head(id).getString("title")).isEqualTo("New \uD83D\uDE00");

    String patch = "{\"title\":\"x\"}";
    assertThat(rest("PATCH", "documents/" + id, patch, Participant.READER, "X-Collab-Request", "1").statusCode())
        .as("a reader may not rename").isEqualTo(403);
    assertThat(rest("PATCH", "documents/" + id, patch, Participant.WRITER).statusCode())
        .as("without the CSRF header").isEqualTo(403);
    assertThat(rest("PATCH", "documents/" + id, patch, Participant.WRITER, "Origin", "http://evil.example").statusCode())
        .as("cross-site").isEqualTo(403);
    if (!allowsAnonymous()) {
      assertThat(rest("PATCH", "documents/" + id, patch, null, "X-Collab-Request", "1").statusCode()).isEqualTo(401);
    }
    assertThat(rest("PATCH", "documents/" + id, "{}", Participant.WRITER, "X-Collab-Request", "1").statusCode()).isEqualTo(400);
    assertThat(rest("PATCH", "documents/" + id, "{\"title\":7}", Participant.WRITER, "X-Collab-Request", "1").statusCode())
        .isEqualTo(400);
    assertThat(rest("PATCH", "documents/" + id, "{\"title\":\"" + "t".repeat(256) + "\"}", Participant.WRITER,
        "X-Collab-Request", "1").statusCode()).as("exactly at the limit").isEqualTo(200);
    HttpResponse<String> tooLong = rest("PATCH", "documents/" + id, "{\"title\":\"" + "t".repeat(257) + "\"}",
        Participant.WRITER, "X-Collab-Request", "1");
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(tooLong.body()).contains("256");
    assertThat(head(id).getString("title")).as("a refused rename changes nothing").isEqualTo("t".repeat(256));
    assertThat(rest("PATCH", "documents/" + fresh("missing"), patch, Participant.WRITER, "X-Collab-Request", "1")
        .statusCode()).isEqualTo(404);
  }
}
