package dev.collab.server.jms;

import dev.collab.Ids;
import dev.collab.spi.ClusterBus;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link ClusterBus} on a Jakarta Messaging 3.1 topic: every message goes to one topic with the
 * string property {@code collabDoc}; each document's subscription is a consumer with the selector
 * {@code collabDoc = '<id>'} (document ids have a fixed alphabet, so they are safe in a selector).
 * Messages are non-persistent: the store, not the bus, is the source of truth.
 *
 * <p>When the connection fails (the broker restarted), the exception listener rebuilds the context
 * and the consumers, retrying with backoff until the broker is back, then runs the recovery
 * listeners so the engine re-reads the heads of its open documents. Thread-safe: publishing uses a
 * context guarded by this object's monitor; listeners run on the provider's delivery threads.
 */
public final class JmsClusterBus implements ClusterBus {
  private static final Logger LOG = Logger.getLogger(JmsClusterBus.class.getName());
  static final String PROPERTY = "collabDoc";

  private final ConnectionFactory factory;
  private final String topicName;
  private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
  private final List<Runnable> recoveryListeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService reconnector = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "collab-jms-reconnect");
    thread.setDaemon(true);
    return thread;
  });

  // Guarded by this.
  private JMSContext context;
  private JMSProducer producer;
  private Topic topic;
  private final Map<String, JMSConsumer> consumers = new ConcurrentHashMap<>();
  private boolean closed;
  private boolean reconnecting;

  /** A bus on {@code factory}, publishing to the topic named {@code topicName} (e.g. {@code collab}). */
  public JmsClusterBus(ConnectionFactory factory, String topicName) {
    this.factory = factory;
    this.topicName = topicName;
    synchronized (this) {
      open();
    }
  }

  /**
   * A bus on the connection factory the server binds at JNDI name {@code jndiName} (e.g.
   * {@code java:comp/DefaultJMSConnectionFactory}), publishing to {@code topicName}.
   *
   * @throws IllegalStateException naming {@code jndiName} when nothing is bound there
   */
  public static JmsClusterBus lookup(String jndiName, String topicName) {
    ConnectionFactory factory;
    try {
      factory = (ConnectionFactory) new javax.naming.InitialContext().lookup(jndiName);
    } catch (javax.naming.NamingException e) {
      throw new IllegalStateException("collab.bus=jms: no JMS connection factory at " + jndiName, e);
    }
    return new JmsClusterBus(factory, topicName);
  }

  /** Opens the context, the producer, and a consumer per subscribed document. Holds this. */
  private void open() {
    context = factory.createContext(JMSContext.AUTO_ACKNOWLEDGE);
    context.setExceptionListener(e -> connectionLost(e));
    topic = context.createTopic(topicName);
    producer = context.createProducer().setDeliveryMode(jakarta.jms.DeliveryMode.NON_PERSISTENT);
    consumers.clear();
    for (String documentId : listeners.keySet()) {
      consumers.put(documentId, consumer(documentId));
    }
  }

  private JMSConsumer consumer(String documentId) {
    JMSConsumer consumer = context.createConsumer(topic, PROPERTY + " = '" + Ids.requireDocumentId(documentId) + "'");
    consumer.setMessageListener(message -> {
      String body;
      try {
        body = message.getBody(String.class);
      } catch (jakarta.jms.JMSException | RuntimeException e) {
        return;
      }
      for (Consumer<String> listener : listeners.getOrDefault(documentId, List.of())) {
        try {
          listener.accept(body);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "collab: a bus listener failed", e);
        }
      }
    });
    return consumer;
  }

  @Override
  public void publish(String documentId, String message) {
    synchronized (this) {
      if (closed || reconnecting) {
        return;
      }
      try {
        producer.setProperty(PROPERTY, documentId).send(topic, message);
      } catch (JMSRuntimeException e) {
        // At-most-once: the message is lost; the connection's exception listener recovers.
        LOG.log(Level.FINE, "collab: JMS publish failed", e);
      }
    }
  }

  @Override
  public Subscription subscribe(String documentId, Consumer<String> listener) {
    synchronized (this) {
      List<Consumer<String>> list = listeners.computeIfAbsent(documentId, id -> new CopyOnWriteArrayList<>());
      list.add(listener);
      if (!consumers.containsKey(documentId) && !reconnecting && !closed) {
        consumers.put(documentId, consumer(documentId));
      }
    }
    return () -> {
      synchronized (this) {
        List<Consumer<String>> list = listeners.get(documentId);
        if (list != null && list.remove(listener) && list.isEmpty()) {
          listeners.remove(documentId);
          JMSConsumer consumer = consumers.remove(documentId);
          if (consumer != null && !closed) {
            try {
              consumer.close();
            } catch (JMSRuntimeException e) {
              // the connection is gone anyway
            }
          }
        }
      }
    };
  }

  @Override
  public void addRecoveryListener(Runnable listener) {
    recoveryListeners.add(listener);
  }

  private void connectionLost(Exception cause) {
    synchronized (this) {
      if (closed || reconnecting) {
        return;
      }
      reconnecting = true;
    }
    LOG.log(Level.WARNING, "collab: JMS connection lost; reconnecting", cause);
    scheduleReconnect(100);
  }

  private void scheduleReconnect(long delayMs) {
    reconnector.schedule(() -> {
      synchronized (this) {
        if (closed) {
          return;
        }
        try {
          closeQuietly();
          open();
          reconnecting = false;
        } catch (RuntimeException e) {
          scheduleReconnect(Math.min(5_000, delayMs * 2));
          return;
        }
      }
      LOG.info("collab: JMS bus reconnected; reading the heads of open documents");
      for (Runnable listener : new ArrayList<>(recoveryListeners)) {
        try {
          listener.run();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "collab: a recovery listener failed", e);
        }
      }
    }, delayMs, TimeUnit.MILLISECONDS);
  }

  private void closeQuietly() {
    try {
      if (context != null) {
        context.close();
      }
    } catch (RuntimeException e) {
      // already broken
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      closeQuietly();
    }
    reconnector.shutdownNow();
  }
}
