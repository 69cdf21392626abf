package dev.collab.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.CommittedOp;
import dev.collab.DocumentInfo;
import dev.collab.spi.AppendResult;
import dev.collab.spi.DocumentStore;
import dev.collab.spi.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample's store factory: documents survive closing and reopening the same data directory. */
class JpaStoreTest {
  private static final Instant TIME = Instant.parse("2026-11-28T12:00:00Z");

  @TempDir Path dir;

  private static void write(DocumentStore store) {
    assertThat(store.create(new DocumentInfo("kept", "rich-text", "Kept", Map.of(), "alice", TIME))).isTrue();
    CommittedOp one = new CommittedOp("kept", 1, "[{\"insert\":\"Hello\\n\"}]", "tab", 1, "alice", "alice", TIME);
    CommittedOp two = new CommittedOp("kept", 2, "[{\"retain\":5},{\"insert\":\"!\"}]", "tab", 2, "alice", "alice", TIME);
    assertThat(store.append("kept", 0, List.of(one, two))).isEqualTo(new AppendResult.Appended(1, 2));
    store.saveSnapshot("kept", new Snapshot(2, "[{\"insert\":\"Hello!\\n\"}]"));
    assertThat(store.rename("kept", "Kept, renamed")).isTrue();
  }

  private static void check(DocumentStore store) {
    assertThat(store.find("kept").orElseThrow().title()).isEqualTo("Kept, renamed");
    assertThat(store.head("kept")).isEqualTo(2);
    assertThat(store.readOps("kept", 0, 2)).extracting(CommittedOp::op)
        .containsExactly("[{\"insert\":\"Hello\\n\"}]", "[{\"retain\":5},{\"insert\":\"!\"}]");
    assertThat(store.loadSnapshot("kept", 2).orElseThrow().data()).isEqualTo("[{\"insert\":\"Hello!\\n\"}]");
    assertThat(store.findOp("kept", "tab", 2)).isPresent();
  }

  @Test
  @DisplayName("H2: written, closed, reopened on the same directory: the document, its log, snapshot and title are there")
  void h2SurvivesReopen() {
    StorageConfig config = StorageConfig.h2(dir.resolve("data"));
    try (JpaStore store = JpaStore.open(config)) {
      assertThat(store.database()).startsWith("H2 2.3.232");
      write(store.store());
    }
    assertThat(Files.exists(dir.resolve("data").resolve("collab.mv.db"))).isTrue();
    try (JpaStore reopened = JpaStore.open(config)) {
      check(reopened.store());
    }
  }

  @Test
  @DisplayName("PostgreSQL (sample.db=postgresql): the same, on a database of its own")
  void postgresSurvivesReopen() throws SQLException {
    String server = System.getProperty("collab.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/");
    String name = "collab_sample_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection admin = DriverManager.getConnection(server + "postgres", "collab", "collab");
        Statement s = admin.createStatement()) {
      s.execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
    } catch (SQLException e) {
      boolean required = "required".equals(System.getProperty("collab.test.postgres", System.getenv("COLLAB_TEST_POSTGRES")));
      if (required) {
        throw e;
      }
      Assumptions.abort("PostgreSQL at " + server + " is not usable (" + e.getMessage() + "); COLLAB_TEST_POSTGRES=required fails instead");
    }
    try {
      StorageConfig config = StorageConfig.from(key -> java.util.Optional.ofNullable(Map.of(
          "sample.db", "postgresql", "sample.jdbc.url", server + name).get(key)));
      try (JpaStore store = JpaStore.open(config)) {
        assertThat(store.database()).startsWith("PostgreSQL");
        write(store.store());
      }
      try (JpaStore reopened = JpaStore.open(config)) {
        check(reopened.store());
      }
    } finally {
      try (Connection admin = DriverManager.getConnection(server + "postgres", "collab", "collab");
          Statement s = admin.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    }
  }
}
