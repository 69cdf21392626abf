package dev.collab.ot;

import jakarta.json.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The attribute algebra of rich text, as Quill's {@code AttributeMap}: compose, diff, invert and
 * transform of attribute maps. An absent attribute and one whose value is {@link JsonValue#NULL}
 * are different: on a retain, {@code NULL} removes the attribute.
 *
 * <p>Every map returned is unmodifiable; an empty map stands for "no attributes".
 */
public final class Attributes {
  private Attributes() {}

  /**
   * An unmodifiable copy that keeps insertion order.
   *
   * @param attributes attribute names and values; {@link JsonValue#NULL} marks a removal
   * @return the copy; the empty map when {@code attributes} is empty
   * @throws NullPointerException when the map, a name or a value is null
   */
  public static Map<String, JsonValue> copyOf(Map<String, JsonValue> attributes) {
    Objects.requireNonNull(attributes, "attributes");
    if (attributes.isEmpty()) {
      return Map.of();
    }
    LinkedHashMap<String, JsonValue> copy = new LinkedHashMap<>(attributes);
    copy.forEach(
        (name, value) -> {
          Objects.requireNonNull(name, "attribute name");
          Objects.requireNonNull(value, () -> "attribute '" + name + "' (use JsonValue.NULL to remove)");
        });
    return Collections.unmodifiableMap(copy);
  }

  /**
   * The attributes of {@code first} followed by {@code second}. With {@code keepNull} false (the
   * target is an insert) the removals in {@code second} are dropped.
   *
   * @param first the attributes applied first
   * @param second the attributes applied after them
   * @param keepNull true to keep the removals ({@code NULL} values) of {@code second}, as on a retain
   * @return the composed attributes, {@code second}'s values winning
   */
  public static Map<String, JsonValue> compose(
      Map<String, JsonValue> first, Map<String, JsonValue> second, boolean keepNull) {
    if (first.isEmpty() && (keepNull || !second.containsValue(JsonValue.NULL))) {
      return second;
    }
    LinkedHashMap<String, JsonValue> result = new LinkedHashMap<>();
    second.forEach(
        (name, value) -> {
          if (keepNull || value != JsonValue.NULL) {
            result.put(name, value);
          }
        });
    first.forEach(
        (name, value) -> {
          if (!second.containsKey(name)) {
            result.put(name, value);
          }
        });
    return freeze(result);
  }

  /**
   * What turns attributes {@code from} into {@code to}.
   *
   * @param from the attributes before
   * @param to the attributes after
   * @return the changed and added values of {@code to}, and {@code NULL} for names {@code to} lacks;
   *     empty when the two are equal
   */
  public static Map<String, JsonValue> diff(Map<String, JsonValue> from, Map<String, JsonValue> to) {
    if (from.equals(to)) {
      return Map.of();
    }
    LinkedHashMap<String, JsonValue> result = new LinkedHashMap<>();
    from.forEach(
        (name, value) -> {
          JsonValue target = to.get(name);
          if (!value.equals(target)) {
            result.put(name, target == null ? JsonValue.NULL : target);
          }
        });
    to.forEach(
        (name, value) -> {
          if (!from.containsKey(name)) {
            result.put(name, value);
          }
        });
    return freeze(result);
  }

  /**
   * The attributes that undo {@code change} on text that had {@code base}.
   *
   * @param change the attributes a retain applied
   * @param base the attributes the text had before
   * @return the old values of the names {@code change} altered, and {@code NULL} for the names it
   *     added
   */
  public static Map<String, JsonValue> invert(
      Map<String, JsonValue> change, Map<String, JsonValue> base) {
    LinkedHashMap<String, JsonValue> result = new LinkedHashMap<>();
    base.forEach(
        (name, value) -> {
          JsonValue changed = change.get(name);
          if (changed != null && !value.equals(changed)) {
            result.put(name, value);
          }
        });
    change.forEach(
        (name, value) -> {
          if (!base.containsKey(name)) {
            result.put(name, JsonValue.NULL);
          }
        });
    return freeze(result);
  }

  /**
   * {@code second} rewritten to apply after {@code first}, both made on the same text. With
   * {@code firstWins} the values {@code first} set are kept; without it {@code second} overwrites.
   *
   * @param first the attributes applied first
   * @param second the attributes to rewrite
   * @param firstWins true when {@code first} was committed first and wins on names both set
   * @return {@code second} without the names {@code first} set when {@code firstWins}, else {@code
   *     second} unchanged
   */
  public static Map<String, JsonValue> transform(
      Map<String, JsonValue> first, Map<String, JsonValue> second, boolean firstWins) {
    if (first.isEmpty() || !firstWins) {
      return second;
    }
    LinkedHashMap<String, JsonValue> result = new LinkedHashMap<>();
    second.forEach(
        (name, value) -> {
          if (!first.containsKey(name)) {
            result.put(name, value);
          }
        });
    return freeze(result);
  }

  private static Map<String, JsonValue> freeze(LinkedHashMap<String, JsonValue> map) {
    return map.isEmpty() ? Map.of() : Collections.unmodifiableMap(map);
  }
}
