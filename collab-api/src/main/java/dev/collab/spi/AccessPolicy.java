package dev.collab.spi;

import dev.collab.Access;
import dev.collab.User;

/**
 * Decides what a user may do with a document.
 *
 * <p><b>When it is called.</b> At every join and, through a cache, at every submit and presence.
 * The engine caches decisions per (user, document) for a configurable time and drops an entry when
 * the application calls the engine's revocation method, so that a revoked user is cut off within
 * one operation on every node. It may be called from any engine thread, for many users at once, so
 * it must be thread-safe; it may block (a database lookup), but should be quick.
 *
 * <p>The default implementation reads container roles ({@code collab-admin}, {@code collab-writer},
 * {@code collab-reader}); applications replace it with their own rules, or with {@code
 * GrantAccessPolicy} (collab-impl), which adds each document's owner and grants ({@link
 * GrantStore}) to their own rules.
 */
@FunctionalInterface
public interface AccessPolicy {

  /**
   * The access {@code user} has to {@code documentId}.
   *
   * @param user the authenticated user, with the container roles of the principal
   * @param documentId the document's id; {@code "*"} when {@link #mayCreate} asks about no document
   *     in particular
   * @return the user's level, never null; {@link Access#NONE} hides the document entirely (a join is
   *     answered as for a document that does not exist)
   */
  Access access(User user, String documentId);

  /**
   * Whether {@code user} may create documents. The default: users who may write some document,
   * judged as for a document id of {@code "*"}. Called at every REST create.
   *
   * @param user the authenticated user asking to create
   * @return true when the user may create documents
   * @since 0.1
   */
  default boolean mayCreate(User user) {
    return access(user, "*").allows(Access.WRITE);
  }
}
