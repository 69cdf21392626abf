package dev.collab.server.internal.health.mp;

import dev.collab.server.internal.health.NodeHealth;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code collab} in {@code /health/ready}: {@link NodeHealth#readiness}. No bean-defining annotation
 * on purpose: it is a bean only when the extension adds it, after finding MicroProfile Health.
 */
@Readiness
public class CollabReadinessCheck implements HealthCheck {
  @Inject NodeHealth health;

  @Override
  public HealthCheckResponse call() {
    return MicroProfileResponses.of("collab", health.readiness());
  }
}
