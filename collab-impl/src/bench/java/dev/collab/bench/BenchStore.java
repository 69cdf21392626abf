package dev.collab.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.collab.jpa.JpaDocumentStore;
import dev.collab.spi.DocumentStore;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.Persistence;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * The store of {@link WireServer}: Collab's in-memory default, or with
 * {@code -Dcollab.bench.store=jpa} a {@link JpaDocumentStore} on PostgreSQL, in a database of its
 * own ({@code collab_bench}, dropped and created at start, migrated with the shipped scripts),
 * over a HikariCP pool. Reaches CDI as an {@code @Alternative @Priority(APPLICATION)} bean, as an
 * application's producer would; a portable extension, so that nothing changes while no store was
 * configured.
 *
 * <p>System properties: {@code collab.bench.jdbc.url} (the server, default
 * {@code jdbc:postgresql://127.0.0.1:5432/}), {@code .user}/{@code .password} (default
 * {@code collab}/{@code collab}, a role allowed to create databases), {@code collab.bench.pool}
 * (connections, default 8).
 */
public final class BenchStore implements Extension {
  private static volatile DocumentStore store;

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
    config.setAutoCommit(false);
    config.setPoolName("collab-bench");
    HikariDataSource dataSource = new HikariDataSource(config);
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/collab/postgresql")
        .table("collab_schema_history").load().migrate();
    store = new JpaDocumentStore(Persistence.createEntityManagerFactory("collab-bench",
        Map.of("jakarta.persistence.nonJtaDataSource", dataSource,
            "hibernate.connection.provider_disables_autocommit", "true")));
    return "JpaDocumentStore on PostgreSQL " + base + name + " (HikariCP, " + pool + " connections)";
  }

  void addBeans(@Observes AfterBeanDiscovery event) {
    DocumentStore s = store;
    if (s != null) {
      event.addBean().types(DocumentStore.class, Object.class).scope(Singleton.class)
          .alternative(true).priority(Interceptor.Priority.APPLICATION)
          .produceWith(instance -> s);
    }
  }
}
