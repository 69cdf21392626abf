package dev.collab.server.internal.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.collab.export.ConversionException;
import dev.collab.export.DocumentConverter;
import dev.collab.export.ImportFormat;
import dev.collab.ot.Delta;
import dev.collab.ot.DeltaJson;
import dev.collab.ot.Op;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Imports hold a file to the rules a client's edit is held to, run and fetch nothing, and stop at
 * their limits with a clear reason.
 */
class ImportSafetyTest {
  @RegisterExtension static final ConverterFixture FIXTURE = new ConverterFixture();

  @Test
  @DisplayName("hostile HTML: scripts, styles, frames, handlers and javascript:, data: and file: URLs are dropped, the text kept")
  void hostileHtml() {
    Delta minutes = FIXTURE.converter().parse(Samples.corpus("minutes.html"), ImportFormat.HTML);
    String json = DeltaJson.encode(minutes);
    assertThat(json).doesNotContain("javascript", "data:", "file:", "alert", "pixel.png", "evil.invalid", "steal", "onclick",
        "onmouseover");
    assertThat(minutes.text()).contains("See the archive, not this.");
    assertThat(minutes.ops().stream().filter(Op::isEmbed).map(op -> op.embed().toString()))
        .containsExactly("{\"divider\":true}", "{\"image\":\"https://example.org/logo.png\"}");
    FIXTURE.schema().check(minutes); // what a client may submit, no less strict
  }

  @Test
  @DisplayName("unknown formats and values the schema refuses are dropped: a CSS expression colour, a huge header, a bad list")
  void schemaRefusals() {
    String html = "<h7>seven</h7><p><span style=\"color: expression(alert(1))\">x</span>"
        + "<span style=\"font-size: 12px; background-color: url(https://t.invalid)\">y</span></p>"
        + "<ol><li data-list=\"toc\">z</li></ol>";
    Delta d = FIXTURE.converter().parse(html.getBytes(StandardCharsets.UTF_8), ImportFormat.HTML);
    assertThat(DeltaJson.encode(d)).isEqualTo("[{\"insert\":\"seven\\nx\"},{\"insert\":\"y\",\"attributes\":{\"size\":\"12px\"}},"
        + "{\"insert\":\"\\nz\\n\"}]");
  }

  @Test
  @DisplayName("a file over 2 MiB is refused as too large before it is parsed")
  void tooManyBytes() {
    byte[] big = new byte[DocumentConverter.MAX_IMPORT_BYTES + 1];
    java.util.Arrays.fill(big, (byte) 'a');
    assertThatThrownBy(() -> FIXTURE.converter().parse(big, ImportFormat.MARKDOWN))
        .isInstanceOfSatisfying(ConversionException.class, e -> assertThat(e.reason()).isEqualTo(ConversionException.Reason.TOO_LARGE))
        .hasMessageContaining("at most 2097152");
    byte[] limit = new byte[DocumentConverter.MAX_IMPORT_BYTES];
    java.util.Arrays.fill(limit, (byte) 'a');
    assertThatThrownBy(() -> FIXTURE.converter().parse(limit, ImportFormat.MARKDOWN)) // within the bytes, past the length
        .isInstanceOfSatisfying(ConversionException.class, e -> assertThat(e.reason()).isEqualTo(ConversionException.Reason.TOO_LARGE))
        .hasMessageContaining("longer than 1000000 characters");
  }

  @Test
  @DisplayName("a DOCX within the byte limit whose text passes the length limit is refused as too large")
  void expandsPastTheLimit() throws IOException {
    long seed = Long.getLong("collab.seed", System.nanoTime());
    System.out.println("ImportSafetyTest.expandsPastTheLimit seed: " + seed + " (-Dcollab.seed=" + seed + " repeats it)");
    java.util.Random random = new java.util.Random(seed);
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 210; i++) {
      StringBuilder text = new StringBuilder();
      for (int j = 0; j < 5_000; j++) {
        text.append((char) ('a' + random.nextInt(26)));
      }
      body.append("<w:p><w:r><w:t>").append(text).append("</w:t></w:r></w:p>");
    }
    byte[] docx = docx(body.toString());
    assertThat(docx.length).isLessThan(DocumentConverter.MAX_IMPORT_BYTES);
    assertThatThrownBy(() -> FIXTURE.converter().parse(docx, ImportFormat.DOCX))
        .isInstanceOfSatisfying(ConversionException.class, e -> assertThat(e.reason()).isEqualTo(ConversionException.Reason.TOO_LARGE))
        .hasMessageContaining("longer than 1000000 characters");
  }

  @Test
  @DisplayName("a zip bomb (a DOCX expanding a thousandfold) is refused before it is expanded")
  void zipBomb() throws IOException {
    byte[] docx = docx("<w:p><w:r><w:t>" + "x".repeat(3_000_000) + "</w:t></w:r></w:p>");
    assertThat(docx.length).isLessThan(20_000);
    assertThatThrownBy(() -> FIXTURE.converter().parse(docx, ImportFormat.DOCX))
        .isInstanceOfSatisfying(ConversionException.class, e -> assertThat(e.reason()).isEqualTo(ConversionException.Reason.MALFORMED))
        .hasMessageContaining("Zip bomb");
  }

  @Test
  @DisplayName("a DOCX with an external entity is refused, the entity never resolved")
  void externalEntity() throws IOException {
    byte[] docx = docx("<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>",
        "<!DOCTYPE w:document [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>");
    assertThatThrownBy(() -> FIXTURE.converter().parse(docx, ImportFormat.DOCX))
        .isInstanceOfSatisfying(ConversionException.class, e -> assertThat(e.reason()).isEqualTo(ConversionException.Reason.MALFORMED));
  }

  @Test
  @DisplayName("bytes that are not a DOCX are refused as malformed")
  void notADocx() {
    assertThatThrownBy(() -> FIXTURE.converter().parse("hello".getBytes(StandardCharsets.UTF_8), ImportFormat.DOCX))
        .isInstanceOfSatisfying(ConversionException.class, e -> assertThat(e.reason()).isEqualTo(ConversionException.Reason.MALFORMED))
        .hasMessageContaining("not a readable DOCX file");
  }

  @Test
  @DisplayName("HTML nested 10,000 deep is read without exhausting the stack")
  void deepNesting() {
    String html = "<div>".repeat(10_000) + "<b>deep</b>" + "</div>".repeat(10_000);
    Delta d = FIXTURE.converter().parse(html.getBytes(StandardCharsets.UTF_8), ImportFormat.HTML);
    assertThat(d.text()).isEqualTo("deep\n");
  }

  @Test
  @DisplayName("Markdown's raw HTML and javascript: links are held to the same rules")
  void markdownRawHtml() {
    String md = "Hi <script>alert(1)</script> [x](javascript:alert(1)) <b>bold</b> ![i](http://example.org/i.png)\n";
    Delta d = FIXTURE.converter().parse(md.getBytes(StandardCharsets.UTF_8), ImportFormat.MARKDOWN);
    assertThat(DeltaJson.encode(d)).doesNotContain("javascript", "alert")
        .contains("{\"insert\":\"bold\",\"attributes\":{\"bold\":true}}", "{\"insert\":{\"image\":\"http://example.org/i.png\"}");
  }

  private static byte[] docx(String body, String... doctype) throws IOException {
    String document = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + (doctype.length > 0 ? doctype[0] : "")
        + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>" + body
        + "</w:body></w:document>";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      entry(zip, "[Content_Types].xml", new String(Samples.corpus("report/[Content_Types].xml"), StandardCharsets.UTF_8)
          .replaceAll("<Override PartName=\"/word/(styles|numbering).xml\"[^>]*/>", ""));
      entry(zip, "_rels/.rels", new String(Samples.corpus("report/_rels/.rels"), StandardCharsets.UTF_8));
      entry(zip, "word/document.xml", document);
    }
    return bytes.toByteArray();
  }

  private static void entry(ZipOutputStream zip, String name, String content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content.getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
  }
}
