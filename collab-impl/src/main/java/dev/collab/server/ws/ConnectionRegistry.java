package dev.collab.server.ws;

import dev.collab.server.CollabEngine;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The live connections of this node, so a drain can close them all with 1001 and the end of an
 * HTTP session (logout, expiry) the ones opened under it, and the shared per-user rate windows and
 * op-frame cache. Thread-safe.
 */
@ApplicationScoped
public class ConnectionRegistry {
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  /** The connections opened with an HTTP session, by its id. */
  private final Map<String, Set<Connection>> byHttpSession = new ConcurrentHashMap<>();
  private final OpFrames opFrames = new OpFrames();
  private volatile RateWindows rateWindows;

  void add(Connection connection, @Nullable String httpSession) {
    connections.add(connection);
    if (httpSession != null) {
      byHttpSession.computeIfAbsent(httpSession, id -> ConcurrentHashMap.newKeySet()).add(connection);
    }
  }

  void remove(Connection connection, @Nullable String httpSession) {
    connections.remove(connection);
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
      connections.remove(connection);
    }
    return opened.size();
  }

  /**
   * Follows the engine's unloads: a document's cached op frame ({@link OpFrames}) goes when the
   * document unloads, so the cache holds the loaded documents, not every document ever edited.
   */
  public void follow(CollabEngine engine) {
    engine.onUnload(opFrames::forget);
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
  }
}
