package dev.collab.sample;

import dev.collab.spi.ClusterBus;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.util.logging.Logger;

/**
 * {@code collab.bus=jms} in the sample: Payara Micro has no JMS broker of its own, so instead of
 * Collab's JNDI lookup the sample connects to an ActiveMQ Artemis broker at {@code sample.jms.url}
 * (default {@code tcp://127.0.0.1:61616}) with the Artemis client it carries, and adds that bus as
 * an {@code @Alternative @Priority(APPLICATION)} bean. With any other {@code collab.bus} it adds
 * nothing and Collab's own choice stands ({@code local}, or {@code redis} with the Lettuce the WAR
 * carries). No Jakarta Messaging type appears in this class: the JMS classes are loaded, through
 * {@link ArtemisBus}, only when the JMS bus is chosen.
 */
public class JmsBusExtension implements Extension {
  private static final Logger LOG = Logger.getLogger(JmsBusExtension.class.getName());

  void addBus(@Observes AfterBeanDiscovery event) {
    if (!SampleSettings.get("collab.bus").orElse("local").equals("jms")) {
      return;
    }
    String url = SampleSettings.get("sample.jms.url").orElse("tcp://127.0.0.1:61616");
    String topic = SampleSettings.get("collab.jms.topic").orElse("collab");
    event.addBean().types(ClusterBus.class, Object.class).scope(Singleton.class)
        .alternative(true).priority(Interceptor.Priority.APPLICATION)
        .produceWith(instance -> {
          LOG.info(() -> "collab sample: JMS bus on the Artemis broker at " + url + ", topic " + topic);
          return ArtemisBus.connect(url, topic);
        })
        .disposeWith((bus, instance) -> ((ClusterBus) bus).close());
  }
}
