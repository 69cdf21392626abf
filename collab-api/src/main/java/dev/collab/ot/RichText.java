package dev.collab.ot;

import dev.collab.internal.ot.RichTextRope;
import dev.collab.ot.InvalidOpException.Problem;
import jakarta.json.JsonValue;
import java.util.List;

/**
 * The built-in {@code rich-text} OT type: Quill Deltas ({@link Delta}).
 *
 * <p>One rule goes beyond the reference: an insert may not carry an attribute whose value is
 * {@code null}. The reference accepts such inserts, and then breaks its own invert and diff round
 * trips on them; here {@link #check} refuses them with {@link Problem#DOES_NOT_APPLY}, so a stored
 * document never holds one. The {@link Delta} algebra itself still matches the reference for them.
 */
public final class RichText implements OtType<Delta> {
  /** The type's wire name. */
  public static final String NAME = "rich-text";

  /**
   * The type without a format schema: the model's own rules only. For clients, tests and trusted
   * server code; a server checks untrusted ops with {@link #withSchema} ({@link #SERVER}).
   */
  public static final RichText INSTANCE = new RichText(RichTextSchema.PERMISSIVE);

  /** The type as the server runs it by default: every op checked against {@link RichTextSchema#QUILL}. */
  public static final RichText SERVER = new RichText(RichTextSchema.QUILL);

  private final RichTextSchema schema;

  private RichText(RichTextSchema schema) {
    this.schema = schema;
  }

  /**
   * The same type checking submitted ops against {@code schema}.
   *
   * @param schema the format schema {@link #checkContent} applies
   * @return a rich-text type with that schema; equal in every other respect to {@link #INSTANCE}
   * @throws NullPointerException when {@code schema} is null
   */
  public static RichText withSchema(RichTextSchema schema) {
    return new RichText(java.util.Objects.requireNonNull(schema, "schema"));
  }

  /**
   * The format schema this type checks ops against.
   *
   * @return the schema; {@link RichTextSchema#PERMISSIVE} for {@link #INSTANCE}
   */
  public RichTextSchema schema() {
    return schema;
  }

  /** Checks the attributes and embeds of {@code op} against this type's schema. */
  @Override
  public void checkContent(Delta op) {
    schema.check(op);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Delta empty() {
    return Delta.empty();
  }

  @Override
  public void check(Delta document, Delta op) {
    checkOp(op, document.length());
  }

  /**
   * Checks {@code op} against a document of {@code documentLength}: it may not retain or delete
   * past the end, and its inserts may not carry null attributes.
   *
   * @param op the op to check
   * @param documentLength the length of the document it would apply to, in UTF-16 code units
   * @throws InvalidOpException with {@link Problem#DOES_NOT_APPLY}, naming the op index
   */
  public static void checkOp(Delta op, int documentLength) {
    long base = 0;
    List<Op> ops = op.ops();
    for (int i = 0; i < ops.size(); i++) {
      Op o = ops.get(i);
      if (o.isInsert()) {
        if (o.attributes().containsValue(JsonValue.NULL)) {
          throw new InvalidOpException(
              Problem.DOES_NOT_APPLY,
              "op " + i + ": an insert may not carry a null attribute (null only removes, on a retain)");
        }
      } else {
        base += o.length();
        if (base > documentLength) {
          throw new InvalidOpException(
              Problem.DOES_NOT_APPLY,
              "op "
                  + i
                  + ": "
                  + o.kind().name().toLowerCase(java.util.Locale.ROOT)
                  + " reaches "
                  + base
                  + ", past the end of the document of length "
                  + documentLength);
        }
      }
    }
  }

  @Override
  public Delta apply(Delta document, Delta op) {
    if (!document.isDocument()) {
      throw new InvalidOpException(Problem.NOT_A_DOCUMENT, "apply() called on a non-document");
    }
    check(document, op);
    return document.compose(op);
  }

  @Override
  public Delta compose(Delta first, Delta second) {
    return first.compose(second);
  }

  @Override
  public Delta transform(Delta applied, Delta op, boolean appliedFirst) {
    return applied.transform(op, appliedFirst);
  }

  @Override
  public int transformPosition(Delta applied, int index, boolean appliedFirst) {
    return applied.transformPosition(index, appliedFirst);
  }

  @Override
  public Delta invert(Delta op, Delta base) {
    return op.invert(base);
  }

  @Override
  public int length(Delta document) {
    return document.length();
  }

  @Override
  public int insertedLength(Delta op) {
    int length = 0;
    for (Op o : op.ops()) {
      if (o.isInsert()) {
        length += o.length();
      }
    }
    return length;
  }

  @Override
  public boolean isNoop(Delta op) {
    for (Op o : op.ops()) {
      if (!o.isRetain() || o.hasAttributes()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Delta decode(JsonValue json, JsonLimits limits) {
    return DeltaJson.fromJson(json, limits);
  }

  @Override
  public Delta decode(String json, JsonLimits limits) {
    return DeltaJson.decode(json, limits);
  }

  @Override
  public JsonValue encode(Delta op) {
    return DeltaJson.toJson(op);
  }

  @Override
  public String encodeToString(Delta op) {
    return DeltaJson.encode(op);
  }

  /** A rope: applying an op costs O(log n) plus the op's size, whatever the document's size. */
  @Override
  public OtDocument<Delta> newDocument(Delta document) {
    if (!document.isDocument()) {
      throw new InvalidOpException(Problem.NOT_A_DOCUMENT, "newDocument() called with a non-document");
    }
    return new RichTextRope(document);
  }
}
