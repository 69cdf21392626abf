package dev.collab.server.internal.cdi;

import dev.collab.server.internal.health.NodeHealth;
import dev.collab.server.internal.health.mp.CollabLivenessCheck;
import dev.collab.server.internal.health.mp.CollabReadinessCheck;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.inject.Singleton;
import java.util.function.Supplier;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.jspecify.annotations.Nullable;

/**
 * The one class of the wiring that names MicroProfile Health types, loaded by
 * {@link HealthChecksExtension} only after it found the API, so that the extension itself links on
 * a server without it.
 */
final class MicroProfileChecks {
  private MicroProfileChecks() {}

  static void add(AfterBeanDiscovery event, Supplier<@Nullable NodeHealth> health) {
    event.addBean().beanClass(CollabLivenessCheck.class).types(HealthCheck.class, Object.class)
        .qualifiers(Liveness.Literal.INSTANCE, Any.Literal.INSTANCE).scope(Singleton.class)
        .produceWith(instance -> new CollabLivenessCheck(health));
    event.addBean().beanClass(CollabReadinessCheck.class).types(HealthCheck.class, Object.class)
        .qualifiers(Readiness.Literal.INSTANCE, Any.Literal.INSTANCE).scope(Singleton.class)
        .produceWith(instance -> new CollabReadinessCheck(health));
  }
}
