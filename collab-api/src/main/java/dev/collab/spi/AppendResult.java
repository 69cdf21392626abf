package dev.collab.spi;

/**
 * What {@link DocumentStore#append} did. A conflict is a normal result, not an exception: another
 * writer (usually another node) committed first, and the engine reads what it missed, transforms
 * and tries again.
 */
public sealed interface AppendResult {

  /**
   * The ops are durable as versions {@code firstVersion..lastVersion}.
   *
   * @param firstVersion the version of the first op appended: the expected head plus 1
   * @param lastVersion the version of the last op appended: the document's new head
   */
  record Appended(long firstVersion, long lastVersion) implements AppendResult {}

  /**
   * Nothing was written: the document's head was {@code head}, not the expected one, or one of the
   * ops' {@code (client, seq)} was already committed (then {@code head} is the current head too).
   *
   * @param head the document's head when the append was refused
   */
  record Conflict(long head) implements AppendResult {}

  /** Nothing was written: the document does not exist (it was deleted). */
  record NoSuchDocument() implements AppendResult {}
}
