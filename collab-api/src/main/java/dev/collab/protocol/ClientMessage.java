package dev.collab.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jspecify.annotations.Nullable;

/** A message from a client to the server. */
public sealed interface ClientMessage {

  /** Must be first: the protocol version and the client's id. */
  record Hello(int protocol, String client) implements ClientMessage {}

  /** Joins a document, from the last version the client has (null: send a snapshot). */
  record Join(String doc, @Nullable Long from) implements ClientMessage {}

  /** An op made on version {@code base}, numbered {@code seq} by the client. */
  record Submit(String doc, long base, long seq, JsonValue op) implements ClientMessage {}

  /** The client's cursor: {@code range} is JSON null or {@code {index, length}}. */
  record Presence(String doc, JsonValue range, @Nullable JsonObject meta) implements ClientMessage {}

  record Leave(String doc) implements ClientMessage {}

  record Ping() implements ClientMessage {}
}
