package dev.collab.ot;

import dev.collab.internal.json.BoundedJson;
import dev.collab.ot.InvalidOpException.Problem;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deltas in Quill's JSON form: an {@code ops} array, or an object {@code {"ops": [...]}}; each op
 * an object with exactly one of {@code insert} (a non-empty string, or an embed object),
 * {@code retain} or {@code delete} (a positive integer), and optionally {@code attributes} (an
 * object; not on a delete).
 *
 * <p>Decoding untrusted input is bounded by {@link JsonLimits} and fails only with
 * {@link InvalidOpException}, whose message names the op index and the rule. Decoding keeps the
 * ops as given (no normalisation), so a delta encodes back to what it was read from. Retaining an
 * embed object (Quill's embed handlers) is not supported and is rejected.
 *
 * <p>Stateless and thread-safe.
 */
public final class DeltaJson {
  private DeltaJson() {}

  /**
   * Decodes untrusted JSON text with {@link JsonLimits#DEFAULT}.
   *
   * @param json the delta's JSON text
   * @return the delta, its ops as given
   * @throws InvalidOpException when the text is not JSON, not a delta, or over a default limit
   */
  public static Delta decode(String json) {
    return decode(json, JsonLimits.DEFAULT);
  }

  /**
   * Decodes JSON text within {@code limits}.
   *
   * @param json the delta's JSON text
   * @param limits the bounds checked while reading
   * @return the delta, its ops as given
   * @throws InvalidOpException when the text is not JSON, not a delta, or over a limit
   */
  public static Delta decode(String json, JsonLimits limits) {
    return fromJson(BoundedJson.read(json, limits), limits);
  }

  /**
   * Converts an already-parsed JSON value (an {@code ops} array or an object holding one) into a
   * delta, checking the op count and the shape of every op. The caller bounded the parse (depth,
   * sizes); {@link #decode} does both.
   *
   * @param json an {@code ops} array or an object {@code {"ops": [...]}}
   * @param limits the bounds; here only {@link JsonLimits#maxOps()} is checked
   * @return the delta, its ops as given
   * @throws InvalidOpException when the value is not a delta, has too many ops, or its lengths add
   *     up past {@link Integer#MAX_VALUE}
   */
  public static Delta fromJson(JsonValue json, JsonLimits limits) {
    JsonArray array;
    if (json instanceof JsonArray) {
      array = (JsonArray) json;
    } else if (json instanceof JsonObject) {
      JsonObject object = (JsonObject) json;
      JsonValue ops = object.get("ops");
      if (!(ops instanceof JsonArray) || object.size() != 1) {
        throw malformed("a delta object must have exactly one key, 'ops', holding an array");
      }
      array = (JsonArray) ops;
    } else {
      throw malformed("a delta must be an array of ops or an object {\"ops\": [...]}, was " + json.getValueType());
    }
    if (array.size() > limits.maxOps()) {
      throw new InvalidOpException(
          Problem.TOO_MANY_OPS,
          "a delta of " + array.size() + " ops is over the limit of " + limits.maxOps());
    }
    List<Op> ops = new ArrayList<>(array.size());
    long total = 0;
    for (int i = 0; i < array.size(); i++) {
      Op op = toOp(array.get(i), i);
      total += op.length();
      if (total > Integer.MAX_VALUE) {
        throw new InvalidOpException(
            Problem.TOO_LARGE, "op " + i + ": the lengths of the ops add up past " + Integer.MAX_VALUE);
      }
      ops.add(op);
    }
    return Delta.of(ops);
  }

  /**
   * Decodes a document (inserts only), as stored in a snapshot.
   *
   * @param json the document's JSON text
   * @param limits the bounds checked while reading
   * @return the document
   * @throws InvalidOpException as {@link #decode(String, JsonLimits)}, and with {@link
   *     Problem#NOT_A_DOCUMENT} when the delta retains or deletes
   */
  public static Delta decodeDocument(String json, JsonLimits limits) {
    Delta delta = decode(json, limits);
    if (!delta.isDocument()) {
      throw new InvalidOpException(
          Problem.NOT_A_DOCUMENT, "a document may hold inserts only, found " + firstNonInsert(delta));
    }
    return delta;
  }

  private static String firstNonInsert(Delta delta) {
    List<Op> ops = delta.ops();
    for (int i = 0; i < ops.size(); i++) {
      if (!ops.get(i).isInsert()) {
        return ops.get(i).kind().name().toLowerCase(java.util.Locale.ROOT) + " at op " + i;
      }
    }
    return "none";
  }

  private static Op toOp(JsonValue value, int index) {
    if (!(value instanceof JsonObject)) {
      throw malformed("op " + index + ": must be an object, was " + value.getValueType());
    }
    JsonObject object = (JsonObject) value;
    JsonValue insert = null;
    JsonValue retain = null;
    JsonValue delete = null;
    JsonValue attributes = null;
    int actions = 0;
    for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
      switch (entry.getKey()) {
        case "insert":
          insert = entry.getValue();
          actions++;
          break;
        case "retain":
          retain = entry.getValue();
          actions++;
          break;
        case "delete":
          delete = entry.getValue();
          actions++;
          break;
        case "attributes":
          attributes = entry.getValue();
          break;
        default:
          throw malformed("op " + index + ": unknown key '" + entry.getKey() + "'");
      }
    }
    if (actions != 1) {
      throw malformed(
          "op " + index + ": must have exactly one of insert, retain or delete, has " + actions);
    }
    Map<String, JsonValue> attrs = attributes(attributes, index);
    if (insert != null) {
      if (insert instanceof JsonString) {
        String text = ((JsonString) insert).getString();
        if (text.isEmpty()) {
          throw malformed("op " + index + ": insert of an empty string");
        }
        return Op.trustedText(text, attrs);
      }
      if (insert instanceof JsonObject) {
        if (((JsonObject) insert).isEmpty()) {
          throw malformed("op " + index + ": insert of an empty embed object");
        }
        return Op.insertEmbed((JsonObject) insert, attrs);
      }
      throw malformed(
          "op " + index + ": insert must be a string or an embed object, was " + insert.getValueType());
    }
    if (retain != null) {
      if (retain instanceof JsonObject) {
        throw malformed("op " + index + ": retain of an embed object is not supported by rich-text");
      }
      return Op.trustedRetain(length(retain, "retain", index), attrs);
    }
    if (attributes != null) {
      throw malformed("op " + index + ": a delete has no attributes");
    }
    return Op.delete(length(delete, "delete", index));
  }

  private static int length(JsonValue value, String what, int index) {
    if (!(value instanceof JsonNumber)) {
      throw malformed("op " + index + ": " + what + " must be a positive integer, was " + value);
    }
    // Integral in JSON's sense: 1e20 is an integer (too large) although its scale is negative,
    // which JsonNumber.isIntegral() would call not integral.
    BigDecimal number = ((JsonNumber) value).bigDecimalValue();
    if (number.signum() <= 0 || (number.scale() > 0 && number.stripTrailingZeros().scale() > 0)) {
      throw malformed("op " + index + ": " + what + " must be a positive integer, was " + value);
    }
    try {
      // Fails fast on a huge exponent: BigDecimal checks the number of integer digits first.
      return number.intValueExact();
    } catch (ArithmeticException e) {
      throw new InvalidOpException(
          Problem.TOO_LARGE,
          "op " + index + ": " + what + " of " + value + " is over the limit of " + Integer.MAX_VALUE);
    }
  }

  private static Map<String, JsonValue> attributes(JsonValue value, int index) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof JsonObject)) {
      throw malformed("op " + index + ": attributes must be an object, was " + value.getValueType());
    }
    JsonObject object = (JsonObject) value;
    return object.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(object));
  }

  private static InvalidOpException malformed(String message) {
    return new InvalidOpException(Problem.MALFORMED_OP, message);
  }

  /**
   * The delta as a JSON {@code ops} array.
   *
   * @param delta the delta
   * @return its ops as JSON objects, in order
   */
  public static JsonArray toJson(Delta delta) {
    JsonArrayBuilder array = BoundedJson.PROVIDER.createArrayBuilder();
    for (Op op : delta.ops()) {
      array.add(toJson(op));
    }
    return array.build();
  }

  /**
   * One op as a JSON object.
   *
   * @param op the op
   * @return {@code {"insert"|"retain"|"delete": ..., "attributes"?: {...}}}
   */
  public static JsonObject toJson(Op op) {
    JsonObjectBuilder object = BoundedJson.PROVIDER.createObjectBuilder();
    switch (op.kind()) {
      case INSERT:
        if (op.isTextInsert()) {
          object.add("insert", op.text());
        } else {
          object.add("insert", op.embed());
        }
        break;
      case RETAIN:
        object.add("retain", op.length());
        break;
      default:
        object.add("delete", op.length());
    }
    if (op.hasAttributes()) {
      JsonObjectBuilder attributes = BoundedJson.PROVIDER.createObjectBuilder();
      op.attributes().forEach(attributes::add);
      object.add("attributes", attributes);
    }
    return object.build();
  }

  /**
   * The delta as compact JSON text: its {@code ops} array. Lone surrogates are written as
   * {@code \\uXXXX} escapes, so the text survives any UTF-8 transport or store unchanged.
   *
   * @param delta the delta
   * @return the JSON text; {@link #decode(String)} reads it back equal
   */
  public static String encode(Delta delta) {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = BoundedJson.PROVIDER.createGenerator(out)) {
      generator.writeStartArray();
      for (Op op : delta.ops()) {
        write(generator, op);
      }
      generator.writeEnd();
    }
    return BoundedJson.escapeLoneSurrogates(out.toString());
  }

  /**
   * One op as compact JSON text, lone surrogates escaped.
   *
   * @param op the op
   * @return the op's JSON object as text
   */
  public static String encode(Op op) {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = BoundedJson.PROVIDER.createGenerator(out)) {
      write(generator, op);
    }
    return BoundedJson.escapeLoneSurrogates(out.toString());
  }

  /**
   * Writes one op as an object at the generator's current position. Lone surrogates are written as
   * the generator writes them; {@link #encode(Op)} escapes them.
   *
   * @param generator where to write; positioned in an array or at the top level
   * @param op the op
   */
  public static void write(JsonGenerator generator, Op op) {
    generator.writeStartObject();
    switch (op.kind()) {
      case INSERT:
        if (op.isTextInsert()) {
          generator.write("insert", op.text());
        } else {
          generator.write("insert", op.embed());
        }
        break;
      case RETAIN:
        generator.write("retain", op.length());
        break;
      default:
        generator.write("delete", op.length());
    }
    if (op.hasAttributes()) {
      generator.writeStartObject("attributes");
      op.attributes().forEach(generator::write);
      generator.writeEnd();
    }
    generator.writeEnd();
  }
}
