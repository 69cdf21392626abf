package dev.collab.sample;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The sample's meter registry: Prometheus's, with the JVM's meters. Being a {@link MeterRegistry}
 * bean is all it takes for Collab to bind its {@code collab.*} meters to it; {@link SampleStore}
 * adds the pool's and Hibernate's, and {@link MetricsServlet} serves it at {@code /metrics}
 * (docs/OPERATIONS.md).
 */
@ApplicationScoped
public class MetricsRegistry {
  private JvmGcMetrics gc;

  @Produces
  @Singleton
  PrometheusMeterRegistry registry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gc = new JvmGcMetrics();
    gc.bindTo(registry);
    return registry;
  }

  void close(@Disposes PrometheusMeterRegistry registry) {
    if (gc != null) {
      gc.close();
    }
    registry.close();
  }
}
