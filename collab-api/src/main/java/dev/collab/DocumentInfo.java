package dev.collab;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A document's metadata: what {@link dev.collab.spi.DocumentStore} keeps besides the op log.
 *
 * @param id the document id ({@link Ids#requireDocumentId}; one made only of dots is accepted here
 *     all the same, so that a store's documents created before that rule still load)
 * @param type the OT type's name, e.g. {@code rich-text}
 * @param title shown in lists; at most 256 characters
 * @param metadata application-defined keys and values; keys are ids (letters, digits, {@code - _ .}),
 *     at most 32 entries, values at most 1,024 characters
 * @param creator the id of the user who created it
 * @param created when it was created
 */
public record DocumentInfo(
    String id,
    String type,
    String title,
    Map<String, String> metadata,
    String creator,
    Instant created) {

  /**
   * Checks the components and copies {@code metadata}.
   *

   * @param id the document id ({@link Ids#requireDocumentId}; one made only of dots is accepted here

   *     all the same, so that a store's documents created before that rule still load)

   * @param type the OT type's name, e.g. {@code rich-text}

   * @param title shown in lists; at most 256 characters

   * @param metadata application-defined keys and values; keys are ids (letters, digits, {@code - _ .}),

   *     at most 32 entries, values at most 1,024 characters

   * @param creator the id of the user who created it

   * @param created when it was created
   * @throws IllegalArgumentException when {@code id} or {@code creator} is not a valid id, the title
   *     is over {@value #MAX_TITLE_LENGTH} characters, or {@code metadata} breaks a limit above
   * @throws NullPointerException when a component (or a metadata key or value) is null
   */
  public DocumentInfo {
    // Read back from stores too: an id made only of dots, created before that was refused, still loads.
    Ids.requireDocumentIdAlphabet(id);
    Objects.requireNonNull(type, "type");
    requireTitle(title);
    metadata = Map.copyOf(metadata);
    if (metadata.size() > 32) {
      throw new IllegalArgumentException("more than 32 metadata entries");
    }
    metadata.forEach(
        (key, value) -> {
          if (!Ids.hasDocumentIdAlphabet(key)) {
            throw new IllegalArgumentException("metadata key '" + key + "' is not an id");
          }
          if (value.length() > 1024) {
            throw new IllegalArgumentException("metadata value of '" + key + "' longer than 1,024 characters");
          }
        });
    Ids.requireUserId(creator);
    Objects.requireNonNull(created, "created");
  }

  /** The longest title, in UTF-16 code units. */
  public static final int MAX_TITLE_LENGTH = 256;

  /**
   * Checks a title: not null, at most {@value #MAX_TITLE_LENGTH} characters.
   *
   * @param title the title to check
   * @return {@code title}, unchanged
   * @throws IllegalArgumentException naming the rule (NullPointerException for null)
   * @since 0.1
   */
  public static String requireTitle(String title) {
    Objects.requireNonNull(title, "title");
    if (title.length() > MAX_TITLE_LENGTH) {
      throw new IllegalArgumentException("title longer than " + MAX_TITLE_LENGTH + " characters (" + title.length() + ")");
    }
    return title;
  }

  /**
   * This metadata with another title.
   *
   * @param title the new title; at most {@value #MAX_TITLE_LENGTH} characters
   * @return a copy with {@code title} replaced and every other component the same
   * @throws IllegalArgumentException when {@code title} is too long (NullPointerException for null)
   * @since 0.1
   */
  public DocumentInfo withTitle(String title) {
    return new DocumentInfo(id, type, title, metadata, creator, created);
  }
}
