package dev.collab.server.internal.health;

import java.util.Objects;

/**
 * The outcome of one health check.
 *
 * @param name what was checked: {@code engine}, {@code drain}, {@code store} or {@code bus}
 * @param up true when it is UP
 * @param reason a short phrase for an operator; fixed text of Collab's (never an exception's
 *     message, a host or a user), safe to answer to an unauthenticated probe
 */
public record Check(String name, boolean up, String reason) {

  public Check {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(reason, "reason");
  }

  static Check up(String name, String reason) {
    return new Check(name, true, reason);
  }

  static Check down(String name, String reason) {
    return new Check(name, false, reason);
  }

  /** {@code UP} or {@code DOWN}, as MicroProfile Health and the JSON endpoint spell it. */
  public String status() {
    return up ? "UP" : "DOWN";
  }
}
