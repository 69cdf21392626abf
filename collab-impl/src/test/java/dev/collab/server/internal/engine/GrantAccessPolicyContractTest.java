package dev.collab.server.internal.engine;

import dev.collab.Access;
import dev.collab.DocumentInfo;
import dev.collab.Grant;
import dev.collab.User;
import dev.collab.server.defaults.GrantAccessPolicy;
import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.spi.AccessPolicy;
import dev.collab.tck.AccessPolicyContractKit;
import java.time.Instant;
import java.util.Map;

/**
 * The policy kit, revocation tests included, for the shipped {@link GrantAccessPolicy} over the
 * in-memory store's grants, with a fallback that gives nothing (documents private unless shared).
 * A grant on a document the store does not have yet creates it first (owned by a third user).
 */
class GrantAccessPolicyContractTest extends AccessPolicyContractKit {
  private final InMemoryDocumentStore store = new InMemoryDocumentStore();

  @Override
  protected AccessPolicy createPolicy() {
    return new GrantAccessPolicy(store.grants(), (user, documentId) -> Access.NONE);
  }

  @Override
  protected User grant(String userId, String documentId, Access access) {
    if (store.find(documentId).isEmpty()) {
      store.create(new DocumentInfo(documentId, "rich-text", "", Map.of(), "kit-owner", Instant.now()));
    }
    if (access == Access.NONE) {
      store.grants().removeGrant(documentId, userId);
    } else {
      store.grants().saveGrant(new Grant(documentId, userId, access, "kit-owner", Instant.now()));
    }
    return User.of(userId);
  }

  @Override
  protected KitEngine engine(AccessPolicy policy) {
    return new KitEngine(store, policy);
  }
}
