package dev.collab.server.internal.cdi;

import dev.collab.server.internal.health.mp.CollabLivenessCheck;
import dev.collab.server.internal.health.mp.CollabReadinessCheck;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;

/**
 * The one class that names the MicroProfile Health checks, loaded by {@link HealthChecksExtension}
 * only after it found the API: so that the extension itself links on a server without it.
 */
final class MicroProfileChecks {
  private MicroProfileChecks() {}

  static void add(BeforeBeanDiscovery event) {
    event.addAnnotatedType(CollabLivenessCheck.class, CollabLivenessCheck.class.getName());
    event.addAnnotatedType(CollabReadinessCheck.class, CollabReadinessCheck.class.getName());
  }
}
