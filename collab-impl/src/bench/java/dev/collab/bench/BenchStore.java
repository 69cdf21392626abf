package dev.collab.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.collab.jpa.JpaDocumentStore;
import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.spi.DocumentStore;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.hibernate.cfg.Configuration;

/**
 * The store of {@link WireServer}: Collab's in-memory store, or with
 * {@code -Dcollab.bench.store=jpa} a {@link JpaDocumentStore} on PostgreSQL, in a database of its
 * own ({@code collab_bench}, dropped and created at start, migrated with the shipped scripts),
 * over a HikariCP pool. It reaches CDI as an application's producer does: a bean class that is a
 * selected alternative ({@code @Alternative @Priority(APPLICATION)} on the class, as CDI 4.0 needs).
 * Hibernate is bootstrapped natively (no {@code persistence.xml}), so the bench adds no resource to
 * collab-impl's classes.
 *
 * <p>System properties: {@code collab.bench.jdbc.url} (the server, default
 * {@code jdbc:postgresql://127.0.0.1:5432/}), {@code .user}/{@code .password} (default
 * {@code collab}/{@code collab}, a role allowed to create databases), {@code collab.bench.pool}
 * (connections, default 8).
 */
@ApplicationScoped
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
public class BenchStore {
  private static volatile DocumentStore store = new InMemoryDocumentStore();

  @Produces
  @Singleton
  DocumentStore documentStore() {
    return store;
  }

  /** Builds the store the system properties ask for; returns a description. */
  static String configure() throws SQLException {
    String kind = System.getProperty("collab.bench.store", "memory");
    if (kind.equals("memory")) {
      return "in-memory store";
    }
    if (!kind.equals("jpa")) {
      throw new IllegalArgumentException("collab.bench.store=" + kind + " is not one of memory, jpa");
    }
    String base = System.getProperty("collab.bench.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/");
    String user = System.getProperty("collab.bench.jdbc.user", "collab");
    String password = System.getProperty("collab.bench.jdbc.password", "collab");
    int pool = Integer.getInteger("collab.bench.pool", 8);
    String name = "collab_bench";
    try (Connection admin = DriverManager.getConnection(base + "postgres", user, password);
        Statement s = admin.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(base + name);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(pool);
    config.setPoolName("collab-bench");
    config.setAutoCommit(false); // with provider_disables_autocommit below: no auto-commit toggling per transaction
    HikariDataSource dataSource = new HikariDataSource(config);
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/collab/postgresql")
        .table("collab_schema_history").load().migrate();
    Configuration hibernate = new Configuration();
    JpaDocumentStore.ENTITY_CLASSES.forEach(hibernate::addAnnotatedClass);
    hibernate.getProperties().put("hibernate.connection.datasource", dataSource);
    hibernate.setProperty("hibernate.jdbc.batch_size", "100");
    hibernate.setProperty("hibernate.order_inserts", "true");
    hibernate.setProperty("hibernate.connection.provider_disables_autocommit", "true");
    store = new JpaDocumentStore(hibernate.buildSessionFactory());
    return "JpaDocumentStore on PostgreSQL " + base + name + " (HikariCP, " + pool + " connections)";
  }
}
