package dev.collab.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An application that ships collab-impl without the optional export libraries (jsoup, commonmark,
 * POI, openhtmltopdf), on Payara Micro: it deploys, plain text still exports, and every other
 * format answers a problem that says its library is missing: 406 for an export, 415 for an import.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ExportWithoutLibrariesIT {
  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.collabWar("collab-no-export-libs", "collab.any-user-writes=true\n");
  }

  @ArquillianResource URL reported;

  private URI base() {
    return Deployments.http(reported);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HttpClient.newHttpClient().send(request.header("Authorization", TestSecurity.basic("ann")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName("without the libraries: text exports, HTML/Markdown/DOCX/PDF answer 406 and imports 415, each naming the missing library")
  void formatsWithoutTheirLibraries() throws Exception {
    HttpResponse<String> created = send(HttpRequest.newBuilder(base().resolve("test/create?id=no-libs"))
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

    HttpResponse<String> text = send(HttpRequest.newBuilder(base().resolve("collab/api/documents/no-libs/export?format=txt")));
    assertThat(text.statusCode()).as(text.body()).isEqualTo(200);
    assertThat(text.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).startsWith("attachment;"));

    for (String format : new String[] {"html", "md", "docx", "pdf"}) {
      HttpResponse<String> refused = send(HttpRequest.newBuilder(
          base().resolve("collab/api/documents/no-libs/export?format=" + format)));
      assertThat(refused.statusCode()).as(format + ": " + refused.body()).isEqualTo(406);
      assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(refused.body()).contains("this server cannot export " + format, "its library is not deployed",
          "it can export txt (text/plain)");
    }
    HttpResponse<String> accept = send(HttpRequest.newBuilder(base().resolve("collab/api/documents/no-libs/export"))
        .header("Accept", "application/pdf"));
    assertThat(accept.statusCode()).isEqualTo(406);

    HttpResponse<String> imported = send(HttpRequest.newBuilder(base().resolve("collab/api/documents?title=x"))
        .header("Content-Type", "text/html").header("X-Collab-Request", "1")
        .POST(HttpRequest.BodyPublishers.ofString("<p>x</p>")));
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(415);
    assertThat(imported.body()).contains("this server cannot import html: its library is not deployed");
  }
}
