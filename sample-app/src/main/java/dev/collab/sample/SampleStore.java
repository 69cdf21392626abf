package dev.collab.sample;

import dev.collab.spi.DocumentStore;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.util.logging.Logger;

/**
 * Replaces Collab's default store with the JPA one, the way any application does: a producer of
 * {@link DocumentStore} on a bean class annotated {@code @Alternative @Priority(APPLICATION)}. The
 * annotations belong on the class: CDI 4.0 (Jakarta EE 10) selects a producer method's alternative
 * only through the {@code @Priority} of the class that declares it, and ignores one on the method
 * (a method-level priority left Collab's default in place, and the sample kept nothing). Opened when
 * the application starts ({@link StartupLog} asks for it), closed when it stops.
 */
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
@ApplicationScoped
public class SampleStore {
  private static final Logger LOG = Logger.getLogger(SampleStore.class.getName());

  private StorageConfig config;
  private JpaStore jpa;

  /** The sample's registry ({@link MetricsRegistry}): the pool's and Hibernate's meters go there too. */
  @Inject
  MeterRegistry registry;

  @PostConstruct
  void open() {
    config = StorageConfig.fromSettings();
    jpa = JpaStore.open(config, registry);
    LOG.info(() -> "collab sample: documents in " + config.describe() + " (" + jpa.database() + ")");
  }

  @Produces
  @Singleton
  DocumentStore documentStore() {
    return jpa.store();
  }

  StorageConfig config() {
    return config;
  }

  String database() {
    return jpa.database();
  }

  @PreDestroy
  void close() {
    jpa.close();
  }
}
