package dev.collab.server.ws;

import java.util.concurrent.ConcurrentHashMap;

/** The per-user rate windows of one node, shared by that user's connections. */
public final class RateWindows {
  private final int limit;
  private final ConcurrentHashMap<String, RateWindow> windows = new ConcurrentHashMap<>();

  public RateWindows(int perUserLimit) {
    this.limit = perUserLimit;
  }

  RateWindow of(String userId) {
    return windows.computeIfAbsent(userId, id -> new RateWindow(limit));
  }
}
