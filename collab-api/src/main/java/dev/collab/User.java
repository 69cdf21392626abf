package dev.collab;

import java.util.Objects;
import java.util.Set;

/**
 * Who is editing: the host application's authenticated principal as Collab sees it. {@code id} is
 * the principal's name (stable, unique); {@code name} is what other users are shown; {@code roles}
 * are the container roles the default {@link dev.collab.spi.AccessPolicy} reads.
 *
 * <p>On the wire a user is {@code {"id": ..., "name": ...}}; roles never leave the server.
 *
 * @param id the principal's name: a user id as {@link Ids#requireUserId} accepts it
 * @param name the display name shown to other users; at most 256 characters
 * @param roles the container roles of the principal; copied, may be empty, no null elements
 */
public record User(String id, String name, Set<String> roles) {
  /**
   * Checks and copies the components.
   *
   * @param id the principal's name: a user id as {@link Ids#requireUserId} accepts it
   * @param name the display name shown to other users; at most 256 characters
   * @param roles the container roles of the principal; copied, may be empty, no null elements
   * @throws IllegalArgumentException when {@code id} is not a user id or {@code name} is longer than
   *     256 characters
   * @throws NullPointerException when {@code name} or {@code roles} (or one of its elements) is null
   */
  public User {
    Ids.requireUserId(id);
    Objects.requireNonNull(name, "name");
    if (name.length() > 256) {
      throw new IllegalArgumentException("user name longer than 256 characters");
    }
    roles = Set.copyOf(roles);
  }

  /**
   * A user without roles whose display name is its id.
   *
   * @param id a user id as {@link Ids#requireUserId} accepts it
   * @return the user {@code (id, id, {})}
   * @throws IllegalArgumentException when {@code id} is not a user id
   */
  public static User of(String id) {
    return new User(id, id, Set.of());
  }
}
