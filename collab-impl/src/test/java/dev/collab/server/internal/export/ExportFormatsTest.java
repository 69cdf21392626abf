package dev.collab.server.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.export.ExportFormat;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFHyperlinkRun;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sample document of docs/EXPORT.md (every format of the Quill schema) in each export format,
 * as a user opens the file: the HTML in a browser's parser, the DOCX in POI, the PDF's text with
 * PDFBox and its first page as an image (target/export/sample.pdf.png). The outputs are kept in
 * target/export for docs/EXPORT.md.
 */
class ExportFormatsTest {
  @RegisterExtension static final ConverterFixture FIXTURE = new ConverterFixture();

  private static String text(ExportFormat format) {
    byte[] bytes = FIXTURE.converter().export(Samples.everyFormat(), "Release notes", format);
    Samples.write("sample." + format.extension(), bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("HTML: every format as its element or inline style, text escaped, no script, one inline style sheet")
  void html() {
    String html = text(ExportFormat.HTML);
    Document page = Jsoup.parse(html);
    assertThat(page.title()).isEqualTo("Release notes");
    assertThat(page.select("h1").text()).isEqualTo("Release notes");
    assertThat(page.select("strong").text()).isEqualTo("bold");
    assertThat(page.select("em").text()).isEqualTo("italic");
    assertThat(page.select("u").text()).isEqualTo("underlined");
    assertThat(page.select("s").text()).isEqualTo("struck");
    assertThat(page.select("p > code").first().text()).isEqualTo("code");
    assertThat(page.select("sub").text()).isEqualTo("2");
    assertThat(page.select("sup").text()).isEqualTo("2");
    assertThat(page.select("span[style=color:#e60000]").text()).isEqualTo("red");
    assertThat(page.select("span[style=background-color:#ffff00]").text()).isEqualTo("highlight");
    assertThat(page.select("span[style=font-family:serif]").text()).isEqualTo("serif");
    assertThat(page.select("span.ql-size-large").text()).isEqualTo("large");
    assertThat(page.select("a[href=https://example.org/docs]").attr("rel")).contains("noopener");
    assertThat(page.select("ul:not(.checklist) > li").eachText()).containsExactly("Export", "Import", "Nested");
    assertThat(page.select("li.ql-indent-1").text()).isEqualTo("Nested");
    assertThat(page.select("ol > li").eachText()).containsExactly("First", "Second");
    assertThat(page.select("li[data-checked=true]").text()).contains("Done");
    assertThat(page.select("li[data-checked=false]").text()).contains("Open");
    assertThat(page.select("blockquote").text()).isEqualTo("A quoted line.");
    assertThat(page.select("pre > code.language-java").first().wholeText()).isEqualTo("int x = 1;\nint y = x * 2;");
    assertThat(page.select("p.ql-align-center").text()).isEqualTo("Centred");
    assertThat(page.select("p.ql-indent-2").text()).isEqualTo("Indented");
    assertThat(page.select("p[dir=rtl]").hasClass("ql-align-right")).isTrue();
    assertThat(page.select("hr")).hasSize(1);
    assertThat(page.select("img[src=https://example.org/logo.png]").attr("alt")).isEqualTo("Logo");
    assertThat(page.select("img").attr("width")).isEqualTo("64");
    assertThat(page.select("a.video").attr("href")).isEqualTo("https://example.org/intro.mp4");
    assertThat(page.select("code.formula").text()).isEqualTo("e=mc^2");
    assertThat(page.select("span.mention").text()).isEqualTo("@Ann");
    // the text "<script>" is text: escaped, never an element
    assertThat(page.select("script")).isEmpty();
    assertThat(page.body().text()).contains("<script>alert(1)</script>");
    assertThat(html).startsWith("<!doctype html><html><head><meta charset=\"UTF-8\">").doesNotContain("<script").contains("&lt;script&gt;");
    assertThat(page.select("link, [src^=http]:not(img)")).isEmpty();
  }

  @Test
  @DisplayName("Markdown: CommonMark for what it has syntax for, the rest as text")
  void markdown() {
    String md = text(ExportFormat.MARKDOWN);
    assertThat(md).startsWith("# Release notes\n")
        .contains("Collab exports **bold**, _italic_, underlined, ~~struck~~ and `code` text, H2O and x2.")
        .contains("[link](https://example.org/docs) \\<script\\>alert(1)\\</script\\>.")
        .contains("## Features\n")
        .contains("- Export\n- Import\n- Nested\n")
        .contains("1. First\n2. Second\n")
        .contains("- \\[x\\] Done\n- \\[ \\] Open\n")
        .contains("> A quoted line.\n")
        .contains("```java\nint x = 1;\nint y = x * 2;\n```\n")
        .contains("\n___\n")
        .contains("![Logo](https://example.org/logo.png) [video](https://example.org/intro.mp4) `e=mc^2` @Ann");
  }

  @Test
  @DisplayName("plain text: a line per line, embeds as text")
  void plainText() {
    String txt = text(ExportFormat.TEXT);
    assertThat(txt).startsWith("Release notes\nCollab exports bold, italic, underlined, struck and code text, H2O and x2.\n")
        .contains("\nExport\nImport\nNested\nFirst\nSecond\nDone\nOpen\nA quoted line.\nint x = 1;\nint y = x * 2;\n")
        .endsWith("Embeds: [image: https://example.org/logo.png] [video: https://example.org/intro.mp4] e=mc^2 @Ann\n");
  }

  @Test
  @DisplayName("DOCX: Word's heading styles, numbering, run properties and hyperlinks, as POI reads them back")
  void docx() throws IOException {
    byte[] bytes = FIXTURE.converter().export(Samples.everyFormat(), "Release notes", ExportFormat.DOCX);
    Samples.write("sample.docx", bytes);
    try (XWPFDocument word = new XWPFDocument(new ByteArrayInputStream(bytes))) {
      List<XWPFParagraph> paragraphs = word.getParagraphs();
      assertThat(paragraphs.get(0).getStyle()).isEqualTo("Heading1");
      assertThat(word.getStyles().getStyle("Heading1").getName()).isEqualTo("heading 1");
      assertThat(paragraphs.get(0).getText()).isEqualTo("Release notes");
      XWPFRun bold = paragraphs.get(1).getRuns().stream().filter(r -> r.text().equals("bold")).findFirst().orElseThrow();
      assertThat(bold.isBold()).isTrue();
      assertThat(paragraphs.get(2).getRuns().stream().filter(r -> r instanceof XWPFHyperlinkRun)
          .map(r -> ((XWPFHyperlinkRun) r).getHyperlink(word).getURL())).containsExactly("https://example.org/docs");
      XWPFParagraph export = paragraphs.stream().filter(p -> p.getText().equals("Export")).findFirst().orElseThrow();
      assertThat(export.getNumFmt()).isEqualTo("bullet");
      XWPFParagraph first = paragraphs.stream().filter(p -> p.getText().equals("First")).findFirst().orElseThrow();
      assertThat(first.getNumFmt()).isEqualTo("decimal");
      assertThat(word.getProperties().getCoreProperties().getTitle()).isEqualTo("Release notes");
    }
  }

  @Test
  @DisplayName("PDF: its text, extracted with PDFBox, is the document's; the first page renders to a PNG")
  void pdf() throws IOException {
    byte[] bytes = FIXTURE.converter().export(Samples.everyFormat(), "Release notes", ExportFormat.PDF);
    Samples.write("sample.pdf", bytes);
    assertThat(new String(bytes, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    try (PDDocument pdf = Loader.loadPDF(bytes)) {
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setSortByPosition(true);
      String text = stripper.getText(pdf);
      List<String> lines = text.lines().map(String::strip).collect(Collectors.toList());
      assertThat(lines).contains("Release notes", "Features", "Export", "Import", "A quoted line.", "int x = 1;",
          "int y = x * 2;", "Centred", "Indented");
      assertThat(text).contains("Collab exports bold, italic, underlined, struck and code text")
          .contains("[x] Done").contains("[ ] Open").contains("[image: Logo]").contains("@Ann")
          .contains("<script>alert(1)</script>");
      assertThat(pdf.getDocumentInformation().getTitle()).isEqualTo("Release notes");
      BufferedImage page = new PDFRenderer(pdf).renderImageWithDPI(0, 60);
      ImageIO.write(page, "png", Samples.OUT.resolve("sample.pdf.png").toFile());
      assertThat(page.getWidth()).isGreaterThan(400);
      assertThat(nonWhitePixels(page)).as("the page shows something").isGreaterThan(1_000);
    }
  }

  private static int nonWhitePixels(BufferedImage image) {
    int count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xffffff) != 0xffffff) {
          count++;
        }
      }
    }
    return count;
  }
}
