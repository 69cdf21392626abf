package dev.collab.sample;

import dev.collab.server.defaults.RoleAccessPolicy;
import java.util.List;

/**
 * The sample's users. Demo only: the passwords are printed at start-up ({@link StartupLog}) and
 * hashed in memory ({@link DemoIdentityStore}); a real application logs its users in the way it
 * already does.
 */
final class DemoUsers {
  private DemoUsers() {}

  /** A demo login and the one Collab role it has. */
  record DemoUser(String name, String password, String role) {}

  static final List<DemoUser> ALL = List.of(
      new DemoUser("alice", "alice-demo", RoleAccessPolicy.WRITER),
      new DemoUser("bob", "bob-demo", RoleAccessPolicy.WRITER),
      new DemoUser("carol", "carol-demo", RoleAccessPolicy.READER),
      new DemoUser("admin", "admin-demo", RoleAccessPolicy.ADMIN));
}
