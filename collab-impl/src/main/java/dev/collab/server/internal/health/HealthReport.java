package dev.collab.server.internal.health;

import java.util.List;

/**
 * The checks of one probe (liveness or readiness); UP when every check is.
 *
 * @param checks in a fixed order, at least one
 */
public record HealthReport(List<Check> checks) {

  public HealthReport {
    checks = List.copyOf(checks);
  }

  /** True when every check is UP. */
  public boolean up() {
    return checks.stream().allMatch(Check::up);
  }

  /** {@code UP} or {@code DOWN}. */
  public String status() {
    return up() ? "UP" : "DOWN";
  }
}
