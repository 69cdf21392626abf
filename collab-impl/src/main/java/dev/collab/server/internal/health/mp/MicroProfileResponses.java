package dev.collab.server.internal.health.mp;

import dev.collab.server.internal.health.Check;
import dev.collab.server.internal.health.HealthReport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;

/** A {@link HealthReport} as one MicroProfile Health response. */
final class MicroProfileResponses {
  /** The name of Collab's check in the server's answer. */
  static final String NAME = "collab";

  private MicroProfileResponses() {}

  /** Before the application finished starting: DOWN. */
  static HealthCheckResponse starting() {
    return new HealthCheckResponse(NAME, HealthCheckResponse.Status.DOWN, Optional.of(Map.of("engine", "DOWN: starting")));
  }

  /**
   * One response named {@value #NAME}, UP when every check is, with one data entry per check: its
   * name, and {@code UP} or {@code DOWN} with its reason ({@code "DOWN: no answer within 2000 ms"}).
   * Built with the response's constructor, not its builder, which needs the server's provider.
   */
  static HealthCheckResponse of(HealthReport report) {
    Map<String, Object> data = new LinkedHashMap<>();
    for (Check check : report.checks()) {
      data.put(check.name(), check.status() + ": " + check.reason());
    }
    return new HealthCheckResponse(NAME, report.up() ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
        Optional.of(data));
  }
}
