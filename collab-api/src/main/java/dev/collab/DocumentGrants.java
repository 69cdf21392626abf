package dev.collab;

import java.util.List;

/**
 * Who may use a document besides the application's own rules: its owner and its grants, as
 * {@link Sharing#list} answers them.
 *
 * @param documentId the document's id
 * @param owner the id of the document's owner (its creator), who always has admin access
 * @param grants the grants, ordered by user id; an unmodifiable copy
 */
public record DocumentGrants(String documentId, String owner, List<Grant> grants) {
  /**
   * Checks the ids and copies the grants.
   *
   * @param documentId the document's id
   * @param owner the owner's user id
   * @param grants the grants of this document
   * @throws IllegalArgumentException for a bad id
   * @throws NullPointerException when a component (or a grant) is null
   */
  public DocumentGrants {
    Ids.requireDocumentIdAlphabet(documentId);
    Ids.requireUserId(owner);
    grants = List.copyOf(grants);
  }
}
