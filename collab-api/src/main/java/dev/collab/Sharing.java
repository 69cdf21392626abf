package dev.collab;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Sharing a document with other users: {@link Collab#sharing()}. A document's owner (its creator)
 * and its admins give users {@code read}, {@code comment}, {@code write} or {@code admin} access,
 * change it and take it away. The grants are kept by the store ({@link
 * dev.collab.spi.DocumentStore#grants()}) and answered by the access policy {@code
 * dev.collab.server.defaults.GrantAccessPolicy}, which the application installs (docs/SHARING.md).
 *
 * <p><b>Checks.</b> Every method checks {@code by} with the engine's access policy, asked afresh: a
 * user without read access gets {@code unknown-document}, exactly as for a document that does not
 * exist; a user with read but not admin access gets {@code forbidden}.
 *
 * <p><b>Effect.</b> After a change the engine forgets its cached decisions for that user and
 * document on every node and re-evaluates that user's joined connections at once: a user left
 * without read access is removed from the document ({@code forbidden}, then {@code left}), the
 * others are told their new level (the wire message {@code access}); the next submit of a user
 * without write access is refused ({@code forbidden}).
 *
 * <p>Thread-safe; every call runs on the engine's background threads and completes its stage once
 * the store has answered, failing it with a {@link CollabException}.
 */
public interface Sharing {

  /**
   * Gives {@code userId} a level of access to the document, or changes the level of their grant.
   *
   * @param documentId the document's id
   * @param userId the user to give access to; not the owner
   * @param access {@link Access#READ} to {@link Access#ADMIN}
   * @param by who gives it: the owner or an admin of the document
   * @return a stage completed with the grant as stored, or exceptionally with a {@link
   *     CollabException}: {@code bad-message} for a bad user id, {@link Access#NONE} or the owner,
   *     {@code unknown-document} (also when {@code by} may not read the document), {@code forbidden}
   *     when {@code by} is not an admin of it, {@code too-large} when the document has {@value
   *     Grant#MAX_PER_DOCUMENT} grants already and {@code userId} has none
   */
  CompletionStage<Grant> grant(String documentId, String userId, Access access, User by);

  /**
   * Removes the grant of {@code userId}; the user keeps what the application's own rules give.
   *
   * @param documentId the document's id
   * @param userId the user whose grant goes
   * @param by who removes it: the owner or an admin of the document
   * @return a stage completed with true when there was a grant, false when there was none; or
   *     exceptionally as {@link #grant}
   */
  CompletionStage<Boolean> revoke(String documentId, String userId, User by);

  /**
   * The owner and the grants of a document.
   *
   * @param documentId the document's id
   * @param by who asks: the owner or an admin of the document
   * @return a stage completed with the owner and the grants, or exceptionally as {@link #grant}
   */
  CompletionStage<DocumentGrants> list(String documentId, User by);

  /**
   * Calls {@code listener} after every change of a grant made through this node (whoever called);
   * the CDI event {@link AccessChange} is fired the same way. The listener runs on a background
   * thread; what it throws is logged and does not undo the change.
   *
   * @param listener called with each change
   * @return the registration to close to stop the calls
   */
  Collab.Registration onChange(Consumer<AccessChange> listener);
}
