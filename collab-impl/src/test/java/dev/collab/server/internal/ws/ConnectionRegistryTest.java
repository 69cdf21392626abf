package dev.collab.server.internal.ws;

import dev.collab.server.internal.config.WireConfig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.User;
import dev.collab.server.internal.engine.CollabEngine;
import dev.collab.server.defaults.InMemoryDocumentStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The end of an HTTP session closes the connections opened under it, and only those. */
class ConnectionRegistryTest {
  final CollabEngine engine = CollabEngine.builder().store(new InMemoryDocumentStore()).build();
  final ConnectionRegistry registry = new ConnectionRegistry();

  @AfterEach
  void close() {
    engine.close();
  }

  private Connection connection(ConnectionTest.FakeTransport transport) {
    return new Connection(engine, WireConfig.DEFAULTS, User.of("ann"), transport, registry.opFrames(),
        registry.rateWindows(WireConfig.DEFAULTS));
  }

  @Test
  @DisplayName("an ended HTTP session closes its connections with 1001; other sessions' and session-less ones stay")
  void sessionEndClosesItsConnections() {
    ConnectionTest.FakeTransport first = new ConnectionTest.FakeTransport();
    ConnectionTest.FakeTransport second = new ConnectionTest.FakeTransport();
    ConnectionTest.FakeTransport other = new ConnectionTest.FakeTransport();
    ConnectionTest.FakeTransport basic = new ConnectionTest.FakeTransport();
    Connection a = connection(first);
    Connection b = connection(second);
    Connection c = connection(other);
    Connection d = connection(basic);
    registry.add(a, "s1");
    registry.add(b, "s1");
    registry.add(c, "s2");
    registry.add(d, null);

    assertThat(registry.closeHttpSession("s1")).isEqualTo(2);
    assertThat(first.closes).containsExactly(Connection.GOING_AWAY);
    assertThat(second.closes).containsExactly(Connection.GOING_AWAY);
    assertThat(a.isClosed()).isTrue();
    assertThat(other.closes).isEmpty();
    assertThat(basic.closes).isEmpty();
    assertThat(registry.size()).isEqualTo(2);
    assertThat(registry.closeHttpSession("s1")).as("a second end finds nothing").isZero();

    // A connection that closed by itself is forgotten: the session's end has nothing to close.
    registry.remove(c, "s2");
    assertThat(registry.closeHttpSession("s2")).isZero();
    assertThat(other.closes).isEmpty();
    assertThat(registry.size()).isEqualTo(1);
  }

  @Test
  @DisplayName("a user's connection past the per-user bound is not admitted; a closed one frees its place, counted once")
  void connectionsPerUser() {
    Connection a = connection(new ConnectionTest.FakeTransport());
    Connection b = connection(new ConnectionTest.FakeTransport());
    Connection c = connection(new ConnectionTest.FakeTransport());
    assertThat(registry.admit(a, "s1", 2)).isTrue();
    assertThat(registry.admit(b, null, 2)).isTrue();
    assertThat(registry.admit(c, null, 2)).isFalse();
    assertThat(registry.size()).isEqualTo(2);

    // The session's end closes a; the container then reports its close too: one place is freed, once.
    registry.closeHttpSession("s1");
    registry.remove(a, "s1");
    assertThat(registry.connectionsOf("ann")).isEqualTo(1);
    assertThat(registry.admit(c, null, 2)).isTrue();
    assertThat(registry.admit(connection(new ConnectionTest.FakeTransport()), null, 2)).isFalse();
  }
}
