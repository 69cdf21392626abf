package dev.collab.sample;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** The restart scenario on Payara Micro with the sample on PostgreSQL ({@code SAMPLE_DB=postgresql}). */
class PayaraPostgresRestartIT extends RestartScenario {
  private TestPostgres database;

  @Override
  protected SampleServer start(Map<String, String> settings, Path workDir) throws Exception {
    return PayaraMicroServer.start(settings, workDir);
  }

  @Override
  protected Map<String, String> storage(Path workDir) throws Exception {
    database = TestPostgres.create();
    return Map.of("SAMPLE_DB", "postgresql", "SAMPLE_JDBC_URL", database.url(),
        "SAMPLE_JDBC_USER", TestPostgres.USER, "SAMPLE_JDBC_PASSWORD", TestPostgres.PASSWORD);
  }

  @AfterEach
  void drop() throws Exception {
    if (database != null) {
      database.close();
    }
  }
}
