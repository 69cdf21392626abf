package dev.collab.server.defaults;

import dev.collab.Access;
import dev.collab.User;
import dev.collab.spi.AccessPolicy;

/**
 * The default {@link AccessPolicy}: the same access to every document, from container roles.
 * {@code collab-admin} gives admin, {@code collab-writer} write, {@code collab-reader} read; with
 * {@code anyUserWrites} a user without any of these roles may write (the sample app's default).
 */
public final class RoleAccessPolicy implements AccessPolicy {
  public static final String ADMIN = "collab-admin";
  public static final String WRITER = "collab-writer";
  public static final String READER = "collab-reader";

  private final boolean anyUserWrites;

  public RoleAccessPolicy(boolean anyUserWrites) {
    this.anyUserWrites = anyUserWrites;
  }

  @Override
  public Access access(User user, String documentId) {
    if (user.roles().contains(ADMIN)) {
      return Access.ADMIN;
    }
    if (user.roles().contains(WRITER)) {
      return Access.WRITE;
    }
    if (user.roles().contains(READER)) {
      return Access.READ;
    }
    return anyUserWrites ? Access.WRITE : Access.NONE;
  }
}
