package dev.collab.protocol;

import dev.collab.ErrorCode;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A message from the server to a client. */
public sealed interface ServerMessage {

  /** A user as the wire shows one. */
  record WireUser(String id, String name) {}

  /** The limits the server enforces, announced in {@link Welcome}. */
  record Limits(int maxMessageBytes, int maxOpLength, int maxDocumentLength, int maxMessagesPerSecond,
      int maxJsonDepth, int presenceIntervalMs) {}

  record Welcome(int protocol, WireUser user, Limits limits) implements ServerMessage {}

  /** The document as of {@code version}; {@code data} is the type's JSON form. */
  record Snapshot(String doc, long version, String type, JsonValue data, String access) implements ServerMessage {}

  /** One entry of {@link Ops}. */
  record Entry(long version, JsonValue op, String client, long seq, WireUser user) {}

  /** Catch-up after a join with {@code from}, in version order. */
  record Ops(String doc, List<Entry> ops, String type, String access) implements ServerMessage {}

  /** Someone else's committed op. */
  record Op(String doc, long version, JsonValue op, String client, long seq, WireUser user) implements ServerMessage {}

  record Ack(String doc, long seq, long version) implements ServerMessage {}

  /** Someone else's cursor. */
  record Presence(String doc, String client, WireUser user, JsonValue range, @Nullable JsonObject meta)
      implements ServerMessage {}

  /** A client that had sent presence left or disconnected. */
  record PresenceGone(String doc, String client, WireUser user) implements ServerMessage {}

  record Left(String doc) implements ServerMessage {}

  /** A refusal; {@code doc} and {@code seq} are set when it answers a message that had them. */
  record Error(ErrorCode code, String message, @Nullable String doc, @Nullable Long seq) implements ServerMessage {}

  record Pong() implements ServerMessage {}
}
