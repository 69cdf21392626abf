package dev.collab.server.internal.engine;

import dev.collab.Access;
import dev.collab.ErrorCode;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The cursors of one document: relays a local session's presence to the other local subscribers
 * and to the other nodes (throttled to one per {@link EngineConfig#presenceInterval()}, latest
 * wins), relays other nodes' presence to the local subscribers (held while it is ahead of this
 * node's head), and says "gone" when a session leaves.
 *
 * <p>Confined to the document's turn.
 */
final class PresenceRelay {
  private final DocumentSequencer<?> turn;
  private final DocumentContext context;
  private final String id;
  private final DocumentState<?> state;
  private final FanOut fanOut;
  // ---- guarded by the document's turn ----
  /** Latest presence per client of a local session, for throttling and for "gone". */
  private final Map<String, PresenceState> presence = new HashMap<>();
  /** Presence from other nodes that is ahead of this node's head, held until the head catches up. */
  private final LinkedHashMap<String, JsonObject> heldPresence = new LinkedHashMap<>();

  private static final class PresenceState {
    JsonValue range = JsonValue.NULL;
    @Nullable JsonObject meta;
    long version;
    long lastSentNanos;
    boolean flushScheduled;
    boolean dirty;
    final Session session;

    PresenceState(Session session) {
      this.session = session;
    }
  }

  PresenceRelay(DocumentSequencer<?> turn, DocumentContext context, String id, DocumentState<?> state, FanOut fanOut) {
    this.turn = turn;
    this.context = context;
    this.id = id;
    this.state = state;
    this.fanOut = fanOut;
  }

  /** A local session's cursor: relayed now, or when its throttle interval is over. */
  void local(Session session, JsonValue range, @Nullable JsonObject meta) {
    turn.checkTurn();
    if (!fanOut.isSubscribed(session)) {
      return;
    }
    if (!context.access().access(session.user(), id, false).allows(Access.COMMENT)) {
      session.listener().error(id, null, ErrorCode.FORBIDDEN, "no right to send presence to " + id);
      return;
    }
    PresenceState current = presence.computeIfAbsent(session.client(), c -> new PresenceState(session));
    current.range = range;
    current.meta = meta;
    current.version = state.head();
    current.dirty = true;
    long interval = context.config().presenceInterval().toNanos();
    long now = System.nanoTime();
    if (now - current.lastSentNanos >= interval) {
      send(current);
    } else if (!current.flushScheduled) {
      current.flushScheduled = true;
      long delay = current.lastSentNanos + interval - now;
      context.executors().schedule(() -> turn.execute(() -> {
        current.flushScheduled = false;
        if (!turn.isClosed() && current.dirty && presence.get(current.session.client()) == current) {
          send(current);
        }
      }), delay, TimeUnit.NANOSECONDS);
    }
  }

  private void send(PresenceState current) {
    current.dirty = false;
    current.lastSentNanos = System.nanoTime();
    Session from = current.session;
    for (Session session : fanOut.subscribers()) {
      if (session != from) {
        session.listener().presence(id, from.client(), from.user().id(), from.user().name(), current.range, current.meta);
      }
    }
    context.publish(id, () -> BusMessages.presence(context.nodeId(), from.client(), from.user().id(), from.user().name(),
        current.range, current.meta, current.version));
  }

  /** Tells a session that just joined the cursors of the others, so it sees who is here. */
  void welcome(Session newcomer) {
    turn.checkTurn();
    for (PresenceState current : presence.values()) {
      if (current.session != newcomer) {
        newcomer.listener().presence(id, current.session.client(), current.session.user().id(),
            current.session.user().name(), current.range, current.meta);
      }
    }
  }

  /** A session left: if its cursor is the client's latest, the others (here and elsewhere) see it go. */
  void left(Session session) {
    turn.checkTurn();
    PresenceState current = presence.get(session.client());
    if (current != null && current.session == session) {
      presence.remove(session.client());
      for (Session other : fanOut.subscribers()) {
        other.listener().presenceGone(id, session.client(), session.user().id(), session.user().name());
      }
      context.publish(id, () -> BusMessages.presenceGone(context.nodeId(), session.client(), session.user().id(),
          session.user().name()));
    }
  }

  /** Another node's presence message: relayed, or held while it is ahead of the head. */
  void remote(JsonObject message) {
    turn.checkTurn();
    String client = message.getString("client");
    if (message.getBoolean("gone", false)) {
      heldPresence.remove(client);
      for (Session session : fanOut.subscribers()) {
        session.listener().presenceGone(id, client, message.getString("user"), message.getString("name"));
      }
      return;
    }
    long version = message.getJsonNumber("version").longValue();
    if (version > state.head()) {
      heldPresence.put(client, message);
      return;
    }
    JsonValue meta = message.get("meta");
    for (Session session : fanOut.subscribers()) {
      if (!session.client().equals(client)) {
        session.listener().presence(id, client, message.getString("user"), message.getString("name"),
            message.get("range"), meta instanceof JsonObject ? (JsonObject) meta : null);
      }
    }
  }

  /** The head moved: held presence it reached is relayed now. */
  void releaseHeld() {
    turn.checkTurn();
    if (heldPresence.isEmpty()) {
      return;
    }
    List<JsonObject> ready = new ArrayList<>();
    heldPresence.values().removeIf(m -> {
      if (m.getJsonNumber("version").longValue() <= state.head()) {
        ready.add(m);
        return true;
      }
      return false;
    });
    ready.forEach(this::remote);
  }

  /** Forgets every cursor (the document was dropped). */
  void clear() {
    turn.checkTurn();
    presence.clear();
    heldPresence.clear();
  }
}
