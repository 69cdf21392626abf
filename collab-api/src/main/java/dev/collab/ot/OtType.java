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

  /**
   * The type's name on the wire and in storage. Stable forever.
   *
   * @return the name, e.g. {@code rich-text}; unique among the installed types
   */
  String name();

  /**
   * The empty document, which every new document starts as (version 0).
   *
   * @return the empty document; {@link #length} of it is 0
   */
  O empty();

  /**
   * Checks that {@code op} can be applied to {@code document}, without applying it.
   *
   * @param document the document the op would apply to
   * @param op the op to check
   * @throws InvalidOpException with {@link InvalidOpException.Problem#DOES_NOT_APPLY} if not
   */
  void check(O document, O op);

  /**
   * Checks what {@code op} contains against the type's format schema (attribute names and values,
   * embed types, URL schemes), independent of any document. The server calls it on every submitted
   * op before anything else; transform never creates content, so checking once is enough. The
   * default accepts everything.
   *
   * @param op the op to check
   * @throws InvalidOpException naming the op index and the offending value
   * @since 0.1
   */
  default void checkContent(O op) {}

  /**
   * {@code op} applied to {@code document}: the new document. Checks first, as {@link #check}.
   *
   * @param document the document before the op
   * @param op an op made on {@code document}
   * @return the document after the op; {@code document} itself is unchanged
   * @throws InvalidOpException with {@link InvalidOpException.Problem#DOES_NOT_APPLY} when the op
   *     does not apply to {@code document}
   */
  O apply(O document, O op);

  /**
   * One op with the effect of {@code first} then {@code second}: applying it equals applying the
   * two in turn.
   *
   * @param first an op
   * @param second an op made on the document {@code first} produces
   * @return the composed op
   */
  O compose(O first, O second);

  /**
   * {@code op} rewritten to apply after {@code applied}; both were made on the same document.
   * {@code appliedFirst} breaks ties (two inserts at one place): true when {@code applied} was
   * committed first, so its insert stays first. The server passes true for every committed op it
   * transforms a submitted op over; clients do the same, so everyone converges.
   *
   * <p>The transform diamond holds: {@code apply(apply(d, applied), transform(applied, op, f))}
   * equals {@code apply(apply(d, op), transform(op, applied, !f))}.
   *
   * @param applied the op applied first
   * @param op the op to rewrite
   * @param appliedFirst true when {@code applied} wins ties
   * @return {@code op} made on the document {@code applied} produced
   */
  O transform(O applied, O op, boolean appliedFirst);

  /**
   * Where position {@code index} moves when {@code applied} is applied; see {@link #transform}.
   * Used to move cursors.
   *
   * @param applied the op applied
   * @param index a position in the document before {@code applied}, from 0
   * @param appliedFirst decides an insert of {@code applied} exactly at {@code index}: false moves
   *     the position past it, true leaves the position before it (as Quill's {@code
   *     transformPosition} with {@code priority})
   * @return the position in the document after {@code applied}
   */
  int transformPosition(O applied, int index, boolean appliedFirst);

  /**
   * The op that undoes {@code op}, which was applied to {@code base}.
   *
   * @param op the op to undo
   * @param base the document {@code op} was applied to (deleted content is taken from it)
   * @return an op such that applying {@code op} then it to {@code base} gives {@code base}
   */
  O invert(O op, O base);

  /**
   * The size of a document, in the units positions count in.
   *
   * @param document a document
   * @return its length (UTF-16 code units for rich text, an embed counting 1)
   */
  int length(O document);

  /**
   * How many units an op inserts: what the {@code maxOpLength} limit counts.
   *
   * @param op an op
   * @return the units its inserts add, 0 or more
   */
  int insertedLength(O op);

  /**
   * Whether the op changes nothing (the engine may skip it).
   *
   * @param op an op
   * @return true when applying it to any document it applies to gives that document back
   */
  boolean isNoop(O op);

  /**
   * Decodes an op (or a document) from its JSON form, within {@code limits}.
   *
   * @param json the JSON form, as {@link #encode} writes it
   * @param limits the bounds the input must stay within
   * @return the op
   * @throws InvalidOpException when the JSON is not a well-formed op of this type or breaks a bound
   */
  O decode(JsonValue json, JsonLimits limits);

  /**
   * Decodes an op from JSON text, within {@code limits}.
   *
   * @param json the JSON text, as {@link #encodeToString} writes it
   * @param limits the bounds the input must stay within; checked while reading
   * @return the op
   * @throws InvalidOpException when the text is not JSON, not a well-formed op of this type, or
   *     breaks a bound
   */
  O decode(String json, JsonLimits limits);

  /**
   * The JSON form of an op or document; {@link #decode} reads it back equal.
   *
   * @param op an op or document
   * @return its JSON form
   */
  JsonValue encode(O op);

  /**
   * The JSON text of an op or document, as stored and sent.
   *
   * @param op an op or document
   * @return the JSON text of {@link #encode}
   */
  String encodeToString(O op);

  /**
   * A server-side mutable copy of {@code document}, for applying many ops cheaply. The default
   * applies each op to the immutable value; types whose documents grow large should return a
   * representation whose cost per op does not grow with the document.
   *
   * @param document the document to start from
   * @return a new mutable document holding {@code document}
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
