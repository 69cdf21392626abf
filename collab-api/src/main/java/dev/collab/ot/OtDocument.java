package dev.collab.ot;

/**
 * A mutable document of some {@link OtType}, kept by the server so that applying an op costs about
 * the op's size rather than the document's.
 *
 * <p>Not thread-safe: one writer at a time (the document's sequencer); readers take a
 * {@link #snapshot()}, which is an immutable value.
 *
 * @param <O> the operation (and document) value type
 */
public interface OtDocument<O> {

  /**
   * Applies {@code op}. Either all of it is applied, or, when it does not apply (it retains or
   * deletes past the end), nothing is and {@link InvalidOpException} is thrown.
   *
   * @param op an op made on the current content
   * @throws InvalidOpException when the op does not apply; the content is unchanged
   */
  void apply(O op);

  /**
   * The current content as an immutable document value.
   *
   * @return the content; later {@link #apply} calls do not change it
   */
  O snapshot();

  /**
   * The current length, in the type's position units.
   *
   * @return what {@link OtType#length} gives for {@link #snapshot()}
   */
  int length();
}
