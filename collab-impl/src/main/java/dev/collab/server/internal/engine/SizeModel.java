package dev.collab.server.internal.engine;

import dev.collab.ot.OtType;
import dev.collab.ot.RichText;

/**
 * How an OT type's documents grow in encoded size: an exact measure of a document, and a bound of
 * what one op can add, cheap enough to take on every commit. {@link DocumentSize} keeps a loaded
 * document's size with it; {@code collab.max-document-bytes} is checked against it.
 *
 * <p>The unit is the byte count of the document's JSON text in UTF-8 with each UTF-16 unit encoded
 * on its own ({@link #measure(CharSequence)}): a surrogate pair counts 6 instead of 4, so that the
 * count is additive over units and an upper bound of what a frame carries.
 *
 * <p>Implementations are stateless and thread-safe (a snapshot is measured off the document's turn).
 *
 * @param <O> the type's op
 */
interface SizeModel<O> {

  /**
   * The exact size of {@code document}, whose JSON text is {@code json}.
   *
   * @return an exact estimate ({@link SizeEstimate#exact()} true)
   */
  SizeEstimate measure(O document, String json);

  /** A bound of what {@code op} can do to a document known as {@code before}. */
  SizeGrowth growth(SizeEstimate before, O op);

  /**
   * Bytes of {@code json} in UTF-8, each UTF-16 unit encoded on its own (CESU-8): 1 for ASCII, 2
   * below U+0800, 3 otherwise, surrogates included. A lone surrogate is already a six-character
   * escape in Collab's JSON text.
   */
  static long measure(CharSequence json) {
    long bytes = 0;
    for (int i = 0, n = json.length(); i < n; i++) {
      char c = json.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    }
    return bytes;
  }

  /** The model of {@code type}: {@link RichTextSizeModel} for rich text, {@link OwnText} for any other. */
  @SuppressWarnings("unchecked")
  static <O> SizeModel<O> of(OtType<O> type) {
    if (type instanceof RichText) {
      return (SizeModel<O>) new RichTextSizeModel();
    }
    return new OwnText<>(type);
  }

  /**
   * For a type Collab does not know: an op is taken to add at most its own JSON text, which holds
   * for types whose ops carry all they insert (plain text, JSON documents) and whose documents need
   * no repetition of what an op says once. A type that can amplify (as rich text's reformat of a
   * range) needs a model of its own here.
   */
  final class OwnText<O> implements SizeModel<O> {
    private final OtType<O> type;

    OwnText(OtType<O> type) {
      this.type = type;
    }

    @Override
    public SizeEstimate measure(O document, String json) {
      return new SizeEstimate(SizeModel.measure(json), 0, 0, true);
    }

    @Override
    public SizeGrowth growth(SizeEstimate before, O op) {
      return type.isNoop(op) ? SizeGrowth.ZERO : new SizeGrowth(SizeModel.measure(type.encodeToString(op)), 0, 0, 0);
    }
  }
}
