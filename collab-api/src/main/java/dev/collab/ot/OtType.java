package dev.collab.ot;

import jakarta.json.JsonValue;

/**
 * An operational-transformation type: the algebra the engine is generic over. {@code rich-text}
 * ({@link RichText}, Quill Deltas) is built in; a plain-text or JSON type can be added by
 * implementing this interface, without touching the engine. The TCK's OT kit checks an
 * implementation's algebraic properties on random ops.
 *
 * <p>Operations and documents are immutable values of type {@code O}; a document is an op that
 * holds content only (for rich text, a delta of inserts). Every method is a pure function and may
 * be called from any thread at once. Bad input raises {@link InvalidOpException} and nothing else.
 *
 * @param <O> the operation (and document) value type
 */
public interface OtType<O> {

  /** The type's name on the wire and in storage, e.g. {@code rich-text}. Stable forever. */
  String name();

  /** The empty document, which every new document starts as. */
  O empty();

  /**
   * Checks that {@code op} can be applied to {@code document}, without applying it.
   *
   * @throws InvalidOpException with {@link InvalidOpException.Problem#DOES_NOT_APPLY} if not
   */
  void check(O document, O op);

  /**
   * Checks what {@code op} contains against the type's format schema (attribute names and values,
   * embed types, URL schemes), independent of any document. The server calls it on every submitted
   * op before anything else; transform never creates content, so checking once is enough. The
   * default accepts everything.
   *
   * @throws InvalidOpException naming the op index and the offending value
   * @since 0.1
   */
  default void checkContent(O op) {}

  /** {@code op} applied to {@code document}: the new document. Checks first. */
  O apply(O document, O op);

  /** One op with the effect of {@code first} then {@code second}. */
  O compose(O first, O second);

  /**
   * {@code op} rewritten to apply after {@code applied}; both were made on the same document.
   * {@code appliedFirst} breaks ties (two inserts at one place): true when {@code applied} was
   * committed first, so its insert stays first. The server passes true for every committed op it
   * transforms a submitted op over; clients do the same, so everyone converges.
   */
  O transform(O applied, O op, boolean appliedFirst);

  /** Where position {@code index} moves when {@code applied} is applied; see {@link #transform}. */
  int transformPosition(O applied, int index, boolean appliedFirst);

  /** The op that undoes {@code op}, which was applied to {@code base}. */
  O invert(O op, O base);

  /** The size of a document, in the units positions count in (UTF-16 code units for rich text). */
  int length(O document);

  /** How many units an op inserts: what the {@code maxOpLength} limit counts. */
  int insertedLength(O op);

  /** True when the op changes nothing (the engine may skip it). */
  boolean isNoop(O op);

  /** Decodes an op (or a document) from its JSON form, within {@code limits}. */
  O decode(JsonValue json, JsonLimits limits);

  /** Decodes an op from JSON text, within {@code limits}. */
  O decode(String json, JsonLimits limits);

  /** The JSON form of an op or document; {@link #decode} reads it back equal. */
  JsonValue encode(O op);

  /** The JSON text of an op or document. */
  String encodeToString(O op);

  /**
   * A server-side mutable copy of {@code document}, for applying many ops cheaply. The default
   * applies each op to the immutable value; types whose documents grow large should return a
   * representation whose cost per op does not grow with the document.
   */
  default OtDocument<O> newDocument(O document) {
    return new OtDocument<>() {
      private O current = document;

      @Override
      public void apply(O op) {
        current = OtType.this.apply(current, op);
      }

      @Override
      public O snapshot() {
        return current;
      }

      @Override
      public int length() {
        return OtType.this.length(current);
      }
    };
  }
}
