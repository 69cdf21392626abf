package dev.collab.server.it;

import dev.collab.Access;
import dev.collab.User;
import dev.collab.server.defaults.RoleAccessPolicy;
import dev.collab.spi.AccessPolicy;

/**
 * An application's own rules for documents that are private unless shared: an administrator
 * ({@code collab-admin}) may do everything, nobody else anything; writers and administrators may
 * create. Under {@code GrantAccessPolicy} the owner and the grants give the rest.
 */
final class PrivateDocumentsPolicy implements AccessPolicy {
  @Override
  public Access access(User user, String documentId) {
    return user.roles().contains(RoleAccessPolicy.ADMIN) ? Access.ADMIN : Access.NONE;
  }

  @Override
  public boolean mayCreate(User user) {
    return user.roles().contains(RoleAccessPolicy.WRITER) || user.roles().contains(RoleAccessPolicy.ADMIN);
  }
}
