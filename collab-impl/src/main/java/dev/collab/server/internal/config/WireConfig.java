package dev.collab.server.internal.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Limits and policies of the WebSocket layer. {@link #DEFAULTS} holds the documented defaults
 * ({@code docs/CONFIGURATION.md}).
 *
 * @param maxMessageBytes the largest frame accepted; a larger one closes the connection with 1009
 * @param maxMessagesPerSecond per connection; over it a message is dropped and answered
 *     {@code rate-limited}; twice over for 5 s in a row closes with 1008
 * @param maxMessagesPerSecondPerUser the same across all connections of one user on this node
 * @param maxJsonDepth nesting depth of a client frame
 * @param maxQueuedMessages unsent messages for one connection before it is closed with 1013
 * @param maxQueuedBytes unsent characters for one connection before it is closed with 1013
 * @param idleTimeout a connection that sends nothing (not even {@code ping}) this long is closed
 * @param allowAnonymous accept handshakes without an authenticated principal
 * @param allowedOrigins origins accepted in the handshake; empty means the server's own origin only
 * @param maxConnectionsPerUser open connections of one user on this node; one more is closed with 1013
 *     at once (all anonymous users are the one user {@code anonymous})
 * @param tyrusOwnTimer give Tyrus sessions (Payara, GlassFish) Collab's scheduler for their idle
 *     timer instead of the container's managed one, which costs CPU on every frame
 * @param fanOutLinger how long other clients' ops and cursors may wait for more to share their
 *     frame, on a connection that was sent a frame less than this long ago; zero sends each at once
 */
public record WireConfig(
    int maxMessageBytes,
    int maxMessagesPerSecond,
    int maxMessagesPerSecondPerUser,
    int maxJsonDepth,
    int maxQueuedMessages,
    int maxQueuedBytes,
    Duration idleTimeout,
    boolean allowAnonymous,
    List<String> allowedOrigins,
    int maxConnectionsPerUser,
    boolean tyrusOwnTimer,
    Duration fanOutLinger) {

  /** The longest {@link #fanOutLinger} accepted: beyond it, a linger is a visible lag. */
  public static final Duration MAX_FAN_OUT_LINGER = Duration.ofMillis(100);

  /** The default {@link #fanOutLinger}: below a screen refresh, several ops per frame on a busy document. */
  public static final Duration DEFAULT_FAN_OUT_LINGER = Duration.ofMillis(5);

  public static final WireConfig DEFAULTS = new WireConfig(1 << 20, 100, 400, 16, 10_000, 16 << 20,
      Duration.ofMinutes(2), false, List.of(), 32, true, DEFAULT_FAN_OUT_LINGER);

  public WireConfig {
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    allowedOrigins = List.copyOf(allowedOrigins);
    if (maxConnectionsPerUser <= 0) {
      throw new IllegalArgumentException("maxConnectionsPerUser must be positive, was " + maxConnectionsPerUser);
    }
    Objects.requireNonNull(fanOutLinger, "fanOutLinger");
    if (fanOutLinger.isNegative() || fanOutLinger.compareTo(MAX_FAN_OUT_LINGER) > 0) {
      throw new IllegalArgumentException("fanOutLinger must be between 0 and " + MAX_FAN_OUT_LINGER + ", was " + fanOutLinger);
    }
  }

  /** The configuration with Collab's scheduler for Tyrus sessions and the default linger. */
  public WireConfig(int maxMessageBytes, int maxMessagesPerSecond, int maxMessagesPerSecondPerUser, int maxJsonDepth,
      int maxQueuedMessages, int maxQueuedBytes, Duration idleTimeout, boolean allowAnonymous, List<String> allowedOrigins,
      int maxConnectionsPerUser) {
    this(maxMessageBytes, maxMessagesPerSecond, maxMessagesPerSecondPerUser, maxJsonDepth, maxQueuedMessages,
        maxQueuedBytes, idleTimeout, allowAnonymous, allowedOrigins, maxConnectionsPerUser, true, DEFAULT_FAN_OUT_LINGER);
  }

  /** The configuration without the cap of connections per user, which takes its default (32). */
  public WireConfig(int maxMessageBytes, int maxMessagesPerSecond, int maxMessagesPerSecondPerUser, int maxJsonDepth,
      int maxQueuedMessages, int maxQueuedBytes, Duration idleTimeout, boolean allowAnonymous, List<String> allowedOrigins) {
    this(maxMessageBytes, maxMessagesPerSecond, maxMessagesPerSecondPerUser, maxJsonDepth, maxQueuedMessages,
        maxQueuedBytes, idleTimeout, allowAnonymous, allowedOrigins, 32);
  }

  public WireConfig withMaxMessagesPerSecond(int perConnection, int perUser) {
    return new WireConfig(maxMessageBytes, perConnection, perUser, maxJsonDepth, maxQueuedMessages, maxQueuedBytes,
        idleTimeout, allowAnonymous, allowedOrigins, maxConnectionsPerUser, tyrusOwnTimer, fanOutLinger);
  }

  public WireConfig withMaxQueued(int messages, int bytes) {
    return new WireConfig(maxMessageBytes, maxMessagesPerSecond, maxMessagesPerSecondPerUser, maxJsonDepth, messages,
        bytes, idleTimeout, allowAnonymous, allowedOrigins, maxConnectionsPerUser, tyrusOwnTimer, fanOutLinger);
  }

  public WireConfig withAllowAnonymous(boolean allow) {
    return new WireConfig(maxMessageBytes, maxMessagesPerSecond, maxMessagesPerSecondPerUser, maxJsonDepth,
        maxQueuedMessages, maxQueuedBytes, idleTimeout, allow, allowedOrigins, maxConnectionsPerUser, tyrusOwnTimer, fanOutLinger);
  }

  public WireConfig withAllowedOrigins(List<String> origins) {
    return new WireConfig(maxMessageBytes, maxMessagesPerSecond, maxMessagesPerSecondPerUser, maxJsonDepth,
        maxQueuedMessages, maxQueuedBytes, idleTimeout, allowAnonymous, origins, maxConnectionsPerUser, tyrusOwnTimer, fanOutLinger);
  }

  public WireConfig withMaxConnectionsPerUser(int value) {
    return new WireConfig(maxMessageBytes, maxMessagesPerSecond, maxMessagesPerSecondPerUser, maxJsonDepth,
        maxQueuedMessages, maxQueuedBytes, idleTimeout, allowAnonymous, allowedOrigins, value, tyrusOwnTimer, fanOutLinger);
  }

  public WireConfig withFanOutLinger(Duration linger) {
    return new WireConfig(maxMessageBytes, maxMessagesPerSecond, maxMessagesPerSecondPerUser, maxJsonDepth,
        maxQueuedMessages, maxQueuedBytes, idleTimeout, allowAnonymous, allowedOrigins, maxConnectionsPerUser,
        tyrusOwnTimer, linger);
  }
}
