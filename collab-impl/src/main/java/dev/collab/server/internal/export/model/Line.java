package dev.collab.server.internal.export.model;

import dev.collab.ot.Delta;
import dev.collab.ot.Op;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One line of a rich-text document: its inserts (text and embeds with their inline formats) and
 * the formats of its newline (header, list, blockquote, code-block, align, direction, indent).
 *
 * @param inlines the line's inserts, without the newline
 * @param attributes the newline's attributes
 */
public record Line(List<Op> inlines, Map<String, JsonValue> attributes) {
  /** The lines of a document, as Quill shows them. */
  public static List<Line> of(Delta document) {
    List<Line> lines = new ArrayList<>();
    document.eachLine((line, attributes, index) -> {
      lines.add(new Line(line.ops(), attributes));
      return true;
    });
    return lines;
  }

  /** The line's text, embeds left out. */
  public String text() {
    StringBuilder text = new StringBuilder();
    for (Op op : inlines) {
      if (op.isTextInsert()) {
        text.append(op.text());
      }
    }
    return text.toString();
  }

  /** Whether the line is nothing but a divider embed. */
  public boolean isDivider() {
    return inlines.size() == 1 && inlines.get(0).isEmbed() && inlines.get(0).embed().containsKey("divider");
  }

  /** The string value of a line attribute, or null. */
  public @Nullable String string(String name) {
    return string(attributes.get(name));
  }

  /**
   * Which list the line belongs to: {@code ordered}, {@code bullet} or {@code check} (checked and
   * unchecked items form one checklist), or null outside lists. A change starts a new list.
   */
  public @Nullable String listGroup() {
    String list = string("list");
    return "checked".equals(list) || "unchecked".equals(list) ? "check" : list;
  }

  /** The integer value of a line attribute (header, indent), or 0. */
  public int integer(String name) {
    JsonValue v = attributes.get(name);
    return v instanceof JsonNumber ? ((JsonNumber) v).intValue() : 0;
  }

  /** Whether a line attribute is {@code true} or, for code-block, a language name. */
  public boolean has(String name) {
    JsonValue v = attributes.get(name);
    return v != null && v != JsonValue.NULL && v != JsonValue.FALSE;
  }

  /** A JSON string's value, or null for anything else. */
  public static @Nullable String string(@Nullable JsonValue value) {
    return value instanceof JsonString ? ((JsonString) value).getString() : null;
  }
}
