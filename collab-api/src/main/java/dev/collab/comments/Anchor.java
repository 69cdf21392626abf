package dev.collab.comments;

import dev.collab.ot.OtType;

/**
 * Where a comment thread sits in its document's text: {@code length} UTF-16 units from {@code
 * index}, at {@code version} of the document. It is kept beside the text, not in it, and moves with
 * every op committed after {@code version} ({@link #moved}), exactly as the server and every client
 * move it, so all agree on where a thread sits at each version.
 *
 * <p><b>The rule.</b> Text inserted inside the range joins it; text inserted at either edge stays
 * outside (as a comment on "world" does not grow when "!" is typed after it). Deleting part of the
 * range shrinks it. Deleting all of it <em>detaches</em> the thread: it keeps its comments and its
 * position (where its text was) with length 0, and stays detached from then on, shown as such,
 * never dropped.
 *
 * @param index the first unit of the range (the position of a detached thread)
 * @param length how many units; positive unless detached, 0 when detached
 * @param version the document version the range is valid at
 * @param detached whether all of the thread's text was deleted
 */
public record Anchor(int index, int length, long version, boolean detached) {

  /**
   * Checks the components.
   *
   * @param index the first unit, not negative
   * @param length positive, or 0 for a detached anchor
   * @param version the version, not negative
   * @param detached whether the text is gone
   * @throws IllegalArgumentException when a component is out of range
   */
  public Anchor {
    if (index < 0 || version < 0 || length < 0 || (length == 0) != detached) {
      throw new IllegalArgumentException("bad anchor: index " + index + ", length " + length
          + ", version " + version + (detached ? ", detached" : "") + " (length is positive unless detached, then 0)");
    }
  }

  /**
   * The anchor after {@code applied}, the op committed as {@code version() + 1}.
   *
   * @param <O> the document's op type
   * @param type the document's type
   * @param applied the op committed right after {@link #version()}
   * @return the anchor at {@code version() + 1}
   */
  public <O> Anchor moved(OtType<O> type, O applied) {
    // An insert at the start goes before the range (the start moves past it); at the end, after it.
    int start = type.transformPosition(applied, index, false);
    if (detached) {
      return new Anchor(start, 0, version + 1, true);
    }
    int end = type.transformPosition(applied, index + length, true);
    return end > start ? new Anchor(start, end - start, version + 1, false) : new Anchor(start, 0, version + 1, true);
  }
}
