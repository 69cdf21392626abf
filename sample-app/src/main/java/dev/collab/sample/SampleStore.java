package dev.collab.sample;

import dev.collab.spi.DocumentStore;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.util.logging.Logger;

/**
 * Replaces Collab's in-memory store with the JPA one, the way any application does: an
 * {@code @Alternative @Priority(APPLICATION)} producer of {@link DocumentStore}. Opened when the
 * application starts ({@link StartupLog} asks for it), closed when it stops.
 */
@ApplicationScoped
public class SampleStore {
  private static final Logger LOG = Logger.getLogger(SampleStore.class.getName());

  private StorageConfig config;
  private JpaStore jpa;

  @PostConstruct
  void open() {
    config = StorageConfig.fromSettings();
    jpa = JpaStore.open(config);
    LOG.info(() -> "collab sample: documents in " + config.describe() + " (" + jpa.database() + ")");
  }

  @Produces
  @Alternative
  @Priority(Interceptor.Priority.APPLICATION)
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
