package dev.collab.server.internal.ws;

import dev.collab.server.internal.config.WireConfig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.User;
import dev.collab.server.internal.engine.CollabEngine;
import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.RoleAccessPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A frame over maxMessageBytes closes the connection with 1009 even when the container delivered
 * it (WildFly 38 does; the TCK's protocol kit found it). The limit counts UTF-8 bytes.
 */
class FrameLimitTest {
  final CollabEngine engine = CollabEngine.builder().store(new InMemoryDocumentStore()).policy(new RoleAccessPolicy(true)).build();

  @AfterEach
  void close() {
    engine.close();
  }

  Connection connect(ConnectionTest.FakeTransport transport) {
    return new Connection(engine, WireConfig.DEFAULTS, User.of("ann"), transport, new OpFrames(),
        new RateWindows(WireConfig.DEFAULTS.maxMessagesPerSecondPerUser()));
  }

  /** A ping of exactly {@code bytes} ASCII bytes, padded with unknown fields (each under the string limit). */
  static String ping(int bytes) {
    StringBuilder frame = new StringBuilder("{\"t\":\"ping\"");
    for (int field = 0; frame.length() + 2 < bytes; field++) {
      String head = ",\"p" + field + "\":\"";
      int pad = Math.min(200_000, bytes - frame.length() - head.length() - 2);
      frame.append(head).append("x".repeat(Math.max(0, pad))).append('"');
    }
    frame.append('}');
    assertThat(frame.length()).isEqualTo(bytes);
    return frame.toString();
  }

  @Test
  @DisplayName("a frame of exactly maxMessageBytes is read; one byte more closes with 1009 and is not answered")
  void atAndOverTheLimit() throws Exception {
    int limit = WireConfig.DEFAULTS.maxMessageBytes();
    ConnectionTest.FakeTransport transport = new ConnectionTest.FakeTransport();
    Connection connection = connect(transport);
    connection.onMessage(ping(limit));
    assertThat(transport.next()).isInstanceOf(dev.collab.protocol.ServerMessage.Pong.class);
    assertThat(transport.closes).isEmpty();
    connection.onMessage(ping(limit + 1));
    assertThat(transport.closes).containsExactly(Connection.TOO_BIG);
    assertThat(transport.received).isEmpty();
  }

  @Test
  @DisplayName("the limit counts UTF-8 bytes: two-, three- and four-byte characters")
  void countsUtf8Bytes() {
    assertThat(Inbound.overBytes("é".repeat(500), 1000)).isFalse();
    assertThat(Inbound.overBytes("é".repeat(501), 1000)).isTrue();
    assertThat(Inbound.overBytes("€".repeat(333), 1000)).isFalse();
    assertThat(Inbound.overBytes("€".repeat(334), 1000)).isTrue();
    assertThat(Inbound.overBytes("😀".repeat(250), 1000)).isFalse();
    assertThat(Inbound.overBytes("😀".repeat(251), 1000)).isTrue();
    assertThat(Inbound.overBytes("x".repeat(1001), 1000)).isTrue();
    assertThat(Inbound.overBytes("x".repeat(333), 1000)).isFalse();
  }
}
