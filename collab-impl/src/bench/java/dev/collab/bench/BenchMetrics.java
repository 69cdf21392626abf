package dev.collab.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * The meter registry of {@link WireServer}, as an application provides one: with
 * {@code -Dcollab.bench.metrics=prometheus} a Prometheus registry, which Collab binds its meters to;
 * without it (or {@code none}) none, and Collab binds nothing. The producer is {@code @Dependent}
 * so that it may answer null, which Collab takes as "no registry" (docs/PERFORMANCE.md, "Metrics
 * overhead").
 */
@ApplicationScoped
public class BenchMetrics {
  /** The registry, made once, or null without metrics. */
  static final PrometheusMeterRegistry REGISTRY = switch (System.getProperty("collab.bench.metrics", "none")) {
    case "none" -> null;
    case "prometheus" -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    default -> throw new IllegalArgumentException(
        "collab.bench.metrics=" + System.getProperty("collab.bench.metrics") + " is not one of none, prometheus");
  };

  @Produces
  @Dependent
  MeterRegistry registry() {
    return REGISTRY;
  }
}
