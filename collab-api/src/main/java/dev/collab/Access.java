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

  /** True when this level includes {@code needed}. */
  public boolean allows(Access needed) {
    return compareTo(needed) >= 0;
  }

  /** The wire form: {@code read}, {@code write}, ... */
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
