package dev.collab.server.internal.cdi;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;

/**
 * Adds Collab's MicroProfile Health checks ({@code internal.health.mp}) as beans when, and only
 * when, the MicroProfile Health API is visible to the application: then a server with MicroProfile
 * Health (Payara Micro) serves them at {@code /health/live} and {@code /health/ready}. Without it
 * (Jetty with Weld, WildFly's default configuration) nothing is added and those classes are never
 * loaded; Collab's own {@code collab/api/health/*} answers either way. The classes carry no
 * bean-defining annotation, so bean discovery never finds them by itself.
 */
public class HealthChecksExtension implements Extension {
  private static final System.Logger LOG = System.getLogger(HealthChecksExtension.class.getName());
  static final String API = "org.eclipse.microprofile.health.HealthCheck";

  void addChecks(@Observes BeforeBeanDiscovery event, BeanManager beans) {
    if (!present(HealthChecksExtension.class.getClassLoader())) {
      LOG.log(System.Logger.Level.INFO, "collab: no MicroProfile Health API here; its /health checks are not"
          + " added (collab/api/health/live and /ready answer)");
      return;
    }
    MicroProfileChecks.add(event);
    LOG.log(System.Logger.Level.INFO, "collab: MicroProfile Health found; liveness and readiness checks added");
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
