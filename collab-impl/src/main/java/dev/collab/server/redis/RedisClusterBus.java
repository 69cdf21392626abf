package dev.collab.server.redis;

import dev.collab.spi.ClusterBus;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link ClusterBus} on Redis pub/sub, through Lettuce: one channel per document
 * ({@code prefix + documentId}; document ids are from a fixed alphabet, so they are safe in channel
 * names), one connection for subscriptions and one for publishing.
 *
 * <p>Why Lettuce: it is non-blocking (a publish never blocks an engine thread), thread-safe with one
 * connection shared by all threads, and reconnects by itself, re-subscribing its channels. Redis
 * pub/sub drops what is published while a subscriber is disconnected, so after every reconnect the
 * recovery listeners run and the engine re-reads the heads of its open documents from the store.
 *
 * <p>Thread-safe. Listeners are called on Lettuce's event-loop threads.
 */
public final class RedisClusterBus implements ClusterBus {
  private static final Logger LOG = Logger.getLogger(RedisClusterBus.class.getName());

  private final RedisClient client;
  private final boolean ownsClient;
  private final String prefix;
  private final StatefulRedisPubSubConnection<String, String> subscriber;
  private final StatefulRedisConnection<String, String> publisher;
  private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
  private final List<Runnable> recoveryListeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Set once the first connection is up: a later "connected" of the subscriber is a reconnect. */
  private final AtomicBoolean connectedOnce = new AtomicBoolean();

  /** A bus on {@code uri} (e.g. {@code redis://127.0.0.1:6379}), channels named {@code collab:doc:<id>}. */
  public static RedisClusterBus connect(String uri) {
    return new RedisClusterBus(RedisClient.create(uri), true, "collab:doc:");
  }

  /**
   * A bus on a client the caller owns (and closes).
   *
   * @param prefix put before every document id to form its channel name
   */
  public RedisClusterBus(RedisClient client, String prefix) {
    this(client, false, prefix);
  }

  private RedisClusterBus(RedisClient client, boolean ownsClient, String prefix) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.prefix = prefix;
    client.addListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisConnected(io.lettuce.core.RedisChannelHandler<?, ?> connection, SocketAddress address) {
        // The first connect happens inside the constructor, before connectedOnce is set.
        if (connectedOnce.get() && connection == subscriber) {
          LOG.info("collab: Redis bus reconnected; reading the heads of open documents");
          recoveryListeners.forEach(RedisClusterBus::runQuietly);
        }
      }
    });
    this.subscriber = client.connectPubSub();
    connectedOnce.set(true);
    this.publisher = client.connect();
    subscriber.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, String message) {
        if (!channel.startsWith(prefix)) {
          return;
        }
        for (Consumer<String> listener : listeners.getOrDefault(channel.substring(prefix.length()), List.of())) {
          try {
            listener.accept(message);
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "collab: a bus listener failed", e);
          }
        }
      }
    });
  }

  private static void runQuietly(Runnable listener) {
    try {
      listener.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "collab: a recovery listener failed", e);
    }
  }

  @Override
  public void publish(String documentId, String message) {
    if (!closed.get()) {
      // Fire and forget: at-most-once is the contract; a failed publish is a lost message.
      publisher.async().publish(prefix + documentId, message);
    }
  }

  @Override
  public Subscription subscribe(String documentId, Consumer<String> listener) {
    listeners.compute(documentId, (id, list) -> {
      List<Consumer<String>> updated = list == null ? new CopyOnWriteArrayList<>() : list;
      if (updated.isEmpty()) {
        // Wait for Redis to confirm, so that nothing published after this returns is missed.
        subscriber.sync().subscribe(prefix + id);
      }
      updated.add(listener);
      return updated;
    });
    AtomicBoolean once = new AtomicBoolean();
    return () -> {
      if (once.compareAndSet(false, true)) {
        listeners.computeIfPresent(documentId, (id, list) -> {
          list.remove(listener);
          if (list.isEmpty()) {
            if (!closed.get()) {
              subscriber.async().unsubscribe(prefix + id);
            }
            return null;
          }
          return list;
        });
      }
    };
  }

  @Override
  public void addRecoveryListener(Runnable listener) {
    recoveryListeners.add(listener);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      subscriber.close();
      publisher.close();
      if (ownsClient) {
        client.shutdown();
      }
    }
  }
}
