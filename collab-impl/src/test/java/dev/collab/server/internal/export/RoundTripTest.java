package dev.collab.server.internal.export;

import static dev.collab.server.internal.export.Samples.n;
import static dev.collab.server.internal.export.Samples.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.export.ExportFormat;
import dev.collab.export.ImportFormat;
import dev.collab.ot.Delta;
import dev.collab.ot.Op;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The corpus (src/test/resources/export-corpus) imported, checked, exported in each format that
 * can be read back (HTML, Markdown, DOCX) and imported again: the text and every format the output
 * carries (docs/EXPORT.md's table) come back unchanged.
 */
class RoundTripTest {
  /** What each format carries of the schema (docs/EXPORT.md); the rest is dropped on the way. */
  static final Map<ExportFormat, Set<String>> CARRIED = Map.of(
      ExportFormat.HTML, Set.of("bold", "italic", "underline", "strike", "code", "script", "link", "color", "background",
          "font", "size", "header", "list", "blockquote", "code-block", "align", "direction", "indent", "alt", "width",
          "height"),
      ExportFormat.MARKDOWN, Set.of("bold", "italic", "strike", "code", "link", "header", "list", "blockquote",
          "code-block", "alt"),
      ExportFormat.DOCX, Set.of("bold", "italic", "underline", "strike", "code", "script", "link", "color", "header",
          "list", "blockquote", "code-block", "align", "indent"));

  @RegisterExtension static final ConverterFixture FIXTURE = new ConverterFixture();

  @Test
  @DisplayName("alice.md: headings, emphasis, strikethrough, quote, lists, code, rule and link are read from Markdown")
  void markdownCorpus() {
    Delta alice = FIXTURE.converter().parse(Samples.corpus("alice.md"), ImportFormat.MARKDOWN);
    assertThat(line(alice, "Alice's Adventures in Wonderland")).containsEntry("header", n(1));
    assertThat(line(alice, "Chapter I. Down the Rabbit-Hole")).containsEntry("header", n(2));
    assertThat(format(alice, "very tired")).containsEntry("bold", JsonValue.TRUE);
    assertThat(format(alice, "nothing to do")).containsEntry("italic", JsonValue.TRUE);
    assertThat(format(alice, "conversations")).containsEntry("strike", JsonValue.TRUE);
    assertThat(format(alice, "ORANGE MARMALADE")).containsEntry("code", JsonValue.TRUE);
    assertThat(format(alice, "Project Gutenberg")).containsEntry("link", s("https://www.gutenberg.org/ebooks/11"));
    assertThat(line(alice, "cupboards and book-shelves")).containsEntry("list", s("bullet"));
    assertThat(line(alice, "It was empty.")).containsEntry("list", s("ordered"));
    assertThat(line(alice, "Down, down, down.")).containsEntry("code-block", s("text"));
    assertThat(alice.text()).contains("Alice was beginning to get very tired of sitting by her sister on the bank, and of having"
        + " nothing to do:");
    assertThat(alice.ops()).anyMatch(op -> op.isEmbed() && op.embed().containsKey("divider"));
    String quote = alice.text().lines().filter(l -> l.startsWith("So she was")).findFirst().orElseThrow();
    assertThat(line(alice, quote)).containsEntry("blockquote", JsonValue.TRUE);
    roundTrips(alice, ExportFormat.HTML, ExportFormat.MARKDOWN, ExportFormat.DOCX);
  }

  @Test
  @DisplayName("minutes.html: Quill's and office suites' HTML formats are read, and survive HTML and Markdown round trips")
  void htmlCorpus() {
    Delta minutes = FIXTURE.converter().parse(Samples.corpus("minutes.html"), ImportFormat.HTML);
    assertThat(line(minutes, "Team minutes")).containsEntry("header", n(1)).containsEntry("align", s("center"));
    assertThat(format(minutes, "Ann")).containsEntry("bold", JsonValue.TRUE);
    assertThat(format(minutes, "Bob")).containsEntry("italic", JsonValue.TRUE);
    assertThat(format(minutes, "Carol")).containsEntry("underline", JsonValue.TRUE);
    assertThat(format(minutes, "Dave")).containsEntry("strike", JsonValue.TRUE);
    assertThat(format(minutes, "red")).containsEntry("color", s("#e60000"));
    assertThat(format(minutes, "highlighted")).containsEntry("background", s("#ffff00"));
    assertThat(format(minutes, "collab.store")).containsEntry("code", JsonValue.TRUE);
    assertThat(format(minutes, "large")).containsEntry("size", s("large"));
    assertThat(line(minutes, "Write the docs.")).containsEntry("list", s("ordered"));
    assertThat(line(minutes, "Nested bullet")).containsEntry("list", s("bullet")).containsEntry("indent", n(1));
    assertThat(line(minutes, "Done item")).containsEntry("list", s("checked"));
    assertThat(line(minutes, "Open item")).containsEntry("list", s("unchecked"));
    assertThat(line(minutes, "Quoted remark.")).containsEntry("blockquote", JsonValue.TRUE);
    assertThat(line(minutes, "Indented paragraph.")).containsEntry("indent", n(2));
    assertThat(line(minutes, "Right to left.")).containsEntry("direction", s("rtl")).containsEntry("align", s("right"));
    assertThat(line(minutes, "int y = 2;")).containsEntry("code-block", s("java"));
    assertThat(format(minutes, "the archive")).containsEntry("link", s("https://example.org/minutes"));
    assertThat(minutes.ops()).anyMatch(op -> op.isEmbed() && "https://example.org/logo.png".equals(
        op.embed().getString("image", null)) && op.attributes().get("alt").equals(s("Logo")));
    roundTrips(minutes, ExportFormat.HTML, ExportFormat.MARKDOWN);
  }

  @Test
  @DisplayName("report.docx: Word's styles, numbering, run properties, hyperlinks and tables are read, and survive every round trip")
  void docxCorpus() {
    Delta report = FIXTURE.converter().parse(Samples.corpus("report.docx"), ImportFormat.DOCX);
    assertThat(line(report, "Quarterly report")).containsExactly(Map.entry("header", n(1)));
    assertThat(line(report, "Next steps")).containsExactly(Map.entry("header", n(2)));
    assertThat(format(report, "up")).containsExactly(Map.entry("bold", JsonValue.TRUE));
    assertThat(format(report, "down")).containsExactly(Map.entry("italic", JsonValue.TRUE));
    assertThat(format(report, "kept")).containsExactly(Map.entry("underline", JsonValue.TRUE));
    assertThat(format(report, "old target")).containsExactly(Map.entry("strike", JsonValue.TRUE));
    assertThat(format(report, "2")).containsExactly(Map.entry("script", s("super")));
    assertThat(format(report, "red")).containsExactly(Map.entry("color", s("#ff0000")));
    assertThat(format(report, "collab.store")).containsExactly(Map.entry("code", JsonValue.TRUE));
    assertThat(format(report, "full report")).containsExactly(Map.entry("link", s("https://example.org/report")));
    assertThat(line(report, "Hire two engineers")).containsExactly(Map.entry("list", s("bullet")));
    assertThat(line(report, "One for the server")).containsOnly(Map.entry("list", s("bullet")), Map.entry("indent", n(1)));
    assertThat(line(report, "Build")).containsExactly(Map.entry("list", s("ordered")));
    assertThat(line(report, "Nothing is impossible.")).containsExactly(Map.entry("blockquote", JsonValue.TRUE));
    assertThat(line(report, "Details: full report")).containsExactly(Map.entry("align", s("center")));
    assertThat(report.text()).contains("\nCell A\nCell B\nThe end.\n");
    roundTrips(report, ExportFormat.HTML, ExportFormat.MARKDOWN, ExportFormat.DOCX);
  }

  @Test
  @DisplayName("the sample with every format of the schema keeps what each format carries through export and import")
  void everyFormat() {
    roundTrips(Samples.everyFormat(), ExportFormat.HTML);
  }

  private static void roundTrips(Delta document, ExportFormat... formats) {
    for (ExportFormat format : formats) {
      byte[] exported = FIXTURE.converter().export(document, "Round trip", format);
      Delta back = FIXTURE.converter().parse(exported, ImportFormat.byName(format.extension()).orElseThrow());
      assertThat(keep(back, format)).as("%s round trip of%n%s", format, document).isEqualTo(keep(document, format));
    }
  }

  /** The document with only the attributes {@code format} carries, in name order; DOCX keeps a code block, not its language. */
  static Delta keep(Delta document, ExportFormat format) {
    Delta.Builder out = Delta.builder();
    for (Op op : document.ops()) {
      Map<String, JsonValue> kept = new java.util.TreeMap<>(); // sorted: the order of attributes means nothing
      op.attributes().forEach((key, value) -> {
        if (CARRIED.get(format).contains(key)) {
          kept.put(key, format == ExportFormat.DOCX && key.equals("code-block") ? JsonValue.TRUE : value);
        }
      });
      if (format == ExportFormat.MARKDOWN && kept.containsKey("list")) {
        kept.remove("indent");
      }
      out.push(op.isEmbed() ? Op.insertEmbed(op.embed(), kept) : Op.insert(op.text(), kept));
    }
    return out.build();
  }

  /** The line attributes of the line whose text is {@code text}. */
  static Map<String, JsonValue> line(Delta document, String text) {
    Map<String, Map<String, JsonValue>> found = new LinkedHashMap<>();
    document.eachLine((line, attributes, index) -> {
      if (line.text().equals(text) || plain(line).equals(text)) {
        found.put(text, attributes);
      }
      return true;
    });
    assertThat(found).as("a line '%s' in%n%s", text, document).containsKey(text);
    return found.get(text);
  }

  private static String plain(Delta line) {
    StringBuilder text = new StringBuilder();
    line.ops().stream().filter(Op::isTextInsert).forEach(op -> text.append(op.text()));
    return text.toString();
  }

  /** The inline attributes of the text insert {@code text}. */
  static Map<String, JsonValue> format(Delta document, String text) {
    return document.ops().stream().filter(op -> op.isTextInsert() && op.text().equals(text)).findFirst()
        .map(Op::attributes).orElseThrow(() -> new AssertionError("no insert '" + text + "' in " + document));
  }
}
