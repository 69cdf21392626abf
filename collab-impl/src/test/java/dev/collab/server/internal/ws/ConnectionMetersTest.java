package dev.collab.server.internal.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.User;
import dev.collab.ot.RichText;
import dev.collab.protocol.ServerMessage;
import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.RoleAccessPolicy;
import dev.collab.server.internal.config.WireConfig;
import dev.collab.server.internal.engine.CollabEngine;
import dev.collab.server.internal.metrics.MicrometerBinding;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The transport's meters: message rate-limit hits and slow-consumer closes (1013), over a {@link Connection}. */
class ConnectionMetersTest {
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final MicrometerBinding binding = new MicrometerBinding(registry);
  final InMemoryDocumentStore store = new InMemoryDocumentStore();
  final CollabEngine engine = CollabEngine.builder().store(store).policy(new RoleAccessPolicy(true))
      .observer(binding.observer()).build();
  final User ann = User.of("ann");

  @AfterEach
  void close() {
    engine.close();
    binding.close();
  }

  private Connection connect(ConnectionTest.FakeTransport transport, WireConfig config) {
    Connection connection = new Connection(engine, config, ann, transport, new OpFrames(),
        new RateWindows(config.maxMessagesPerSecondPerUser()));
    transport.connection = connection;
    return connection;
  }

  private double counter(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  @Test
  @DisplayName("a message over the rate counts one collab.ratelimit.hits{limit=messages}; the ones within it none")
  void rateLimitHits() throws Exception {
    ConnectionTest.FakeTransport transport = new ConnectionTest.FakeTransport();
    Connection connection = connect(transport, WireConfig.DEFAULTS.withMaxMessagesPerSecond(5, 1_000));
    for (int i = 0; i < 6; i++) {
      connection.onMessage("{\"t\":\"ping\"}");
    }
    for (int i = 0; i < 5; i++) {
      assertThat(transport.next()).isInstanceOf(ServerMessage.Pong.class);
    }
    assertThat(((ServerMessage.Error) transport.next()).code().wire()).isEqualTo("rate-limited");
    assertThat(counter("collab.ratelimit.hits", "limit", "messages")).isEqualTo(1);
    assertThat(counter("collab.ratelimit.hits", "limit", "submits")).isZero();
  }

  @Test
  @DisplayName("a client that does not read is closed with 1013 and counted once in collab.connections.slow.closed")
  void slowConsumerCloses() throws Exception {
    engine.create("d", RichText.NAME, "Doc", Map.of(), ann);
    ConnectionTest.FakeTransport transport = new ConnectionTest.FakeTransport();
    Connection slow = connect(transport, WireConfig.DEFAULTS.withMaxQueued(20, 1 << 20));
    slow.onMessage("{\"t\":\"hello\",\"protocol\":1,\"client\":\"slow\"}");
    transport.next();
    slow.onMessage("{\"t\":\"join\",\"doc\":\"d\"}");
    transport.next();
    assertThat(counter("collab.connections.slow.closed")).isZero();
    transport.stall = true;
    for (int i = 0; i < 30; i++) {
      engine.edit("d", User.of("bob"), "[{\"insert\":\"x\"}]").toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    assertThat(transport.closes).containsExactly(Connection.TRY_LATER);
    assertThat(counter("collab.connections.slow.closed")).isEqualTo(1);
  }
}
