package dev.collab.client;

import dev.collab.User;
import dev.collab.internal.json.BoundedJson;
import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ServerMessage;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Presence of one {@link SharedDocument}: this user's cursor going out, at most once per the
 * server's {@code presenceIntervalMs} (the latest call wins, resent after a rejoin), and the other
 * clients' presence coming in, read into {@link RemotePresence}. Confined to the client's event
 * thread.
 */
final class PresenceRelay {
  private final Connector client;
  private final String id;
  /** Whether the document is joined on the current connection; presence waits for it. */
  private final BooleanSupplier live;
  /** The latest presence the user set; {@code presenceSet} false until the first. */
  private boolean presenceSet;
  private @Nullable Selection presenceRange;
  private @Nullable JsonObject presenceMeta;
  private boolean presenceUnsent;
  private long presenceSentAt = Long.MIN_VALUE / 2;
  private @Nullable ScheduledFuture<?> presenceTask;

  PresenceRelay(Connector client, String id, BooleanSupplier live) {
    this.client = client;
    this.id = id;
    this.live = live;
  }

  /** The user set a new presence: send it now if the interval allows, else when it does. */
  void set(@Nullable Selection range, @Nullable JsonObject meta) {
    presenceSet = true;
    presenceRange = range;
    presenceMeta = meta;
    presenceUnsent = true;
    flush();
  }

  /** The document was (re)joined: the server forgot this client's presence, send it again now. */
  void resend() {
    if (presenceSet) {
      presenceUnsent = true;
      presenceSentAt = Long.MIN_VALUE / 2;
      flush();
    }
  }

  /** Drops a scheduled send (the connection was lost or the document closed). */
  void cancel() {
    if (presenceTask != null) {
      presenceTask.cancel(false);
      presenceTask = null;
    }
  }

  /** Sends the latest presence if the interval allows, or schedules it for when it does. */
  private void flush() {
    if (!presenceUnsent || !live.getAsBoolean() || !client.isReady()) {
      return;
    }
    long now = client.nanoTime();
    long interval = client.presenceIntervalMs() * 1_000_000L;
    long due = presenceSentAt + interval;
    if (now - due >= 0) {
      presenceUnsent = false;
      presenceSentAt = now;
      JsonValue range = presenceRange == null
          ? JsonValue.NULL
          : BoundedJson.PROVIDER.createObjectBuilder()
              .add("index", presenceRange.index())
              .add("length", presenceRange.length())
              .build();
      client.send(new ClientMessage.Presence(id, range, presenceMeta));
    } else if (presenceTask == null) {
      presenceTask = client.loop().schedule(() -> {
        presenceTask = null;
        flush();
      }, Math.max(1, (due - now + 999_999) / 1_000_000));
    }
  }

  /** Another client's presence, as listeners see it. */
  static RemotePresence incoming(ServerMessage.Presence p) {
    return new RemotePresence(p.client(), user(p.user()), selection(p.range()), p.meta(), false);
  }

  /** Another client left the document (or its presence expired). */
  static RemotePresence gone(ServerMessage.PresenceGone p) {
    return new RemotePresence(p.client(), user(p.user()), null, null, true);
  }

  private static User user(ServerMessage.WireUser user) {
    return new User(user.id(), user.name(), Set.of());
  }

  private static @Nullable Selection selection(JsonValue range) {
    if (!(range instanceof JsonObject)) {
      return null;
    }
    JsonObject r = (JsonObject) range;
    if (!(r.get("index") instanceof JsonNumber) || !(r.get("length") instanceof JsonNumber)) {
      return null;
    }
    return new Selection(r.getInt("index"), r.getInt("length"));
  }
}
