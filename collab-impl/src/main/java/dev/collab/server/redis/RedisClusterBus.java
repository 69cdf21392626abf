package dev.collab.server.redis;

import dev.collab.internal.log.ThrottledWarning;
import dev.collab.spi.ClusterBus;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

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
 * <p>Logged ({@code System.Logger} {@code dev.collab.server.redis.RedisClusterBus}): a lost
 * connection (WARNING) and its recovery (INFO), once each; a dropped message, a failed publish or a
 * listener that throws (WARNING, at most one line a minute with the count since the last one, since
 * they can repeat per message). docs/OPERATIONS.md lists the lines.
 *
 * <p>Thread-safe. Listeners are called on Lettuce's event-loop threads.
 */
public final class RedisClusterBus implements ClusterBus {
  private static final System.Logger LOG = System.getLogger(RedisClusterBus.class.getName());

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
  /** When each of the two connections was lost (System.nanoTime), 0 while it is up. */
  private final AtomicLong subscriberLostAt = new AtomicLong();
  private final AtomicLong publisherLostAt = new AtomicLong();
  /** Losses that can repeat with every message: one WARNING a minute at most, with their count. */
  private final ThrottledWarning losses = new ThrottledWarning(LOG, "collab: Redis bus: ", Duration.ofMinutes(1));

  /**
   * A bus on {@code uri}, channels named {@code collab:doc:<id>}; the bus owns its client and
   * closes it with itself.
   *
   * @param uri the Redis server, e.g. {@code redis://127.0.0.1:6379}
   * @return a connected bus
   */
  public static RedisClusterBus connect(String uri) {
    return new RedisClusterBus(RedisClient.create(uri), true, "collab:doc:");
  }

  /**
   * A bus on a client the caller owns (and closes).
   *
   * @param client the Lettuce client to connect with
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
        // The first connects happen inside the constructor, before connectedOnce is set.
        AtomicLong lostAt = lostAt(connection);
        long since = lostAt == null ? 0 : lostAt.getAndSet(0);
        if (since != 0) {
          LOG.log(System.Logger.Level.INFO, "collab: Redis bus reconnected ({0}, {1}) after {2} ms{3}",
              name(connection), address, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since),
              connection == subscriber ? "; reading the heads of open documents" : "");
        }
        if (connectedOnce.get() && connection == subscriber) {
          recoveryListeners.forEach(RedisClusterBus::runRecovery);
        }
      }

      @Override
      public void onRedisDisconnected(io.lettuce.core.RedisChannelHandler<?, ?> connection) {
        AtomicLong lostAt = lostAt(connection);
        // Also when the application shuts down a client it owns before closing this bus: then the
        // bus is gone for good, and saying so is right.
        if (!closed.get() && lostAt != null && lostAt.compareAndSet(0, System.nanoTime())) {
          LOG.log(System.Logger.Level.WARNING, "collab: Redis bus lost its connection ({0}); Lettuce reconnects by"
              + " itself. Edits published meanwhile do not reach the other nodes until it is back (they then"
              + " read the missing ops from the store)", name(connection));
        }
      }
    });
    this.subscriber = client.connectPubSub();
    this.publisher = client.connect();
    connectedOnce.set(true);
    subscriber.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, String message) {
        if (!channel.startsWith(prefix)) {
          losses.warn("dropped a message on channel " + channel + ", which is not under the prefix " + prefix, null);
          return;
        }
        String documentId = channel.substring(prefix.length());
        for (Consumer<String> listener : listeners.getOrDefault(documentId, List.of())) {
          try {
            listener.accept(message);
          } catch (RuntimeException e) {
            losses.warn("a listener of document " + documentId + " failed on a message, which it lost", e);
          }
        }
      }
    });
  }

  private @Nullable AtomicLong lostAt(io.lettuce.core.RedisChannelHandler<?, ?> connection) {
    return connection == subscriber ? subscriberLostAt : connection == publisher ? publisherLostAt : null;
  }

  private String name(io.lettuce.core.RedisChannelHandler<?, ?> connection) {
    return connection == subscriber ? "subscriber" : "publisher";
  }

  private static void runRecovery(Runnable listener) {
    try {
      listener.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "collab: Redis bus: a recovery listener failed after a reconnect;"
          + " open documents may miss edits until their next one", e);
    }
  }

  @Override
  public void publish(String documentId, String message) {
    if (!closed.get()) {
      // Fire and forget: at-most-once is the contract; a failed publish is a lost message.
      publisher.async().publish(prefix + documentId, message).whenComplete((receivers, failure) -> {
        if (failure != null && !closed.get()) {
          losses.warn("a publish for document " + documentId + " failed; the message is lost (the other nodes"
              + " read the missing ops from the store on the next one)", failure);
        }
      });
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

  /**
   * True while both connections (the subscriber and the publisher) are up, from Lettuce's own
   * state; false while either is reconnecting, and after {@link #close}.
   */
  @Override
  public boolean isConnected() {
    return !closed.get() && subscriber.isOpen() && publisher.isOpen();
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
