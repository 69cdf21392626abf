package dev.collab.it.jta;

import dev.collab.jpa.JpaDocumentStore;
import dev.collab.spi.DocumentStore;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The test application's wiring of the JPA store on JTA, as an application on Payara does it: an
 * H2 data source declared with {@code @DataSourceDefinition}, a JTA persistence unit on it
 * ({@code META-INF/persistence.xml} of the WAR), {@link CollabTransactions}, and a producer that
 * replaces Collab's in-memory store (the class is the selected alternative: on CDI 4.0, {@code @Priority}
 * on the producer method alone is ignored and the in-memory default would stay). The schema is the shipped H2 migrations (V1, V2), run once at start.
 */
@DataSourceDefinition(name = "java:app/jdbc/collab", className = "org.h2.jdbcx.JdbcDataSource",
    url = "jdbc:h2:mem:collab-jta;DB_CLOSE_DELAY=-1", user = "sa", password = "", minPoolSize = 1, maxPoolSize = 16)
@ApplicationScoped
@Alternative
@Priority(Interceptor.Priority.APPLICATION) // CDI 4.0 (EE 10) selects an alternative producer by its class's @Priority
public class JtaStoreProducer {
  @Resource(lookup = "java:app/jdbc/collab")
  DataSource dataSource;

  @Produces
  @ApplicationScoped
  DocumentStore documentStore(CollabTransactions transactions) throws SQLException, IOException {
    migrate();
    return new JpaDocumentStore(transactions);
  }

  private void migrate() throws SQLException, IOException {
    StringBuilder script = new StringBuilder();
    for (String version : new String[] {"V1__collab_schema.sql", "V2__collab_client.sql"}) {
      try (InputStream in = JpaDocumentStore.class.getClassLoader()
          .getResourceAsStream("db/migration/collab/h2/" + version)) {
        if (in == null) {
          throw new IllegalStateException("the shipped H2 migration " + version + " is not on the class path");
        }
        script.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append(";\n");
      }
    }
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      for (String statement : script.toString().replaceAll("(?m)^--.*$", "").split(";")) {
        if (!statement.isBlank()) {
          s.execute(statement);
        }
      }
    }
  }
}
