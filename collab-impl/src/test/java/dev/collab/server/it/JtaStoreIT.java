package dev.collab.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.client.CollabClient;
import dev.collab.client.SharedDocument;
import dev.collab.ot.Delta;
import dev.collab.it.jta.JtaCheckServlet;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The JPA store on JTA inside Payara Micro 6: a WAR with collab-api, collab-impl and collab-jpa,
 * Hibernate ORM 6.6 and H2 in WEB-INF/lib, a JTA persistence unit on a
 * {@code @DataSourceDefinition} data source, the application's {@code JtaTransactions} bean and a
 * producer replacing the in-memory store (package {@code dev.collab.it.jta}, outside {@code dev.collab.server}, which the WAR already carries whole in collab-impl.jar). Checked: the
 * store's transaction behaviour on JTA ({@link JtaCheckServlet}), and edits over the WebSocket,
 * which the engine commits from its own group-committer threads.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class JtaStoreIT {
  /** Hibernate 6.6 and what it needs at run time (the Jakarta APIs come from the server), and H2. */
  private static final List<String> LIBRARIES = List.of(
      "/org/hibernate/orm/hibernate-core/", "/org/jboss/logging/jboss-logging/",
      "/org/hibernate/common/hibernate-commons-annotations/", "/io/smallrye/jandex/", "/com/fasterxml/classmate/",
      "/net/bytebuddy/byte-buddy/", "/org/antlr/antlr4-runtime/", "/org/glassfish/jaxb/jaxb-runtime/",
      "/org/glassfish/jaxb/jaxb-core/", "/org/glassfish/jaxb/txw2/", "/com/sun/istack/istack-commons-runtime/",
      "/com/h2database/h2/");

  @Deployment(testable = false)
  static WebArchive deployment() {
    JavaArchive jpa = ShrinkWrap.create(JavaArchive.class, "collab-jpa.jar")
        .addPackages(true, "dev.collab.jpa")
        .addAsResource("db/migration/collab/h2/V1__collab_schema.sql")
        .addAsResource("db/migration/collab/h2/V2__collab_client.sql");
    WebArchive war = Deployments.collabWar("collab-jta", "collab.any-user-writes=true\n")
        .addAsLibraries(jpa)
        .addPackage(JtaCheckServlet.class.getPackage())
        .addAsResource("jta/persistence.xml", "META-INF/persistence.xml");
    List<String> classPath = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
    for (String library : LIBRARIES) {
      List<String> jars = classPath.stream().filter(p -> p.replace('\\', '/').contains(library)).toList();
      if (jars.size() != 1) {
        throw new IllegalStateException("expected one jar of " + library + " on the test class path, found " + jars);
      }
      war.addAsLibrary(new File(jars.get(0)));
    }
    return war;
  }

  @ArquillianResource URL reported;
  URI http;
  URI ws;

  @BeforeEach
  void urls() {
    // Payara Micro reports the machine's external address; the listener binds every interface.
    http = Deployments.http(reported);
    ws = Deployments.webSocket(reported);
  }

  private String get(String pathAndQuery) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(http.resolve(pathAndQuery)).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  @Test
  @DisplayName("on JTA: conflicts are results, appendAll falls back to new transactions, an append commits in its own transaction (REQUIRES_NEW), and a plain thread may call the store")
  void transactions() throws Exception {
    List<String> lines = get("test/jta").lines().toList();
    assertThat(lines).as(String.join("\n", lines)).hasSize(5).allMatch(line -> line.endsWith(" ok"));
  }

  @Test
  @DisplayName("edits over the WebSocket are committed through the JTA store and acknowledged")
  void editsOverTheWire() throws Exception {
    ProcessTesting.create(http, "jta-live");
    try (CollabClient client = CollabClient.builder(ws).header("Authorization", TestSecurity.basic("ann")).connect()) {
      SharedDocument<Delta> doc = client.open("jta-live");
      for (int i = 0; i < 20; i++) {
        doc.edit(d -> Delta.builder().retain(d.length()).insert("x").build());
        doc.whenSynced().get(30, TimeUnit.SECONDS);
      }
      assertThat(doc.version()).isEqualTo(20);
      assertThat(doc.document().length()).isEqualTo(20);
    }
    assertThat(get("test/jta?head=jta-live")).isEqualTo("20");
    assertThat(get("test/jta?rows=jta-live")).as("op rows in the H2 data source").isEqualTo("20");
  }
}
