package dev.collab.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.collab.ErrorCode;
import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ProtocolCodec;
import dev.collab.protocol.ServerMessage;
import dev.collab.tck.ProtocolConformanceKit.Participant;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Part of {@link ProtocolConformanceKit}: the handshake, {@code hello} and client ids.
 *
 * <p>The kit's tests are spread over this chain of package-private superclasses, in the order of
 * {@code docs/PROTOCOL.md}; an implementer extends {@link ProtocolConformanceKit} alone, and JUnit
 * runs the inherited tests as its own.
 */
abstract class ProtocolKitConnecting extends ProtocolKitFixtures {

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
  private static void sendUnlessRefused(WireSocket socket, ClientMessage message) {
    sendUnlessRefused(socket, ProtocolCodec.encode(message));
  }

  private static void sendUnlessRefused(WireSocket socket, String frame) {
    try {
      socket.sendRaw(frame);
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
      // Join and submit in one array frame: the submit is as early as a client can make it, and
      // the server has read everything sent when it closes. (As two frames, a server closing
      // after the join would leave the submit unread, and the kernel's reset could destroy its
      // forbidden and close frames before this client read them.)
      sendUnlessRefused(intruder, ProtocolCodec.joinFrames(List.of(ProtocolCodec.encode(new ClientMessage.Join(doc, 2L)),
          ProtocolCodec.encode(new ClientMessage.Submit(doc, 2, 3,
              Json.createArrayBuilder().add(Json.createObjectBuilder().add("insert", "BOB")).build())))));
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
}
