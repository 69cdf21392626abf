package dev.collab.server.internal.ws;

import dev.collab.server.internal.config.WireConfig;

import dev.collab.server.internal.engine.CollabEngine;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The live connections of this node, so a drain can close them all with 1001 and the end of an
 * HTTP session (logout, expiry) the ones opened under it, and so that a user has at most
 * {@link WireConfig#maxConnectionsPerUser()} of them; and the shared per-user rate windows and
 * op-frame cache. Thread-safe.
 */
@ApplicationScoped
public class ConnectionRegistry {
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  /** The connections opened with an HTTP session, by its id. */
  private final Map<String, Set<Connection>> byHttpSession = new ConcurrentHashMap<>();
  /** The connections of each user, by user id. */
  private final Map<String, Set<Connection>> byUser = new ConcurrentHashMap<>();
  private final OpFrames opFrames = new OpFrames();
  private volatile RateWindows rateWindows;

  void add(Connection connection, @Nullable String httpSession) {
    admit(connection, httpSession, Integer.MAX_VALUE);
  }

  /**
   * Adds a connection unless its user has {@code maxPerUser} open on this node already.
   *
   * @return whether it was added
   */
  boolean admit(Connection connection, @Nullable String httpSession, int maxPerUser) {
    boolean[] added = new boolean[1];
    byUser.compute(connection.user().id(), (id, set) -> {
      Set<Connection> users = set != null ? set : ConcurrentHashMap.newKeySet();
      if (users.size() < maxPerUser) {
        added[0] = users.add(connection);
      }
      return users.isEmpty() ? null : users;
    });
    if (!added[0]) {
      return false;
    }
    connections.add(connection);
    if (httpSession != null) {
      byHttpSession.computeIfAbsent(httpSession, id -> ConcurrentHashMap.newKeySet()).add(connection);
    }
    return true;
  }

  /** The number of open connections of a user on this node. */
  int connectionsOf(String userId) {
    Set<Connection> set = byUser.get(userId);
    return set == null ? 0 : set.size();
  }

  /** Forgets a connection (idempotent). */
  private void forget(Connection connection) {
    connections.remove(connection);
    byUser.computeIfPresent(connection.user().id(), (id, set) -> {
      set.remove(connection);
      return set.isEmpty() ? null : set;
    });
  }

  void remove(Connection connection, @Nullable String httpSession) {
    forget(connection);
    if (httpSession != null) {
      byHttpSession.computeIfPresent(httpSession, (id, set) -> {
        set.remove(connection);
        return set.isEmpty() ? null : set;
      });
    }
  }

  /**
   * The HTTP session {@code httpSession} ended (logout or expiry): closes the connections opened
   * under it with 1001, so that none goes on with a login that is gone. A client reconnects and
   * is refused (401) until it logs in again; the browser client then says {@code unauthorized}.
   *
   * @return how many connections were closed
   */
  public int closeHttpSession(String httpSession) {
    Set<Connection> opened = byHttpSession.remove(httpSession);
    if (opened == null) {
      return 0;
    }
    for (Connection connection : opened) {
      connection.close(Connection.GOING_AWAY, "the login ended");
      forget(connection);
    }
    return opened.size();
  }

  /**
   * Follows the engine's unloads: a document's cached op frame ({@link OpFrames}) goes when the
   * document unloads, so the cache holds the loaded documents, not every document ever edited. And
   * closes connections silent for longer than {@code idleTimeout}, checked on the engine's timer
   * every quarter of it (at most every second, at least every minute).
   */
  public void follow(CollabEngine engine, Duration idleTimeout) {
    engine.onUnload(opFrames::forget);
    long period = Math.min(60_000, Math.max(1_000, idleTimeout.toMillis() / 4));
    engine.every(Duration.ofMillis(period), () -> closeSilent(idleTimeout));
  }

  /**
   * Closes the connections whose clients sent nothing for longer than {@code idleTimeout}.
   *
   * @return how many were closed
   */
  int closeSilent(Duration idleTimeout) {
    long now = System.nanoTime();
    int closed = 0;
    for (Connection connection : connections) {
      if (connection.closeIfSilent(now, idleTimeout)) {
        closed++;
      }
    }
    return closed;
  }

  OpFrames opFrames() {
    return opFrames;
  }

  RateWindows rateWindows(WireConfig config) {
    RateWindows windows = rateWindows;
    if (windows == null) {
      synchronized (this) {
        windows = rateWindows;
        if (windows == null) {
          windows = new RateWindows(config.maxMessagesPerSecondPerUser());
          rateWindows = windows;
        }
      }
    }
    return windows;
  }

  /** The open connections of this node now (a copy). */
  public List<Connection> all() {
    return List.copyOf(connections);
  }

  /** Number of open connections. */
  public int size() {
    return connections.size();
  }

  /** Closes every connection with 1001 ("going away": reconnect, possibly elsewhere). */
  public void closeAll() {
    for (Connection connection : connections) {
      connection.close(Connection.GOING_AWAY, "server shutting down; reconnect");
    }
    connections.clear();
    byHttpSession.clear();
    byUser.clear();
  }
}
