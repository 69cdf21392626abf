package dev.collab.server.internal.export.model;

import dev.collab.internal.json.BoundedJson;
import dev.collab.ot.Delta;
import dev.collab.ot.Op;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Map;

/**
 * What importers append to: text and embeds with inline formats, and line ends with line formats.
 * Keeps the document's length, so an import stops with {@link TooLongException} as soon as it
 * passes the limit instead of building a huge Delta first.
 */
public final class DocumentBuilder {
  private final Delta.Builder delta = Delta.builder();
  private final int maxLength;
  private int length;
  private int lines;
  private boolean lineOpen;

  /** A builder that refuses to grow past {@code maxLength} characters. */
  public DocumentBuilder(int maxLength) {
    this.maxLength = maxLength;
  }

  /** Thrown when the document would pass its limit. */
  public static final class TooLongException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLongException(int max) {
      super("the imported document would be longer than " + max + " characters");
    }
  }

  /** Appends text (no newline in it) with these inline formats. */
  public void text(String text, Map<String, JsonValue> attributes) {
    if (text.isEmpty()) {
      return;
    }
    grow(text.length());
    delta.push(Op.insert(text, attributes));
    lineOpen = true;
  }

  /** Appends an embed such as {@code {"image": "https://..."}}. */
  public void embed(JsonObject embed, Map<String, JsonValue> attributes) {
    grow(1);
    delta.push(Op.insertEmbed(embed, attributes));
    lineOpen = true;
  }

  /** Appends an embed of one key and string value. */
  public void embed(String type, JsonValue value, Map<String, JsonValue> attributes) {
    embed(BoundedJson.PROVIDER.createObjectBuilder().add(type, value).build(), attributes);
  }

  /** Ends the line with these line formats. */
  public void endLine(Map<String, JsonValue> attributes) {
    grow(1);
    delta.push(Op.insert("\n", attributes));
    lines++;
    lineOpen = false;
  }

  /** Whether something was appended since the last line end. */
  public boolean lineOpen() {
    return lineOpen;
  }

  /** How many lines were ended. */
  public int lines() {
    return lines;
  }

  /** The document, ended with a newline as every rich-text document is. */
  public Delta build() {
    if (lineOpen || lines == 0) {
      endLine(Map.of());
    }
    return delta.build();
  }

  private void grow(int by) {
    length += by;
    if (length > maxLength) {
      throw new TooLongException(maxLength);
    }
  }
}
