package dev.collab.server.internal.ws;

import dev.collab.ErrorCode;
import dev.collab.ot.JsonLimits;
import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ProtocolCodec;
import dev.collab.protocol.ServerMessage;
import dev.collab.server.internal.config.WireConfig;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one connection takes from its client, and the bounds on it: the frame's size in bytes, the
 * JSON limits a frame is decoded with, the message rate of the connection and of its user on this
 * node, and when the client was last heard (Collab's idle timeout). {@link Connection} acts on the
 * answers (closes, answers {@code rate-limited}); this class only counts and judges.
 *
 * <p>Thread-safe as far as the container needs: frames of one connection arrive one at a time;
 * {@link #heard} and {@link #silentLongerThan} meet through a volatile.
 */
final class Inbound {
  private final WireConfig config;
  private final String userId;
  private final RateWindow rate;
  private final RateWindows userRates;
  private final JsonLimits limits;
  /** {@link System#nanoTime} of the client's last frame or pong. */
  private volatile long lastHeard = System.nanoTime();

  Inbound(WireConfig config, String userId, RateWindows userRates) {
    this.config = config;
    this.userId = userId;
    this.rate = new RateWindow(config.maxMessagesPerSecond());
    this.userRates = userRates;
    this.limits = new JsonLimits(config.maxMessageBytes(), config.maxJsonDepth(),
        JsonLimits.DEFAULT.maxStringLength(), JsonLimits.DEFAULT.maxOps());
  }

  /** The client sent something (a frame or a pong). */
  void heard() {
    lastHeard = System.nanoTime();
  }

  /** Whether the client has sent nothing for longer than {@code timeout}, {@code now} being {@link System#nanoTime}. */
  boolean silentLongerThan(Duration timeout, long now) {
    return now - lastHeard > timeout.toNanos();
  }

  /** The messages of a frame, each decoded or answered with its error, within the connection's JSON limits. */
  List<ProtocolCodec.Decoded<ClientMessage>> decode(String frame) {
    return ProtocolCodec.decodeClientFrame(frame, limits);
  }

  /** Counts one message against the connection's and the user's rate; the worse verdict of the two. */
  RateWindow.Verdict count(long now) {
    RateWindow.Verdict own = rate.count(now);
    RateWindow.Verdict users = userRates.count(userId, now);
    return own.compareTo(users) >= 0 ? own : users;
  }

  /** The answer to a message dropped for the rate, naming its document and seq when it has them. */
  ServerMessage.Error rateLimited(@Nullable ClientMessage m) {
    return new ServerMessage.Error(ErrorCode.RATE_LIMITED,
        "more than " + config.maxMessagesPerSecond() + " messages per second; message dropped", docOf(m), seqOf(m));
  }

  /** Whether {@code frame} is longer than {@code limit} bytes in UTF-8, counting no further than needed. */
  static boolean overBytes(String frame, int limit) {
    if (frame.length() > limit) {
      return true; // every UTF-16 unit takes at least one byte
    }
    if ((long) frame.length() * 3 <= limit) {
      return false; // and at most three (a surrogate pair takes four for two units)
    }
    long bytes = 0;
    for (int i = 0; i < frame.length(); i++) {
      char c = frame.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
      if (bytes > limit) {
        return true;
      }
    }
    return false;
  }

  /** The document a message names, if it names one (for the errors that echo it). */
  static @Nullable String docOf(@Nullable ClientMessage m) {
    if (m instanceof ClientMessage.Join) {
      return ((ClientMessage.Join) m).doc();
    } else if (m instanceof ClientMessage.Submit) {
      return ((ClientMessage.Submit) m).doc();
    } else if (m instanceof ClientMessage.Presence) {
      return ((ClientMessage.Presence) m).doc();
    } else if (m instanceof ClientMessage.Leave) {
      return ((ClientMessage.Leave) m).doc();
    } else if (m instanceof ClientMessage.Comment) {
      return ((ClientMessage.Comment) m).doc();
    }
    return null;
  }

  /** The seq a message carries, if it carries one. */
  static @Nullable Long seqOf(@Nullable ClientMessage m) {
    if (m instanceof ClientMessage.Comment) {
      return ((ClientMessage.Comment) m).seq();
    }
    return m instanceof ClientMessage.Submit ? ((ClientMessage.Submit) m).seq() : null;
  }
}
