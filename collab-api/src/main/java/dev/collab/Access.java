package dev.collab;

/**
 * What a user may do with a document, from least to most. Each level includes the ones before it.
 * On the wire ({@code snapshot.access}) the lower-case name is used.
 */
public enum Access {
  /** Nothing: the document is not shown to this user at all. */
  NONE,
  /** Join and receive ops and presence. */
  READ,
  /** Read, and send presence (comments arrive with a later issue). */
  COMMENT,
  /** Read, submit ops and rename the document. */
  WRITE,
  /** Write, and manage the document (delete). */
  ADMIN;

  /**
   * Whether this level includes another: every level allows itself and the levels before it.
   *
   * @param needed the level an action requires; not null
   * @return true when this level is {@code needed} or above it
   */
  public boolean allows(Access needed) {
    return compareTo(needed) >= 0;
  }

  /**
   * The wire form of this level, as in {@code snapshot.access}.
   *
   * @return the lower-case constant name: {@code none}, {@code read}, {@code comment}, {@code write}
   *     or {@code admin}
   */
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
