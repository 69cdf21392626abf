package dev.collab.server.internal.engine;

import dev.collab.Access;
import dev.collab.User;
import dev.collab.spi.AccessPolicy;
import dev.collab.tck.AccessPolicyContractKit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The policy kit, revocation tests included, through Collab's engine, with an application's own
 * access table (what an integrator's policy looks like). {@link BrokenPolicyFailsTheKitTest} shows
 * a policy that ignores revocation failing it.
 */
class GrantPolicyContractTest extends AccessPolicyContractKit {
  final Map<String, Access> table = new ConcurrentHashMap<>();

  @Override
  protected AccessPolicy createPolicy() {
    return (user, documentId) -> table.getOrDefault(user.id() + '\n' + documentId, Access.NONE);
  }

  @Override
  protected User grant(String userId, String documentId, Access access) {
    table.put(userId + '\n' + documentId, access);
    return User.of(userId);
  }

  @Override
  protected KitEngine engine(AccessPolicy policy) {
    return new KitEngine(policy);
  }
}
