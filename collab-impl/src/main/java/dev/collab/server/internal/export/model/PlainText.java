package dev.collab.server.internal.export.model;

import dev.collab.ot.Delta;
import dev.collab.ot.Op;
import jakarta.json.JsonObject;

/**
 * The plain-text export: each line's text, a line per line; a mention as {@code @name}, a formula
 * as its source, a divider as a line of dashes, an image or video as its URL in brackets.
 */
public final class PlainText {
  private PlainText() {}

  /** The document as text, lines ended with {@code \n}. */
  public static String of(Delta document) {
    StringBuilder out = new StringBuilder();
    for (Line line : Line.of(document)) {
      for (Op op : line.inlines()) {
        out.append(op.isTextInsert() ? op.text() : embedText(op.embed()));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** How an embed reads as text, for every export that has no better form of it. */
  public static String embedText(JsonObject embed) {
    if (embed.containsKey("mention")) {
      JsonObject mention = embed.getJsonObject("mention");
      return "@" + (mention.containsKey("name") ? mention.getString("name", "") : mention.getString("id", ""));
    }
    if (embed.containsKey("formula")) {
      String formula = Line.string(embed.get("formula"));
      return formula == null ? "" : formula;
    }
    if (embed.containsKey("divider")) {
      return "----------";
    }
    for (String type : new String[] {"image", "video"}) {
      String url = Line.string(embed.get(type));
      if (url != null) {
        return "[" + type + ": " + url + "]";
      }
    }
    return "";
  }
}
