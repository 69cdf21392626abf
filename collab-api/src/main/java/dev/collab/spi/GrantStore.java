package dev.collab.spi;

import dev.collab.Access;
import dev.collab.Grant;
import java.util.List;
import java.util.Optional;

/**
 * Where a store keeps who may use a document besides the application's own rules ({@link
 * DocumentStore#grants()}): the document's owner and the grants its owner and admins gave. Both
 * shipped stores implement it.
 *
 * <p><b>The owner</b> is the document's creator ({@code DocumentInfo.creator()}), read from the
 * store's documents: it needs no write of its own, every document has one, and documents created
 * before grants existed have theirs.
 *
 * <p><b>Grants</b> belong to their document: deleting the document deletes them, and a document
 * created again with the same id starts with none. A grant for a document that does not exist is
 * never written (so a deleted document's grants cannot reach a new one of the same id, not even
 * when the write races the deletion).
 *
 * <p><b>Who calls it.</b> The access policy ({@code GrantAccessPolicy}) calls {@link #access} at
 * every join and, through the engine's cache, at submits: from any engine thread, for many users
 * at once, so it should be quick (one indexed read). The sharing API ({@code Collab.sharing()})
 * calls the others on the engine's background threads. Several nodes may call it for one document
 * at once. Every write is atomic and durable on return; of two concurrent writes of one user's grant
 * one wins whole; a read sees a write once it has returned (on any node).
 */
public interface GrantStore {

  /**
   * The document's owner: its creator.
   *
   * @param documentId the document's id
   * @return the owner's user id, or empty when the document does not exist
   */
  Optional<String> owner(String documentId);

  /**
   * Gives a user a grant, replacing the one they had.
   *
   * @param grant the grant; already checked by {@link Grant}
   * @return true when the document exists and the grant is stored; false, writing nothing, when the
   *     document does not exist
   */
  boolean saveGrant(Grant grant);

  /**
   * Removes a user's grant.
   *
   * @param documentId the document's id
   * @param userId the user
   * @return true when the user had a grant and has none now; false when they had none (or the
   *     document does not exist)
   */
  boolean removeGrant(String documentId, String userId);

  /**
   * A user's grant.
   *
   * @param documentId the document's id
   * @param userId the user
   * @return the grant, or empty when the user has none (or the document does not exist)
   */
  Optional<Grant> findGrant(String documentId, String userId);

  /**
   * The document's grants, ordered by user id ({@link String#compareTo}).
   *
   * @param documentId the document's id
   * @return the grants, empty when there are none or the document does not exist; an unmodifiable
   *     snapshot
   */
  List<Grant> grants(String documentId);

  /**
   * What the owner and the grants give {@code userId}: {@link Access#ADMIN} for the owner, the
   * grant's level for a user with a grant, else {@link Access#NONE} (also for a document that does
   * not exist). The default makes two reads ({@link #owner}, {@link #findGrant}); a store may answer
   * in one.
   *
   * @param documentId the document's id; any string (an id that cannot exist gives {@link Access#NONE})
   * @param userId the user
   * @return the level, never null
   */
  default Access access(String documentId, String userId) {
    Optional<String> owner = owner(documentId);
    if (owner.isEmpty()) {
      return Access.NONE;
    }
    if (owner.get().equals(userId)) {
      return Access.ADMIN;
    }
    return findGrant(documentId, userId).map(Grant::access).orElse(Access.NONE);
  }
}
