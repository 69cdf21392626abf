package dev.collab.server.internal.rest;

import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.internal.json.BoundedJson;
import dev.collab.ot.JsonLimits;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.jspecify.annotations.Nullable;

/** Request bodies of Collab's resources: a JSON object (an empty body is {@code {}}) and its string fields. */
final class Bodies {
  private Bodies() {}

  /** The body as a JSON object within the default limits; {@code bad-message} (400) otherwise. */
  static JsonObject object(@Nullable String body) {
    try {
      JsonValue json = BoundedJson.read(body == null || body.isBlank() ? "{}" : body, JsonLimits.DEFAULT);
      return json.asJsonObject();
    } catch (RuntimeException e) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, "the body must be a JSON object: " + e.getMessage());
    }
  }

  /** The string at {@code key}, or null when absent or null; {@code bad-message} when not a string. */
  static @Nullable String stringOrNull(JsonObject object, String key) {
    JsonValue value = object.get(key);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (!(value instanceof JsonString)) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, "'" + key + "' must be a string");
    }
    return ((JsonString) value).getString();
  }

  /** The whole number at {@code key} within {@code min..max}; {@code bad-message} when absent or not such a number. */
  static long number(JsonObject object, String key, long min, long max) {
    JsonValue value = object.get(key);
    if (!(value instanceof JsonNumber) || !((JsonNumber) value).isIntegral()) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, "'" + key + "' (a whole number) is required");
    }
    java.math.BigInteger n = ((JsonNumber) value).bigIntegerValue();
    if (n.compareTo(java.math.BigInteger.valueOf(min)) < 0 || n.compareTo(java.math.BigInteger.valueOf(max)) > 0) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, "'" + key + "' must be from " + min + " to " + max + ", was " + n);
    }
    return n.longValueExact();
  }

  /** The boolean at {@code key}; {@code bad-message} when absent or not true or false. */
  static boolean bool(JsonObject object, String key) {
    JsonValue value = object.get(key);
    if (value == null || (value.getValueType() != JsonValue.ValueType.TRUE && value.getValueType() != JsonValue.ValueType.FALSE)) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, "'" + key + "' (true or false) is required");
    }
    return value.getValueType() == JsonValue.ValueType.TRUE;
  }
}
