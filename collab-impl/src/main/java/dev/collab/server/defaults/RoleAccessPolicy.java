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
  /** The container role that gives admin access (read, write, delete, history restore). */
  public static final String ADMIN = "collab-admin";
  /** The container role that gives write access. */
  public static final String WRITER = "collab-writer";
  /** The container role that gives read access. */
  public static final String READER = "collab-reader";

  private final boolean anyUserWrites;

  /**
   * A policy on container roles.
   *
   * @param anyUserWrites whether an authenticated user with none of the three roles may write
   *     (else such a user gets no access)
   */
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
