package dev.collab;

import java.time.Instant;
import java.util.Objects;

/**
 * A user's access to a document given by its owner or one of its admins: {@code read}, {@code
 * comment}, {@code write} or {@code admin}. A user has at most one grant per document; granting
 * again replaces it. The owner (the document's creator) has {@code admin} without a grant.
 *
 * @param documentId the document's id
 * @param userId the user the access is given to
 * @param access the level given: {@link Access#READ} to {@link Access#ADMIN}, never {@link
 *     Access#NONE} (no access is no grant)
 * @param grantedBy the user who gave (or last changed) the grant
 * @param time when the grant was given (or last changed)
 */
public record Grant(String documentId, String userId, Access access, String grantedBy, Instant time) {

  /**
   * The most grants a document has. Changing an existing grant is always allowed; a new one past
   * the limit is refused with {@code too-large}.
   */
  public static final int MAX_PER_DOCUMENT = 1_000;

  /**
   * Checks the components.
   *
   * @param documentId the document's id
   * @param userId the user the access is given to
   * @param access the level given, not {@link Access#NONE}
   * @param grantedBy the user who gave the grant
   * @param time when the grant was given
   * @throws IllegalArgumentException for a bad id or {@link Access#NONE}
   * @throws NullPointerException when a component is null
   */
  public Grant {
    Ids.requireDocumentIdAlphabet(documentId);
    Ids.requireUserId(userId);
    Objects.requireNonNull(access, "access");
    if (access == Access.NONE) {
      throw new IllegalArgumentException("a grant gives read, comment, write or admin; remove the grant to give none");
    }
    Ids.requireUserId(grantedBy);
    Objects.requireNonNull(time, "time");
  }
}
