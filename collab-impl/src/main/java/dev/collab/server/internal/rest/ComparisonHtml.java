package dev.collab.server.internal.rest;

import dev.collab.VersionComparison;
import dev.collab.VersionComparison.Author;
import dev.collab.VersionComparison.Part;
import dev.collab.internal.json.BoundedJson;
import dev.collab.ot.JsonLimits;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@link VersionComparison} as an HTML fragment to put into a page: a legend of the authors, then
 * the text with {@code <ins>} for inserted, {@code <del>} for deleted and {@code <span
 * class="collab-formatted">} for re-formatted parts, each with {@code data-author} (the user id), a
 * {@code title} naming the author, and the class {@code collab-author-N} (N: the author's place in
 * the legend, from 0) for the page to colour. Everything from the document or the users is escaped:
 * no markup of theirs is ever rendered. Of the formats only bold, italic, underline, strike, inline
 * code, sub- and superscript are drawn (as {@code strong}, {@code em}, {@code u}, {@code s},
 * {@code code}, {@code sub}, {@code sup}); a link is shown as its text, and a re-formatted part
 * lists its changed formats in {@code data-formats} (JSON). Line breaks are {@code <br>}; an embed
 * is U+FFFC.
 */
final class ComparisonHtml {
  private ComparisonHtml() {}

  static String render(VersionComparison comparison) {
    List<String> authorIds = new ArrayList<>(comparison.authors().keySet());
    StringBuilder html = new StringBuilder(256 + comparison.parts().size() * 48);
    html.append("<div class=\"collab-compare\" data-from=\"").append(comparison.from()).append("\" data-to=\"")
        .append(comparison.to()).append("\" data-authors-known=\"").append(comparison.authorsKnown()).append("\">");
    html.append("<ul class=\"collab-compare-authors\">");
    for (int i = 0; i < authorIds.size(); i++) {
      Author author = comparison.authors().get(authorIds.get(i));
      html.append("<li class=\"collab-author-").append(i).append("\" data-author=\"").append(escape(author.id()))
          .append("\">").append(escape(author.name())).append("</li>");
    }
    html.append("</ul><div class=\"collab-compare-text\">");
    for (Part part : comparison.parts()) {
      String text = formatted(part);
      switch (part.kind()) {
        case UNCHANGED -> html.append(text);
        case INSERTED -> changed(html, "ins class=\"", "inserted", part.author(), authorIds).append(text).append("</ins>");
        case DELETED -> changed(html, "del class=\"", "deleted", part.author(), authorIds).append(text).append("</del>");
        case FORMATTED -> changed(html, "span data-formats=\"" + escape(part.changedFormats()) + "\" class=\"collab-formatted ",
            "formatted", part.author(), authorIds).append(text).append("</span>");
      }
    }
    return html.append("</div></div>").toString();
  }

  /** Opens the element of a changed part: {@code opening} is its tag up to the open class attribute. */
  private static StringBuilder changed(StringBuilder html, String opening, String what, @Nullable Author author,
      List<String> authorIds) {
    html.append('<').append(opening);
    if (author == null) {
      return html.append("collab-author-unknown\" title=\"").append(what).append("\">");
    }
    return html.append("collab-author-").append(authorIds.indexOf(author.id())).append("\" data-author=\"")
        .append(escape(author.id())).append("\" title=\"").append(what).append(" by ").append(escape(author.name()))
        .append("\">");
  }

  private static final String[][] INLINE = {
      {"bold", "strong"}, {"italic", "em"}, {"underline", "u"}, {"strike", "s"}, {"code", "code"}};

  /** The part's text, escaped, line breaks as {@code <br>}, inside the tags of its inline formats. */
  private static String formatted(Part part) {
    String text = escape(part.text()).replace("\n", "<br>");
    JsonObject formats = BoundedJson.read(part.attributes(), JsonLimits.STORAGE).asJsonObject();
    for (String[] format : INLINE) {
      if (formats.get(format[0]) == JsonValue.TRUE) {
        text = "<" + format[1] + ">" + text + "</" + format[1] + ">";
      }
    }
    JsonValue script = formats.get("script");
    if (script instanceof jakarta.json.JsonString s && (s.getString().equals("sub") || s.getString().equals("super"))) {
      String tag = s.getString().equals("sub") ? "sub" : "sup";
      text = "<" + tag + ">" + text + "</" + tag + ">";
    }
    return text;
  }

  /** Text for HTML element content and quoted attribute values. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
