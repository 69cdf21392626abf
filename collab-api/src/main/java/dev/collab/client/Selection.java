package dev.collab.client;

/**
 * A cursor or selection in a document, as presence carries it: {@code length} units from
 * {@code index} (UTF-16 code units for rich text); a length of 0 is a caret.
 *
 * @param index where the selection starts, from 0
 * @param length how many units it covers, from 0 (a caret)
 */
public record Selection(int index, int length) {
  /**
   * Checks the components.
   *
   * @param index where the selection starts, from 0
   * @param length how many units it covers, from 0 (a caret)
   * @throws IllegalArgumentException when {@code index} or {@code length} is negative
   */
  public Selection {
    if (index < 0 || length < 0) {
      throw new IllegalArgumentException("a selection needs index >= 0 and length >= 0, was " + index + ", " + length);
    }
  }
}
