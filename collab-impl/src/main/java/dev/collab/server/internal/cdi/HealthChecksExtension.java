package dev.collab.server.internal.cdi;

import dev.collab.server.internal.health.NodeHealth;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import org.jspecify.annotations.Nullable;

/**
 * Adds Collab's MicroProfile Health checks ({@code internal.health.mp}) as beans when, and only
 * when, the MicroProfile Health API is visible to the application: then a server with MicroProfile
 * Health (Payara Micro) serves them at {@code /health/live} and {@code /health/ready}. Without it
 * (Jetty with Weld, WildFly's default configuration) nothing is added and those classes are never
 * loaded; Collab's own {@code collab/api/health/*} answers either way.
 *
 * <p>The checks are synthetic beans that inject nothing: a container may put beans an extension
 * adds in an archive of their own, which does not see Collab's beans (Payara did: the engine's
 * health was "unsatisfied"). {@link HealthProducer} hands the node's {@link NodeHealth} to this
 * extension (a bean every archive sees) when the application starts, and the checks read it here;
 * until then they answer DOWN.
 */
public class HealthChecksExtension implements Extension {
  private static final System.Logger LOG = System.getLogger(HealthChecksExtension.class.getName());
  static final String API = "org.eclipse.microprofile.health.HealthCheck";

  private volatile @Nullable NodeHealth health;

  void addChecks(@Observes AfterBeanDiscovery event) {
    if (!present(HealthChecksExtension.class.getClassLoader())) {
      LOG.log(System.Logger.Level.INFO, "collab: no MicroProfile Health API here: no /health checks of Collab's"
          + " (collab/api/health/live and /ready answer)");
      return;
    }
    MicroProfileChecks.add(event, () -> health);
    LOG.log(System.Logger.Level.INFO, "collab: MicroProfile Health found: liveness and readiness checks \"collab\" added");
  }

  /** The application started: the checks answer from {@code health} from now on. */
  void serve(@Nullable NodeHealth health) {
    this.health = health;
  }

  /** Whether {@code loader} sees the MicroProfile Health API. */
  static boolean present(ClassLoader loader) {
    try {
      Class.forName(API, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
