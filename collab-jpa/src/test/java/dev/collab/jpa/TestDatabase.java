package dev.collab.jpa;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;

/**
 * A database of its own for one test class: created, migrated with the shipped scripts (Flyway, as
 * an application would), emptied before each test, dropped at the end.
 *
 * <p>PostgreSQL: {@code -Dcollab.test.postgres.url} (default {@code jdbc:postgresql://127.0.0.1:5432/}),
 * {@code .user} and {@code .password} (default {@code collab}/{@code collab}, a role with CREATEDB that
 * {@code .ci/run} creates). When PostgreSQL is unreachable the PostgreSQL tests are skipped, unless
 * {@code -Dcollab.test.postgres=required} or the environment variable
 * {@code COLLAB_TEST_POSTGRES=required} (set by {@code .ci/run}) makes that a failure.
 */
final class TestDatabase implements AutoCloseable {

  private static final String[] TABLES = {
    "collab_op", "collab_snapshot", "collab_named_version", "collab_grant", "collab_comment_thread", "collab_document_meta", "collab_document"
  };

  private final Map<String, Object> properties;
  private volatile EntityManagerFactory factory;
  private final Connection connection;
  private final Runnable drop;

  private TestDatabase(String url, String user, String password, String vendor, Runnable drop) throws SQLException {
    this.drop = drop;
    Flyway.configure()
        .dataSource(url, user, password)
        .locations("classpath:db/migration/collab/" + vendor)
        .table("collab_schema_history")
        .load()
        .migrate();
    this.connection = DriverManager.getConnection(url, user, password);
    this.properties = Map.of(
        "jakarta.persistence.jdbc.url", url,
        "jakarta.persistence.jdbc.user", user,
        "jakarta.persistence.jdbc.password", password);
    this.factory = Persistence.createEntityManagerFactory("collab-test", properties);
  }

  static TestDatabase h2() throws SQLException {
    String url = "jdbc:h2:mem:collab-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    return new TestDatabase(url, "sa", "", "h2", () -> {
      try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
        s.execute("SHUTDOWN");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  static TestDatabase postgres() throws SQLException {
    String base = System.getProperty("collab.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/");
    String user = System.getProperty("collab.test.postgres.user", "collab");
    String password = System.getProperty("collab.test.postgres.password", "collab");
    boolean required = "required".equals(System.getProperty("collab.test.postgres", System.getenv("COLLAB_TEST_POSTGRES")));
    String name = "collab_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection admin = DriverManager.getConnection(base + "postgres", user, password);
        Statement s = admin.createStatement()) {
      s.execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
    } catch (SQLException e) {
      if (required) {
        throw e;
      }
      Assumptions.abort("PostgreSQL at " + base + " as " + user + " is not usable (" + e.getMessage()
          + "); .ci/run sets it up, or set COLLAB_TEST_POSTGRES=required to fail instead");
    }
    return new TestDatabase(base + name, user, password, "postgresql", () -> {
      try (Connection admin = DriverManager.getConnection(base + "postgres", user, password);
          Statement s = admin.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  EntityManagerFactory factory() {
    return factory;
  }

  /**
   * What the database sees when the application crashes and restarts: every connection of the
   * current factory is closed under whoever is using it, and a new factory is opened on the same
   * database. Rows committed stay; transactions in flight roll back.
   */
  EntityManagerFactory crashAndReopen() {
    factory.close();
    factory = Persistence.createEntityManagerFactory("collab-test", properties);
    return factory;
  }

  /** Deletes every row, so that the next test starts with an empty store. */
  void clear() {
    try (Statement s = connection.createStatement()) {
      for (String table : TABLES) {
        s.executeUpdate("DELETE FROM " + table);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws SQLException {
    try {
      factory.close();
      connection.close();
    } finally {
      drop.run();
    }
  }
}
