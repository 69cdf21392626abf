package dev.collab.client;

/**
 * A change to a {@link SharedDocument} that did not come from a local edit: {@code op} was applied
 * to what the user saw, giving {@code document}. An editor applies {@code op} to its view.
 *
 * @param kind why the document changed
 * @param op the op applied to what the user saw: the transformed remote op, or the inverse of a
 *     refused local op
 * @param document the document after {@code op}, pending local edits included
 * @param version the last version the server confirmed, after the change
 * @param <O> the op type
 */
public record DocumentChange<O>(Kind kind, O op, O document, long version) {

  /** Why the document changed. */
  public enum Kind {
    /** Someone else's committed op, transformed over this client's pending ops. */
    REMOTE,
    /** This client's op was refused by the server; {@code op} undoes it (pending later edits kept). */
    UNDO
  }
}
