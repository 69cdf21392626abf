package dev.collab;

import java.util.Objects;
import java.util.Set;

/**
 * Who is editing: the host application's authenticated principal as Collab sees it. {@code id} is
 * the principal's name (stable, unique); {@code name} is what other users are shown; {@code roles}
 * are the container roles the default {@link dev.collab.spi.AccessPolicy} reads.
 *
 * <p>On the wire a user is {@code {"id": ..., "name": ...}}; roles never leave the server.
 */
public record User(String id, String name, Set<String> roles) {
  public User {
    Ids.requireUserId(id);
    Objects.requireNonNull(name, "name");
    if (name.length() > 256) {
      throw new IllegalArgumentException("user name longer than 256 characters");
    }
    roles = Set.copyOf(roles);
  }

  /** A user without roles whose display name is its id. */
  public static User of(String id) {
    return new User(id, id, Set.of());
  }
}
