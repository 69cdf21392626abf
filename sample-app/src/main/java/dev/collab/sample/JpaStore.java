package dev.collab.sample;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import dev.collab.jpa.JpaDocumentStore;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.hibernate.SessionFactory;
import org.hibernate.jpa.HibernatePersistenceProvider;
import org.hibernate.stat.HibernateMetrics;
import org.jspecify.annotations.Nullable;

/**
 * The sample's {@link JpaDocumentStore} and what it stands on: a HikariCP pool, the schema migrated
 * by Flyway from the scripts collab-jpa ships, and a RESOURCE_LOCAL Hibernate
 * {@link EntityManagerFactory} bootstrapped here, through {@link HibernatePersistenceProvider}
 * directly: there is no {@code persistence.xml}, so the server neither deploys the unit nor
 * registers Hibernate's class transformer (which, inside Payara, fails with a
 * {@code ClassCircularityError} unless the enhancer is switched off). {@link #close()} releases it all.
 */
final class JpaStore implements AutoCloseable {
  private final HikariDataSource dataSource;
  private final EntityManagerFactory factory;
  private final JpaDocumentStore store;
  private final String database;

  private JpaStore(HikariDataSource dataSource, EntityManagerFactory factory, String database) {
    this.dataSource = dataSource;
    this.factory = factory;
    this.store = new JpaDocumentStore(factory);
    this.database = database;
  }

  /** Connects, migrates and builds the store; everything opened so far is closed on failure. */
  static JpaStore open(StorageConfig config) {
    return open(config, null);
  }

  /**
   * The same, with the pool's meters ({@code hikaricp.*}) and Hibernate's statistics
   * ({@code hibernate.*}, statistics switched on) in {@code registry} when there is one.
   */
  static JpaStore open(StorageConfig config, @Nullable MeterRegistry registry) {
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("collab-sample");
    pool.setJdbcUrl(config.jdbcUrl());
    pool.setUsername(config.user());
    pool.setPassword(config.password());
    // at least the engine's worker threads (max(4, 2 x cores)): each store call holds one connection
    pool.setMaximumPoolSize(Math.max(8, 2 * Runtime.getRuntime().availableProcessors() + 2));
    pool.setDriverClassName(config.vendor().equals("h2") ? "org.h2.Driver" : "org.postgresql.Driver");
    if (registry != null) {
      pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    }
    HikariDataSource dataSource = new HikariDataSource(pool);
    try {
      ClassLoader loader = JpaStore.class.getClassLoader();
      Flyway.configure(loader)
          .dataSource(dataSource)
          .locations("classpath:db/migration/collab/" + config.vendor())
          .table("collab_schema_history")
          .load()
          .migrate();
      EntityManagerFactory factory = new HibernatePersistenceProvider()
          .createContainerEntityManagerFactory(new CollabPersistenceUnit(dataSource, loader), properties(registry != null));
      if (registry != null) {
        HibernateMetrics.monitor(registry, factory.unwrap(SessionFactory.class), "collab-sample", Tags.empty());
      }
      return new JpaStore(dataSource, factory, describe(dataSource));
    } catch (RuntimeException | Error e) {
      dataSource.close();
      throw e;
    }
  }

  private static Map<String, Object> properties(boolean statistics) {
    Map<String, Object> properties = new HashMap<>();
    // Hibernate's statistics cost a few counters per session; on only when they are exported
    properties.put("hibernate.generate_statistics", String.valueOf(statistics));
    // the shipped migrations make the schema, never the provider
    properties.put("jakarta.persistence.schema-generation.database.action", "none");
    // several ops of one append in one JDBC round trip (docs/CONFIGURATION.md, "The JPA store")
    properties.put("hibernate.jdbc.batch_size", "50");
    properties.put("hibernate.order_inserts", "true");
    // RESOURCE_LOCAL: no JTA platform lookup in the server
    properties.put("hibernate.transaction.jta.platform", "org.hibernate.engine.transaction.jta.platform.internal.NoJtaPlatform");
    // Collab's entities map no JSON attributes; do not probe for a JSON-B implementation
    properties.put("hibernate.type.json_format_mapper", NoJsonFormatMapper.class.getName());
    return properties;
  }

  private static String describe(HikariDataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      DatabaseMetaData meta = connection.getMetaData();
      return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the database's version", e);
    }
  }

  JpaDocumentStore store() {
    return store;
  }

  /** The database product and version, e.g. {@code H2 2.3.232 (2024-08-11)}. */
  String database() {
    return database;
  }

  @Override
  public void close() {
    try {
      factory.close();
    } finally {
      dataSource.close();
    }
  }
}
