package dev.collab.server.internal.health.mp;

import dev.collab.server.internal.health.NodeHealth;
import java.util.function.Supplier;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.jspecify.annotations.Nullable;

/** {@code collab} in {@code /health/live}: {@link NodeHealth#liveness}; DOWN until the engine started. */
public final class CollabLivenessCheck implements HealthCheck {
  private final Supplier<@Nullable NodeHealth> health;

  /** @param health the node's health, null until the application started */
  public CollabLivenessCheck(Supplier<@Nullable NodeHealth> health) {
    this.health = health;
  }

  @Override
  public HealthCheckResponse call() {
    NodeHealth node = health.get();
    return node == null ? MicroProfileResponses.starting() : MicroProfileResponses.of(node.liveness());
  }
}
