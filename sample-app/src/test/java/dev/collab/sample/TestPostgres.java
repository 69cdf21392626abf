package dev.collab.sample;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL database of its own for one test, created empty and dropped at the end, at
 * {@code -Dcollab.test.postgres.url} (default {@code jdbc:postgresql://127.0.0.1:5432/}) as
 * {@code collab}/{@code collab} (a role with CREATEDB that {@code .ci/run} makes). Unreachable, the
 * test is skipped, unless {@code COLLAB_TEST_POSTGRES=required} (set by {@code .ci/run}) makes that
 * a failure.
 */
final class TestPostgres implements AutoCloseable {
  static final String USER = System.getProperty("collab.test.postgres.user", "collab");
  static final String PASSWORD = System.getProperty("collab.test.postgres.password", "collab");
  private static final String SERVER = System.getProperty("collab.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/");

  private final String name;

  private TestPostgres(String name) {
    this.name = name;
  }

  static TestPostgres create() throws SQLException {
    boolean required = "required".equals(System.getProperty("collab.test.postgres", System.getenv("COLLAB_TEST_POSTGRES")));
    String name = "collab_sample_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD);
        Statement s = admin.createStatement()) {
      s.execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
    } catch (SQLException e) {
      if (required) {
        throw e;
      }
      Assumptions.abort("PostgreSQL at " + SERVER + " as " + USER + " is not usable (" + e.getMessage()
          + "); .ci/run sets it up, or set COLLAB_TEST_POSTGRES=required to fail instead");
    }
    return new TestPostgres(name);
  }

  String url() {
    return SERVER + name;
  }

  @Override
  public void close() throws SQLException {
    try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD);
        Statement s = admin.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }
}
