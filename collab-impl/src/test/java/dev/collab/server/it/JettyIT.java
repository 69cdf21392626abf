package dev.collab.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.server.internal.rest.CollabRestApplication;
import dev.collab.server.internal.cdi.CollabServerApplicationConfig;
import dev.collab.server.internal.cdi.CollabServletInitializer;
import dev.collab.tck.ProtocolConformanceKit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The TCK's {@link ProtocolConformanceKit} on a second server: embedded Jetty 12 (ee10) with Weld for
 * CDI and Jersey for Jakarta REST, booted once for the class on a free port of 127.0.0.1. The
 * collab-impl classes are used unchanged; this class only does what a Jetty deployment descriptor
 * or Jetty's scanning would do in a WAR: it registers the endpoint from
 * {@link CollabServerApplicationConfig}, runs {@link CollabServletInitializer}, and maps Jersey to
 * {@link CollabRestApplication} (see {@link JettyApp}, shared with {@link ServerProcess}).
 * {@code collab.any-user-writes=true} is a system property of this JVM (failsafe's configuration).
 */
class JettyIT extends ProtocolConformanceKit {
  private static Server server;
  private static URI base;

  @BeforeAll
  static void boot() throws Exception {
    server = JettyApp.start("/app");
    base = JettyApp.base(server, "/app");
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  @Override
  protected URI baseUri() {
    return base;
  }

  @Override
  protected Map<String, String> credentials(Participant who) {
    return TestUsers.credentials(who);
  }

  @Test
  @DisplayName("the health probes answer on Jetty with Jersey, without credentials: live, and ready with engine, drain and store UP")
  void healthProbes() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    for (String probe : List.of("live", "ready")) {
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(base.resolve("collab/api/health/" + probe))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
      assertThat(answer.body()).startsWith("{\"status\":\"UP\",\"checks\":[{\"name\":\"engine\",\"status\":\"UP\"");
      if (probe.equals("ready")) {
        assertThat(answer.body()).contains("{\"name\":\"drain\",\"status\":\"UP\"", "{\"name\":\"store\",\"status\":\"UP\"")
            .doesNotContain("\"bus\"");
      }
    }
  }
}
