package dev.collab.server.bus;

import dev.collab.server.jms.JmsClusterBus;
import dev.collab.spi.ClusterBus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The JMS bus on an embedded ActiveMQ Artemis broker reached over TCP on loopback (a random free
 * port), restarted in {@link #restartTransport()}.
 */
class JmsClusterBusContractTest extends dev.collab.tck.ClusterBusContractKit {
  static EmbeddedActiveMQ broker;
  static int port;
  static Path dir;

  @BeforeAll
  static void start() throws Exception {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    dir = Files.createTempDirectory(Path.of("target"), "artemis");
    broker = newBroker();
    broker.start();
  }

  static EmbeddedActiveMQ newBroker() throws Exception {
    Configuration config = new ConfigurationImpl().setPersistenceEnabled(false).setSecurityEnabled(false)
        .setJournalDirectory(dir.resolve("journal").toString()).setBindingsDirectory(dir.resolve("bindings").toString())
        .setLargeMessagesDirectory(dir.resolve("large").toString()).setPagingDirectory(dir.resolve("paging").toString())
        .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port);
    return new EmbeddedActiveMQ().setConfiguration(config);
  }

  @AfterAll
  static void stop() throws Exception {
    broker.stop();
  }

  @Override
  protected ClusterBus createBus() {
    ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port);
    return new JmsClusterBus(factory, "collab");
  }

  @Override
  protected boolean restartTransport() throws Exception {
    broker.stop();
    broker = newBroker();
    broker.start();
    return true;
  }


  @org.junit.jupiter.api.Test
  @org.junit.jupiter.api.DisplayName("isConnected is false while the broker is down, true again once the bus reconnected, false after close")
  void connectedFollowsTheBroker() throws Exception {
    ClusterBus bus = createBus();
    try {
      org.assertj.core.api.Assertions.assertThat(bus.isConnected()).isTrue();
      broker.stop();
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> !bus.isConnected());
      broker = newBroker();
      broker.start();
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(bus::isConnected);
    } finally {
      bus.close();
    }
    org.assertj.core.api.Assertions.assertThat(bus.isConnected()).as("after close").isFalse();
  }

  @Override
  protected java.util.Optional<dev.collab.Collab> node(String nodeId, ClusterBus bus, dev.collab.spi.DocumentStore store) {
    return Services.engineNode(nodeId, bus, store);
  }
}
