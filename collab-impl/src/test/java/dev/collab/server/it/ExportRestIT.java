package dev.collab.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Export and import over REST as the sample app's menu and a script use them, on the Jetty test
 * server (Weld, Jersey) with every export library on the class path: a document created from a
 * Markdown file, downloaded in each format by {@code format} and by {@code Accept}, at its head and
 * at an older version, imported into, and the errors a user meets (406, 400, 413, 415, 403).
 */
class ExportRestIT {
  private static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  private static Server server;
  private static URI base;
  private static HttpClient http;

  @BeforeAll
  static void boot() throws Exception {
    server = JettyApp.start("/app");
    base = JettyApp.base(server, "/app");
    http = HttpClient.newHttpClient();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve("collab/api/" + path)).header("Authorization", TestSecurity.basic("ann"));
  }

  private static HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  /** A new document from a Markdown file, as the document list's Import does; its id. */
  private static String importMarkdown(String title, String markdown) throws Exception {
    HttpResponse<byte[]> created = send(request("documents?title=" + title.replace(" ", "%20"))
        .header("Content-Type", "text/markdown; charset=UTF-8").header("X-Collab-Request", "1")
        .POST(HttpRequest.BodyPublishers.ofString(markdown)).build());
    assertThat(created.statusCode()).as(text(created)).isEqualTo(201);
    Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(text(created));
    assertThat(id.find()).isTrue();
    assertThat(text(created)).contains("\"version\":1", "\"title\":\"" + title + "\"", "\"type\":\"rich-text\"");
    return id.group(1);
  }

  @Test
  @DisplayName("a Markdown file becomes a document, downloaded as HTML, Markdown, text, DOCX and PDF with a file name from its title")
  void importThenExportEveryFormat() throws Exception {
    String id = importMarkdown("Quarterly notes: Q4/2026", "# Notes\n\nSales were **up**.\n\n- one\n- two\n");

    HttpResponse<byte[]> md = send(request("documents/" + id + "/export?format=md").build());
    assertThat(md.statusCode()).isEqualTo(200);
    assertThat(md.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).isEqualToIgnoringCase("text/markdown;charset=UTF-8"));
    assertThat(md.headers().firstValue("Content-Disposition")).hasValue(
        "attachment; filename=\"Quarterly notes Q4 2026.md\"; filename*=UTF-8''Quarterly%20notes%20Q4%202026.md");
    assertThat(text(md)).isEqualTo("# Notes\n\nSales were **up**.\n\n- one\n- two\n");

    HttpResponse<byte[]> txt = send(request("documents/" + id + "/export?format=txt").build());
    assertThat(text(txt)).isEqualTo("Notes\nSales were up.\none\ntwo\n");

    HttpResponse<byte[]> html = send(request("documents/" + id + "/export").header("Accept", "text/html").build());
    assertThat(html.statusCode()).isEqualTo(200);
    assertThat(html.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).isEqualToIgnoringCase("text/html;charset=UTF-8"));
    assertThat(html.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).startsWith("sandbox"));
    assertThat(text(html)).contains("<h1>Notes</h1>", "<strong>up</strong>", "<ul><li>one</li><li>two</li></ul>")
        .doesNotContain("<script");

    HttpResponse<byte[]> docx = send(request("documents/" + id + "/export")
        .header("Accept", "application/json;q=0.1, " + DOCX).build());
    assertThat(docx.headers().firstValue("Content-Type")).hasValue(DOCX);
    try (XWPFDocument word = new XWPFDocument(new java.io.ByteArrayInputStream(docx.body()))) {
      assertThat(word.getParagraphs().get(0).getStyle()).isEqualTo("Heading1");
      assertThat(word.getParagraphs().get(0).getText()).isEqualTo("Notes");
    }

    HttpResponse<byte[]> pdf = send(request("documents/" + id + "/export?format=pdf").build());
    assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
    assertThat(pdf.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains("Q4 2026.pdf"));
    try (PDDocument document = Loader.loadPDF(pdf.body())) {
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setSortByPosition(true);
      assertThat(stripper.getText(document)).contains("Notes", "Sales were up.", "one", "two");
    }
  }

  @Test
  @DisplayName("an import into a document appends or replaces as one edit; an older version still exports as it was")
  void importIntoAndExportAVersion() throws Exception {
    String id = importMarkdown("Draft", "First draft.\n");
    HttpResponse<byte[]> appended = send(request("documents/" + id + "/import").header("Content-Type", "text/html")
        .header("X-Collab-Request", "1").POST(HttpRequest.BodyPublishers.ofString("<p>Added <em>later</em>.</p>")).build());
    assertThat(appended.statusCode()).as(text(appended)).isEqualTo(200);
    assertThat(text(appended)).isEqualTo("{\"id\":\"" + id + "\",\"version\":2}");
    assertThat(text(send(request("documents/" + id + "/export?format=txt").build()))).isEqualTo("First draft.\nAdded later.\n");

    HttpResponse<byte[]> replaced = send(request("documents/" + id + "/import?mode=replace").header("Content-Type", "text/markdown")
        .header("X-Collab-Request", "1").POST(HttpRequest.BodyPublishers.ofString("Final.\n")).build());
    assertThat(replaced.statusCode()).as(text(replaced)).isEqualTo(200);
    HttpResponse<byte[]> head = send(request("documents/" + id + "/export?format=txt").build());
    assertThat(text(head)).isEqualTo("Final.\n");
    assertThat(head.headers().firstValue("X-Collab-Version")).hasValue("3");
    HttpResponse<byte[]> first = send(request("documents/" + id + "/export?format=txt&version=1").build());
    assertThat(text(first)).isEqualTo("First draft.\n");
    assertThat(first.headers().firstValue("X-Collab-Version")).hasValue("1");
  }

  @Test
  @DisplayName("errors a user meets are problems: unknown format 400, unwritable Accept 406, too large 413, wrong type 415, not a DOCX 400, no CSRF header 403")
  void errors() throws Exception {
    String id = importMarkdown("Errors", "Text.\n");
    HttpResponse<byte[]> bogus = send(request("documents/" + id + "/export?format=odt").build());
    assertThat(bogus.statusCode()).isEqualTo(400);
    assertThat(text(bogus)).contains("format must be one of html, md, txt, docx, pdf; was 'odt'");

    HttpResponse<byte[]> png = send(request("documents/" + id + "/export").header("Accept", "image/png").build());
    assertThat(png.statusCode()).isEqualTo(406);
    assertThat(png.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(text(png)).contains("name a format with ?format= or an Accept header");

    HttpResponse<byte[]> anyType = send(request("documents/" + id + "/export").header("Accept", "*/*").build());
    assertThat(anyType.statusCode()).isEqualTo(406);

    HttpResponse<byte[]> ahead = send(request("documents/" + id + "/export?format=txt&version=99").build());
    assertThat(ahead.statusCode()).isEqualTo(400);
    assertThat(text(ahead)).contains("version-ahead");

    HttpResponse<byte[]> missing = send(request("documents/no-such-doc/export?format=txt").build());
    assertThat(missing.statusCode()).isEqualTo(404);

    byte[] big = new byte[2 * 1024 * 1024 + 1];
    java.util.Arrays.fill(big, (byte) 'a');
    HttpResponse<byte[]> tooLarge = send(request("documents?title=big").header("Content-Type", "text/markdown")
        .header("X-Collab-Request", "1").POST(HttpRequest.BodyPublishers.ofByteArray(big)).build());
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(text(tooLarge)).contains("\"title\":\"too-large\"", "at most 2097152 bytes");

    HttpResponse<byte[]> wrongType = send(request("documents/" + id + "/import").header("Content-Type", "application/pdf")
        .header("X-Collab-Request", "1").POST(HttpRequest.BodyPublishers.ofString("%PDF-1.7")).build());
    assertThat(wrongType.statusCode()).isEqualTo(415);

    HttpResponse<byte[]> notDocx = send(request("documents?title=x").header("Content-Type", DOCX)
        .header("X-Collab-Request", "1").POST(HttpRequest.BodyPublishers.ofString("not a zip")).build());
    assertThat(notDocx.statusCode()).isEqualTo(400);
    assertThat(text(notDocx)).contains("malformed-file", "not a readable DOCX file");

    HttpResponse<byte[]> forged = send(request("documents/" + id + "/import").header("Content-Type", "text/html")
        .POST(HttpRequest.BodyPublishers.ofString("<p>x</p>")).build());
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(text(send(request("documents/" + id + "/export?format=txt").build()))).isEqualTo("Text.\n");
  }
}
