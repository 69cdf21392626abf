package dev.collab.sample;

import dev.collab.server.jms.JmsClusterBus;
import dev.collab.spi.ClusterBus;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The sample's JMS bus: Collab's {@link JmsClusterBus} on an ActiveMQ Artemis connection factory.
 * The only class of the sample that names a Jakarta Messaging type, loaded only when
 * {@code collab.bus=jms} is chosen ({@link JmsBusExtension}), so that a server without Jakarta
 * Messaging (WildFly's default {@code standalone.xml}) deploys the WAR with any other bus.
 */
final class ArtemisBus {
  private ArtemisBus() {}

  static ClusterBus connect(String url, String topic) {
    return new JmsClusterBus(new ActiveMQConnectionFactory(url), topic);
  }
}
