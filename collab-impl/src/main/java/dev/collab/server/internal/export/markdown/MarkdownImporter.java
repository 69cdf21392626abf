package dev.collab.server.internal.export.markdown;

import dev.collab.ot.Delta;
import dev.collab.server.internal.export.html.HtmlImporter;
import java.util.List;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Reads CommonMark (with {@code ~~strikethrough~~}) by rendering it to HTML with commonmark-java
 * and reading that with the HTML importer: one mapping of elements to formats for both. Raw HTML
 * in the Markdown is read like any HTML import (formats kept, scripts dropped).
 */
public final class MarkdownImporter {
  private static final List<org.commonmark.Extension> EXTENSIONS = List.of(StrikethroughExtension.create());
  private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
  private static final HtmlRenderer HTML = HtmlRenderer.builder().extensions(EXTENSIONS).sanitizeUrls(true).build();

  private MarkdownImporter() {}

  /** The document in {@code markdown}, at most {@code maxLength} characters long. */
  public static Delta read(String markdown, int maxLength) {
    String html = HTML.render(PARSER.parse(markdown));
    // A task list item "[x] text" (GitHub's syntax) becomes a checked item, as the exporter writes it.
    html = html.replaceAll("<li>(\n?<p>)?\\[x\\] ", "<li data-checked=\"true\">$1").replaceAll("<li>(\n?<p>)?\\[ \\] ", "<li data-checked=\"false\">$1");
    return HtmlImporter.read(html, maxLength);
  }
}
