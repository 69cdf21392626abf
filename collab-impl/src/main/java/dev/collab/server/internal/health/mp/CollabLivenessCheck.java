package dev.collab.server.internal.health.mp;

import dev.collab.server.internal.health.NodeHealth;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * {@code collab} in {@code /health/live}: {@link NodeHealth#liveness}. No bean-defining annotation
 * on purpose: it is a bean only when the extension adds it, after finding MicroProfile Health.
 */
@Liveness
public class CollabLivenessCheck implements HealthCheck {
  @Inject NodeHealth health;

  @Override
  public HealthCheckResponse call() {
    return MicroProfileResponses.of("collab", health.liveness());
  }
}
