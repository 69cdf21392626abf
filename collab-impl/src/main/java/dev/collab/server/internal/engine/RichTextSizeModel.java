package dev.collab.server.internal.engine;

import dev.collab.ot.Delta;
import dev.collab.ot.DeltaJson;
import dev.collab.ot.Op;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The size model of rich text: what a Quill delta can add to a document's JSON text, component by
 * component, in the unit of {@link SizeModel#measure(CharSequence)}.
 *
 * <ul>
 *   <li>An insert adds at most its own JSON object and a comma, plus one split of the run it lands
 *       in: that run's wrapper and attributes written twice, and a surrogate pair it may cut (each
 *       half then written as a six-byte escape). Inserts in a row split at most once.
 *   <li>A retain with attributes adds, to each run it touches, at most its non-null attributes as
 *       an {@code ,"attributes":{...}} part (setting a key can add no more than the key and value,
 *       replacing a value no more than the new one), plus a split at each end. It touches at most
 *       as many runs as it retains units, and as the document has runs. Removing attributes adds
 *       only the splits.
 *   <li>A delete of n units removes at least n - 2 bytes: every unit costs at least one byte, and
 *       only the two at its ends can leave a surrogate half behind that now costs 6 instead of 3.
 *       Runs it makes neighbours merge, which only shrinks the text.
 * </ul>
 *
 * <p>The run count and the largest attributes part are bounds kept alongside ({@link SizeEstimate}),
 * exact after a measure.
 */
final class RichTextSizeModel implements SizeModel<Delta> {
  /** {@code {"insert":""}} and a comma: the wrapper a split writes once more. */
  static final int RUN = 14;
  /** A surrogate pair cut by a split: two halves of 3 become two escapes of 6. */
  static final int PAIR = 6;
  /** {@code {"insert":""}}: a text insert around its text. */
  private static final int INSERT_WRAPPER = "{\"insert\":\"\"}".length();
  /** {@code {"retain":1}}: subtracted to get the attributes part of an op alone. */
  private static final int RETAIN_ONE = "{\"retain\":1}".length();

  @Override
  public SizeEstimate measure(Delta document, String json) {
    long attributes = 0;
    for (Op op : document.ops()) {
      if (op.hasAttributes()) {
        attributes = Math.max(attributes, attributesPart(op.attributes()));
      }
    }
    return new SizeEstimate(SizeModel.measure(json), document.ops().size(), attributes, true);
  }

  @Override
  public SizeGrowth growth(SizeEstimate before, Delta op) {
    // The components of one op cover disjoint ranges, each after the one before: a run is
    // reformatted by at most one of them, and a split cuts a run that none before touched (its
    // attributes at most before.attributes()).
    long split = RUN + PAIR + before.attributes();
    long bytes = 0;
    long runs = before.runs();
    long formatted = 0;
    long inserted = 0;
    boolean afterInsert = false;
    for (Op o : op.ops()) {
      switch (o.kind()) {
        case INSERT:
          // Inserts in a row land where the one before ended: only the first can split a run.
          long part = o.hasAttributes() ? attributesPart(o.attributes()) : 0;
          long own = o.isTextInsert() ? INSERT_WRAPPER + escapedBound(o.text()) + part
              : SizeModel.measure(DeltaJson.encode(o));
          bytes += own + 1 + (afterInsert ? 0 : split);
          runs += afterInsert ? 1 : 2;
          inserted = Math.max(inserted, part);
          break;
        case RETAIN:
          if (o.hasAttributes()) {
            long added = attributesPart(withoutRemovals(o.attributes()));
            long touched = Math.min(o.length(), runs + 2);
            bytes += touched * added + 2 * split;
            runs += 2;
            formatted = Math.max(formatted, added);
          }
          break;
        default:
          bytes -= Math.max(0, o.length() - 2);
          break;
      }
      afterInsert = o.isInsert();
    }
    return new SizeGrowth(bytes, runs - before.runs(), formatted, inserted);
  }

  /**
   * At least the bytes {@code text} takes inside a JSON string, without encoding it (the common
   * insert is a few typed characters): an escape of up to six for a control character, a quote, a
   * backslash and the separators some encoders escape; six for a surrogate (a lone one is escaped,
   * a pair takes 3 + 3); else the unit's UTF-8 length.
   */
  static long escapedBound(String text) {
    long bytes = 0;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) || c == 0x2028 || c == 0x2029) {
        bytes += 6;
      } else if (c == '"' || c == '\\') {
        bytes += 2;
      } else {
        bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
      }
    }
    return bytes;
  }

  /** The bytes of {@code ,"attributes":{...}} for these attributes; 0 for none. */
  static long attributesPart(Map<String, JsonValue> attributes) {
    if (attributes.isEmpty()) {
      return 0;
    }
    return SizeModel.measure(DeltaJson.encode(Op.retain(1, attributes))) - RETAIN_ONE;
  }

  private static Map<String, JsonValue> withoutRemovals(Map<String, JsonValue> attributes) {
    Map<String, JsonValue> set = new LinkedHashMap<>();
    attributes.forEach((key, value) -> {
      if (value.getValueType() != JsonValue.ValueType.NULL) {
        set.put(key, value);
      }
    });
    return set;
  }
}
