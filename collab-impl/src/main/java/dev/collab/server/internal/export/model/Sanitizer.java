package dev.collab.server.internal.export.model;

import dev.collab.ot.Delta;
import dev.collab.ot.InvalidOpException;
import dev.collab.ot.Op;
import dev.collab.ot.RichTextSchema;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps of a document what a schema accepts, with the schema's own check, the one every client op
 * passes: an attribute it refuses is dropped, an embed it refuses is dropped with its attributes;
 * the text stays. So an import is held to the same rules as an edit typed in the browser.
 */
public final class Sanitizer {
  private Sanitizer() {}

  /** {@code document} less what {@code schema} refuses. */
  public static Delta sanitize(Delta document, RichTextSchema schema) {
    Delta.Builder out = Delta.builder();
    for (Op op : document.ops()) {
      if (!op.isInsert()) {
        continue;
      }
      if (op.isEmbed() && !accepts(schema, Op.insertEmbed(op.embed(), Map.of()))) {
        continue;
      }
      Map<String, JsonValue> kept = new LinkedHashMap<>();
      for (Map.Entry<String, JsonValue> attribute : op.attributes().entrySet()) {
        if (attribute.getValue() != JsonValue.NULL
            && accepts(schema, Op.insert("x", Map.of(attribute.getKey(), attribute.getValue())))) {
          kept.put(attribute.getKey(), attribute.getValue());
        }
      }
      out.push(op.isEmbed() ? Op.insertEmbed(op.embed(), kept) : Op.insert(op.text(), kept));
    }
    return out.build();
  }

  /** Whether {@code schema} accepts the attribute or embed of this one insert. */
  public static boolean accepts(RichTextSchema schema, Op insert) {
    try {
      schema.check(Delta.of(insert));
      return true;
    } catch (InvalidOpException refused) {
      return false; // the caller drops what was refused: that is the answer
    }
  }
}
