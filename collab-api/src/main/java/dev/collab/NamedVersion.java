package dev.collab;

import java.time.Instant;
import java.util.Objects;

/**
 * A version of a document that a user gave a name ("sent to legal"). A version has at most one
 * name; naming it again renames it. The store keeps a named version's content (a snapshot pinned for
 * it) for as long as the name exists, also when retention drops the ops around it.
 *
 * @param documentId the document's id
 * @param version the version named: 0 (the empty document) to the head
 * @param name the name ({@link #requireName})
 * @param userId the user who gave the name (or last renamed it)
 * @param time when the name was given (or last changed)
 */
public record NamedVersion(String documentId, long version, String name, String userId, Instant time) {

  /** The longest name, in UTF-16 code units. */
  public static final int MAX_NAME_LENGTH = 100;

  /**
   * The most named versions a document has: each pins a snapshot, so names are not free. Renaming
   * a named version is always allowed; a new name past the limit is refused with {@code too-large}.
   */
  public static final int MAX_PER_DOCUMENT = 500;

  /**
   * Checks the components.
   *
   * @param documentId the document's id
   * @param version the version named: 0 or more
   * @param name the name ({@link #requireName})
   * @param userId the user who gave the name
   * @param time when the name was given
   * @throws IllegalArgumentException for a bad id, a negative version or a bad name
   * @throws NullPointerException when a component is null
   */
  public NamedVersion {
    Ids.requireDocumentIdAlphabet(documentId);
    if (version < 0) {
      throw new IllegalArgumentException("version must not be negative, was " + version);
    }
    requireName(name);
    Ids.requireUserId(userId);
    Objects.requireNonNull(time, "time");
  }

  /**
   * Checks a version's name: 1 to {@value #MAX_NAME_LENGTH} characters, not only white space, no
   * control characters (line breaks, tabs, NUL...), no lone surrogates.
   *
   * @param name the name to check
   * @return {@code name}, unchanged
   * @throws IllegalArgumentException saying what is wrong
   * @throws NullPointerException when {@code name} is null
   */
  public static String requireName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a version's name must not be empty or only white space");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "a version's name is at most " + MAX_NAME_LENGTH + " characters, this one has " + name.length());
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException(
            "a version's name must not contain control characters (U+" + String.format("%04X", (int) c) + " at " + i + ")");
      }
      if (Character.isSurrogate(c)) {
        boolean paired = Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1));
        if (!paired) {
          throw new IllegalArgumentException("a version's name must not contain a lone surrogate (at " + i + ")");
        }
        i++;
      }
    }
    return name;
  }
}
