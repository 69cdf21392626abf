package dev.collab.ot;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One operation of a {@link Delta}: an insert of text or of an embed, a retain, or a delete, with
 * optional attributes.
 *
 * <p>Immutable. Lengths count UTF-16 code units, as {@link String#length()} and JavaScript do; an
 * embed has length 1. Attributes are a map from name to a JSON value; {@link JsonValue#NULL} means
 * "remove this attribute" on a retain. An op with no attributes has an empty map, never null. Ops
 * are well-formed by construction: lengths are positive and inserted text is not empty.
 */
public final class Op {

  /** What an op does. */
  public enum Kind {
    /** Inserts text or an embed at the current position. */
    INSERT,
    /** Keeps that many code units, optionally changing their attributes. */
    RETAIN,
    /** Removes that many code units. */
    DELETE
  }

  private final Kind kind;
  private final int length;
  private final @Nullable String text;
  private final @Nullable JsonObject embed;
  private final Map<String, JsonValue> attributes;

  private Op(
      Kind kind,
      int length,
      @Nullable String text,
      @Nullable JsonObject embed,
      Map<String, JsonValue> attributes) {
    this.kind = kind;
    this.length = length;
    this.text = text;
    this.embed = embed;
    this.attributes = attributes;
  }

  /**
   * An insert of non-empty text.
   *
   * @param text the text; not empty
   * @return the op, without attributes
   * @throws IllegalArgumentException when {@code text} is empty
   */
  public static Op insert(String text) {
    return insert(text, Map.of());
  }

  /**
   * An insert of non-empty text with attributes.
   *
   * @param text the text; not empty
   * @param attributes its formats; copied, may be empty
   * @return the op
   * @throws IllegalArgumentException when {@code text} is empty
   * @throws NullPointerException when {@code text}, the map, a name or a value is null
   */
  public static Op insert(String text, Map<String, JsonValue> attributes) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      throw new IllegalArgumentException("insert text must not be empty");
    }
    return new Op(Kind.INSERT, text.length(), text, null, Attributes.copyOf(attributes));
  }

  /**
   * An insert of an embed (an image, a formula, ...): a JSON object of length 1.
   *
   * @param embed the embed, e.g. {@code {"image": "https://..."}}
   * @param attributes its formats; copied, may be empty
   * @return the op
   */
  public static Op insertEmbed(JsonObject embed, Map<String, JsonValue> attributes) {
    Objects.requireNonNull(embed, "embed");
    return new Op(Kind.INSERT, 1, null, embed, Attributes.copyOf(attributes));
  }

  /**
   * A retain of {@code length > 0} code units.
   *
   * @param length how many code units to keep; positive
   * @return the op, without attributes
   * @throws IllegalArgumentException when {@code length} is 0 or negative
   */
  public static Op retain(int length) {
    return retain(length, Map.of());
  }

  /**
   * A retain of {@code length > 0} code units that applies attributes.
   *
   * @param length how many code units to format; positive
   * @param attributes the formats to set; a {@link JsonValue#NULL} value removes one
   * @return the op
   * @throws IllegalArgumentException when {@code length} is 0 or negative
   */
  public static Op retain(int length, Map<String, JsonValue> attributes) {
    requirePositive(length, "retain");
    return new Op(Kind.RETAIN, length, null, null, Attributes.copyOf(attributes));
  }

  /**
   * A delete of {@code length > 0} code units.
   *
   * @param length how many code units to remove; positive
   * @return the op
   * @throws IllegalArgumentException when {@code length} is 0 or negative
   */
  public static Op delete(int length) {
    requirePositive(length, "delete");
    return new Op(Kind.DELETE, length, null, null, Map.of());
  }

  // Package-private fast paths: callers guarantee the invariants and pass an already-immutable map.
  static Op trustedText(String text, Map<String, JsonValue> attributes) {
    return new Op(Kind.INSERT, text.length(), text, null, attributes);
  }

  static Op trustedRetain(int length, Map<String, JsonValue> attributes) {
    return new Op(Kind.RETAIN, length, null, null, attributes);
  }

  private static void requirePositive(int length, String what) {
    if (length <= 0) {
      throw new IllegalArgumentException(what + " length must be positive, was " + length);
    }
  }

  /**
   * What this op does.
   *
   * @return insert, retain or delete
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Whether this op inserts.
   *
   * @return true for an insert of text or of an embed
   */
  public boolean isInsert() {
    return kind == Kind.INSERT;
  }

  /**
   * Whether this op retains.
   *
   * @return true for a retain
   */
  public boolean isRetain() {
    return kind == Kind.RETAIN;
  }

  /**
   * Whether this op deletes.
   *
   * @return true for a delete
   */
  public boolean isDelete() {
    return kind == Kind.DELETE;
  }

  /**
   * Whether this op inserts text.
   *
   * @return true for an insert of text (not an embed)
   */
  public boolean isTextInsert() {
    return text != null;
  }

  /**
   * Whether this op inserts an embed.
   *
   * @return true for an insert of an embed
   */
  public boolean isEmbed() {
    return embed != null;
  }

  /**
   * The op's length.
   *
   * @return the length in UTF-16 code units (1 for an embed); always positive
   */
  public int length() {
    return length;
  }

  /**
   * The inserted text; only for a text insert.
   *
   * @return the text, not empty
   * @throws IllegalStateException when this op is not a text insert
   */
  public String text() {
    if (text == null) {
      throw new IllegalStateException("not a text insert: " + this);
    }
    return text;
  }

  /**
   * The inserted embed; only for an embed insert.
   *
   * @return the embed's JSON object
   * @throws IllegalStateException when this op is not an embed insert
   */
  public JsonObject embed() {
    if (embed == null) {
      throw new IllegalStateException("not an embed insert: " + this);
    }
    return embed;
  }

  /**
   * The attributes.
   *
   * @return an unmodifiable map; empty when the op has none, never null
   */
  public Map<String, JsonValue> attributes() {
    return attributes;
  }

  /**
   * Whether the op carries attributes.
   *
   * @return true when {@link #attributes()} is not empty
   */
  public boolean hasAttributes() {
    return !attributes.isEmpty();
  }

  /** The same insert with other attributes. */
  Op withAttributes(Map<String, JsonValue> newAttributes) {
    return new Op(kind, length, text, embed, newAttributes);
  }

  /**
   * The part {@code [from, from + count)} of this op: a substring of a text insert, the whole embed,
   * or a shorter retain or delete. {@code count} must be positive and in range.
   */
  Op part(int from, int count) {
    if (from == 0 && count == length) {
      return this;
    }
    switch (kind) {
      case DELETE:
        return new Op(Kind.DELETE, count, null, null, Map.of());
      case RETAIN:
        return new Op(Kind.RETAIN, count, null, null, attributes);
      default:
        return text == null ? this : new Op(Kind.INSERT, count, text.substring(from, from + count), null, attributes);
    }
  }

  /** True when both inserts carry the same content (text or embed), ignoring attributes. */
  boolean sameInsert(Op other) {
    return Objects.equals(text, other.text) && Objects.equals(embed, other.embed);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Op)) {
      return false;
    }
    Op other = (Op) o;
    return kind == other.kind
        && length == other.length
        && Objects.equals(text, other.text)
        && Objects.equals(embed, other.embed)
        && attributes.equals(other.attributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, length, text, embed, attributes);
  }

  /** The op in Quill's JSON form. */
  @Override
  public String toString() {
    return DeltaJson.encode(this);
  }
}
