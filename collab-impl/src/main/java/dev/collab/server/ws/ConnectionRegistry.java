package dev.collab.server.ws;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live connections of this node, so a drain can close them all with 1001, and the shared
 * per-user rate windows and op-frame cache. Thread-safe.
 */
@ApplicationScoped
public class ConnectionRegistry {
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final OpFrames opFrames = new OpFrames();
  private volatile RateWindows rateWindows;

  void add(Connection connection) {
    connections.add(connection);
  }

  void remove(Connection connection) {
    connections.remove(connection);
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
  }
}
