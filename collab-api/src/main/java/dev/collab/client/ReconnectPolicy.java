package dev.collab.client;

import java.net.URI;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * When and where a {@link CollabClient} reconnects after losing its connection: the backoff step
 * (started over after a stable connection, floored after an overload close, prompt after a
 * draining server), when to give up, and the failover round robin over the configured servers.
 * Confined to the client's event thread, except {@link #uri()}, which error messages read.
 */
final class ReconnectPolicy {
  /** A connection up at least this long counts as healthy: the backoff starts over. */
  static final long STABLE_NANOS = TimeUnit.SECONDS.toNanos(10);
  /** After 1009 or 1013 the backoff starts at least at this step (2 s with the default 500 ms). */
  static final int OVERLOAD_ATTEMPT = 2;
  static final int NORMAL = 1000;
  static final int GOING_AWAY = 1001;
  static final int POLICY = 1008;
  static final int TOO_BIG = 1009;
  static final int TRY_LATER = 1013;

  /** The server and its failover alternatives, tried in turn on reconnect. */
  private final List<URI> uris;
  private final Backoff backoff;
  private final Random random;
  private final int maxAttempts;
  /**
   * The server dialled: the first URI, after a lost connection the next one of {@link #uris}.
   * Written on the event thread only; volatile because error messages read it from other threads.
   */
  private volatile URI uri;
  private int attempt;

  ReconnectPolicy(List<URI> uris, Backoff backoff, Random random, int maxAttempts) {
    this.uris = List.copyOf(uris);
    this.uri = this.uris.get(0);
    this.backoff = backoff;
    this.random = random;
    this.maxAttempts = maxAttempts;
  }

  URI uri() {
    return uri;
  }

  /** Consecutive attempts counted so far (for the give-up message). */
  int attempts() {
    return attempt;
  }

  /**
   * The delay before reconnecting after a close with {@code code}, or -1 to give up.
   *
   * @param stable whether the lost connection had been welcomed for at least {@link #STABLE_NANOS}
   */
  long nextDelay(int code, boolean stable) {
    if (stable) {
      attempt = 0;
    }
    if (code == TOO_BIG || code == TRY_LATER) {
      // The server is overloaded or this client cannot keep up: never come back at once.
      attempt = Math.max(attempt, OVERLOAD_ATTEMPT);
    }
    if (code == GOING_AWAY) {
      return backoff.promptMillis(random);
    }
    if (attempt >= maxAttempts) {
      return -1;
    }
    return backoff.delayMillis(attempt++, random);
  }

  /** Failover: the next server of the list (round robin); with one URI, the same server again. */
  void advance() {
    if (uris.size() > 1) {
      uri = uris.get((uris.indexOf(uri) + 1) % uris.size());
    }
  }
}
