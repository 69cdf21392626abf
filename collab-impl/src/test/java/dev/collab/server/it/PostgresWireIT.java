package dev.collab.server.it;

import dev.collab.server.it.ProcessTesting.Database;
import dev.collab.tck.ProtocolConformanceKit;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The TCK's {@link ProtocolConformanceKit} against a server on the JPA store and PostgreSQL: a
 * forked {@link ServerProcess} (embedded Jetty 12 + Weld + Jersey, as {@link JettyIT}) on a
 * database of its own. Skipped without PostgreSQL unless {@code COLLAB_TEST_POSTGRES=required}.
 */
class PostgresWireIT extends ProtocolConformanceKit {
  private static Database database;
  private static ServerProcess.Handle server;

  @BeforeAll
  static void boot() throws Exception {
    database = Database.create();
    server = ServerProcess.start(ServerProcess.freePort(), database.serverProperties()).awaitReady(Duration.ofSeconds(90));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @Override
  protected URI baseUri() {
    return server.uri();
  }

  @Override
  protected Map<String, String> credentials(Participant who) {
    return TestUsers.credentials(who);
  }
}
