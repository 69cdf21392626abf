package dev.collab.server.internal.ws;

import dev.collab.server.internal.config.WireConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.collab.User;
import dev.collab.ot.RichText;
import dev.collab.protocol.ServerMessage;
import dev.collab.server.internal.engine.CollabEngine;
import dev.collab.server.internal.engine.EngineConfig;
import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.RoleAccessPolicy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The node's op-frame cache holds documents that are loaded, not every document ever edited. */
class OpFramesUnloadTest {
  final CollabEngine engine = CollabEngine.builder().store(new InMemoryDocumentStore())
      .policy(new RoleAccessPolicy(true)).config(EngineConfig.DEFAULTS.withIdleUnload(Duration.ofMillis(1))).build();
  final ConnectionRegistry registry = new ConnectionRegistry();

  @AfterEach
  void close() {
    engine.close();
  }

  private Connection connection(String user, ConnectionTest.FakeTransport transport) throws InterruptedException {
    Connection connection = new Connection(engine, WireConfig.DEFAULTS, User.of(user), transport, registry.opFrames(),
        registry.rateWindows(WireConfig.DEFAULTS));
    connection.onMessage("{\"t\":\"hello\",\"protocol\":1,\"client\":\"" + user + "-tab\"}");
    assertThat(transport.next()).isInstanceOf(ServerMessage.Welcome.class);
    connection.onMessage("{\"t\":\"join\",\"doc\":\"d\"}");
    assertThat(transport.next()).isInstanceOf(ServerMessage.Snapshot.class);
    return connection;
  }

  @Test
  @DisplayName("a document's cached op frame is forgotten when the document unloads")
  void forgottenOnUnload() throws Exception {
    registry.follow(engine, java.time.Duration.ofMinutes(2));
    engine.create("d", RichText.NAME, "Doc", Map.of(), User.of("ann"));
    ConnectionTest.FakeTransport annWire = new ConnectionTest.FakeTransport();
    ConnectionTest.FakeTransport bobWire = new ConnectionTest.FakeTransport();
    Connection ann = connection("ann", annWire);
    Connection bob = connection("bob", bobWire);
    ann.onMessage("{\"t\":\"submit\",\"doc\":\"d\",\"base\":0,\"seq\":1,\"op\":[{\"insert\":\"hi\"}]}");
    assertThat(bobWire.next()).isInstanceOf(ServerMessage.Op.class);
    assertThat(registry.opFrames().size()).as("bob's op frame is cached").isEqualTo(1);

    ann.onClose();
    bob.onClose();
    await().atMost(Duration.ofSeconds(10)).until(() -> engine.loadedDocuments() == 0);
    assertThat(registry.opFrames().size()).as("frames cached after the unload").isZero();
  }
}
