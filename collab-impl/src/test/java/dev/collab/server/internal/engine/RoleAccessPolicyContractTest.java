package dev.collab.server.internal.engine;

import dev.collab.server.defaults.RoleAccessPolicy;

import dev.collab.Access;
import dev.collab.User;
import dev.collab.spi.AccessPolicy;
import dev.collab.tck.AccessPolicyContractKit;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The default policy against the TCK's policy kit. It reads container roles, the same for every
 * document, fixed at login: there is no comment role, and a withdrawal reaches a user at the next
 * login, so the revocation tests are skipped (the kit says why); {@link GrantPolicyContractTest}
 * runs them through the engine.
 */
class RoleAccessPolicyContractTest extends AccessPolicyContractKit {

  @Override
  protected AccessPolicy createPolicy() {
    return new RoleAccessPolicy(false);
  }

  @Override
  protected @Nullable User grant(String userId, String documentId, Access access) {
    return switch (access) {
      case NONE -> new User(userId, userId, Set.of());
      case READ -> new User(userId, userId, Set.of(RoleAccessPolicy.READER));
      case COMMENT -> null;
      case WRITE -> new User(userId, userId, Set.of(RoleAccessPolicy.WRITER));
      case ADMIN -> new User(userId, userId, Set.of(RoleAccessPolicy.ADMIN));
    };
  }

  @Override
  protected boolean perDocument() {
    return false;
  }

  @Override
  protected boolean decidesAtCallTime() {
    return false;
  }

  @Override
  protected KitEngine engine(AccessPolicy policy) {
    return new KitEngine(policy);
  }
}
