package dev.collab.server.jms;

import dev.collab.internal.log.ThrottledWarning;
import dev.collab.Ids;
import dev.collab.spi.ClusterBus;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

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
 *
 * <p>Logged ({@code System.Logger} {@code dev.collab.server.jms.JmsClusterBus}): a lost connection
 * (WARNING) and its recovery (INFO, with how long it took and how many publishes were dropped
 * meanwhile), a reconnect attempt that keeps failing (WARNING, at most once a minute); a message
 * that cannot be read, a failed publish or a listener that throws (WARNING, at most one line a minute
 * with the count since the last one). docs/OPERATIONS.md lists the lines.
 */
public final class JmsClusterBus implements ClusterBus {
  private static final System.Logger LOG = System.getLogger(JmsClusterBus.class.getName());
  private static final long WARNING_INTERVAL = TimeUnit.MINUTES.toNanos(1);
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
  /** When the connection was lost (System.nanoTime); publishes dropped since. Guarded by this. */
  private long lostAt;
  private long droppedWhileLost;
  /** When the next warning about a failing reconnect may be logged. Guarded by this. */
  private long nextReconnectWarning;

  /** Losses that can repeat with every message: one WARNING a minute at most, with their count. */
  private final ThrottledWarning losses = new ThrottledWarning(LOG, "collab: JMS bus: ", Duration.ofMinutes(1));

  /**
   * A bus on {@code factory}, publishing to the topic named {@code topicName}.
   *
   * @param factory the JMS provider's connection factory
   * @param topicName the topic every node publishes to and subscribes to, e.g. {@code collab}
   */
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
   * @param jndiName where the server binds the connection factory
   * @param topicName the topic every node publishes to and subscribes to
   * @return a connected bus
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
        losses.warn("dropped a message for document " + documentId + " whose body is not text", e);
        return;
      }
      for (Consumer<String> listener : listeners.getOrDefault(documentId, List.of())) {
        try {
          listener.accept(body);
        } catch (RuntimeException e) {
          losses.warn("a listener of document " + documentId + " failed on a message, which it lost", e);
        }
      }
    });
    return consumer;
  }

  @Override
  public void publish(String documentId, String message) {
    synchronized (this) {
      if (closed) {
        return;
      }
      if (reconnecting) {
        droppedWhileLost++; // counted in the line that reports the reconnect
        return;
      }
      try {
        producer.setProperty(PROPERTY, documentId).send(topic, message);
      } catch (JMSRuntimeException e) {
        // At-most-once: the message is lost; the connection's exception listener recovers.
        losses.warn("a publish for document " + documentId + " failed; the message is lost (the other nodes"
            + " read the missing ops from the store on the next one)", e);
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
              // the connection is gone anyway; the reconnect makes consumers only for subscribed documents
              LOG.log(System.Logger.Level.DEBUG, "collab: JMS bus: closing the consumer of document " + documentId
                  + " failed", e);
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

  /**
   * True while the context is open and no reconnect is under way: false from the moment the
   * provider reported the connection lost until the reconnect succeeded, and after {@link #close}.
   */
  @Override
  public boolean isConnected() {
    synchronized (this) {
      return !closed && !reconnecting;
    }
  }

  private void connectionLost(Exception cause) {
    synchronized (this) {
      if (closed || reconnecting) {
        return;
      }
      reconnecting = true;
      lostAt = System.nanoTime();
      droppedWhileLost = 0;
      nextReconnectWarning = lostAt + WARNING_INTERVAL;
    }
    LOG.log(System.Logger.Level.WARNING, "collab: JMS bus lost its connection; reconnecting. Edits published"
        + " meanwhile do not reach the other nodes until it is back (they then read the missing ops from the store)",
        cause);
    scheduleReconnect(100);
  }

  private void scheduleReconnect(long delayMs) {
    reconnector.schedule(() -> {
      long downMs;
      long dropped;
      synchronized (this) {
        if (closed) {
          return;
        }
        try {
          closeQuietly();
          open();
          reconnecting = false;
        } catch (RuntimeException e) {
          long next = Math.min(5_000, delayMs * 2);
          long now = System.nanoTime();
          if (now - nextReconnectWarning >= 0) {
            nextReconnectWarning = now + WARNING_INTERVAL;
            LOG.log(System.Logger.Level.WARNING, "collab: JMS bus still cannot reconnect after "
                + TimeUnit.NANOSECONDS.toSeconds(now - lostAt) + " s; retrying every " + next + " ms", e);
          } else {
            LOG.log(System.Logger.Level.DEBUG, "collab: JMS bus reconnect attempt failed; retrying in " + next + " ms", e);
          }
          scheduleReconnect(next);
          return;
        }
        downMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lostAt);
        dropped = droppedWhileLost;
      }
      LOG.log(System.Logger.Level.INFO, "collab: JMS bus reconnected after {0} ms ({1} publishes dropped meanwhile);"
          + " reading the heads of open documents", downMs, dropped);
      for (Runnable listener : new ArrayList<>(recoveryListeners)) {
        try {
          listener.run();
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "collab: JMS bus: a recovery listener failed after a reconnect;"
              + " open documents may miss edits until their next one", e);
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
      // already broken: it is replaced (or the bus is closing)
      LOG.log(System.Logger.Level.DEBUG, "collab: JMS bus: closing the old context failed", e);
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
