package dev.collab.server.defaults;

import dev.collab.Access;
import dev.collab.Ids;
import dev.collab.User;
import dev.collab.spi.AccessPolicy;
import dev.collab.spi.GrantStore;
import java.util.Objects;

/**
 * An {@link AccessPolicy} of owners and grants, alongside the application's own rules: a user's
 * access to a document is the <b>higher</b> of what the document's owner and grants give ({@link
 * GrantStore#access}: the owner {@code admin}, a grant its level) and what the application's
 * {@code fallback} policy gives (its roles, its teams). So a grant can only add to what the
 * application gives, never take away; for documents that are private unless shared, give a
 * fallback that answers {@link Access#NONE} for documents (and decides {@link #mayCreate}).
 *
 * <p>Who may create documents is the fallback's decision ({@link AccessPolicy#mayCreate}); the
 * creator becomes the owner. Grants are written with {@code Collab.sharing()}, which tells every
 * node at once (docs/SHARING.md).
 *
 * <p>Install it as the application's policy, for example:
 *
 * <pre>{@code
 * @Produces @Alternative @Priority(Interceptor.Priority.APPLICATION) @ApplicationScoped
 * AccessPolicy policy(DocumentStore store) {
 *   return new GrantAccessPolicy(store.grants(), new RoleAccessPolicy(false));
 * }
 * }</pre>
 *
 * <p>Thread-safe when both parts are. A store that fails makes the call fail (the engine then
 * denies access and logs it); the fallback is asked first, so a user the fallback makes admin
 * costs no read of the store.
 */
public final class GrantAccessPolicy implements AccessPolicy {
  private final GrantStore grants;
  private final AccessPolicy fallback;

  /**
   * A policy of owners and grants over the application's own.
   *
   * @param grants where the owners and grants are, usually {@code DocumentStore.grants()}
   * @param fallback the application's own rules, asked for every document and for {@link
   *     #mayCreate}
   */
  public GrantAccessPolicy(GrantStore grants, AccessPolicy fallback) {
    this.grants = Objects.requireNonNull(grants, "grants");
    this.fallback = Objects.requireNonNull(fallback, "fallback");
  }

  @Override
  public Access access(User user, String documentId) {
    Access own = Objects.requireNonNull(fallback.access(user, documentId), "the fallback policy returned null");
    if (own == Access.ADMIN || !Ids.isDocumentId(documentId)) {
      // The highest already, or not a document (mayCreate's "*"): no grant can say more.
      return own;
    }
    Access granted = grants.access(documentId, user.id());
    return granted.compareTo(own) > 0 ? granted : own;
  }

  /** The fallback's answer: grants are about existing documents, not about creating new ones. */
  @Override
  public boolean mayCreate(User user) {
    return fallback.mayCreate(user);
  }
}
