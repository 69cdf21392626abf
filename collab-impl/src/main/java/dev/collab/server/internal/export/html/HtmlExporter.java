package dev.collab.server.internal.export.html;

import dev.collab.ot.Delta;
import dev.collab.ot.Op;
import dev.collab.ot.RichTextSchema;
import dev.collab.server.internal.export.model.Line;
import dev.collab.server.internal.export.model.PlainText;
import dev.collab.server.internal.export.model.Runs;
import dev.collab.server.internal.export.model.Sanitizer;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.DocumentType;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;

/**
 * A document as a self-contained HTML page: one inline style sheet, no script, no external style
 * or font; images stay links to their (http/https) URLs. Built with jsoup's DOM, which escapes
 * every text and attribute value; CSS values are written only when Quill's schema accepts them.
 */
public final class HtmlExporter {
  /** Inline formats in nesting order, outermost first. */
  private static final List<String> NESTING =
      List.of("link", "bold", "italic", "underline", "strike", "script", "color", "background", "font", "size", "code");

  static final String STYLE = "body{font-family:Helvetica,Arial,sans-serif;font-size:12pt;line-height:1.4;margin:2em}"
      + "pre{background:#f4f4f4;padding:.5em;white-space:pre-wrap;font-family:'Courier New',monospace}"
      + "code{font-family:'Courier New',monospace;background:#f4f4f4}"
      + "blockquote{border-left:4px solid #ccc;margin:0;padding-left:1em}"
      + "ul.checklist{list-style:none}li[data-checked=true]::before{content:'\\2611  '}"
      + "li[data-checked=false]::before{content:'\\2610  '}"
      + ".ql-size-small{font-size:.75em}.ql-size-large{font-size:1.5em}.ql-size-huge{font-size:2.5em}"
      + ".ql-align-center{text-align:center}.ql-align-right{text-align:right}.ql-align-justify{text-align:justify}"
      + indents();

  private HtmlExporter() {}

  private static String indents() {
    StringBuilder css = new StringBuilder();
    for (int i = 1; i <= 8; i++) {
      css.append(".ql-indent-").append(i).append("{margin-left:").append(3 * i).append("em}");
    }
    return css.toString();
  }

  /**
   * The page as text.
   *
   * @param forPdf true for the PDF renderer: images and videos become links, checkboxes text
   */
  public static String toHtml(Delta document, String title, boolean forPdf) {
    return page(document, title, forPdf).outerHtml();
  }

  /** The page as a jsoup document, for the PDF renderer. */
  public static Document page(Delta document, String title, boolean forPdf) {
    Document page = Document.createShell("");
    page.prependChild(new DocumentType("html", "", ""));
    page.outputSettings().charset("UTF-8").escapeMode(Entities.EscapeMode.base).prettyPrint(false);
    page.head().appendElement("meta").attr("charset", "UTF-8");
    page.head().appendElement("title").text(title);
    page.head().appendElement("style").appendText(STYLE);
    Element body = page.body();
    Element list = null;
    String listType = null;
    Element code = null;
    for (Line line : Line.of(document)) {
      String lineList = line.string("list");
      if (lineList == null) {
        list = null;
        listType = null;
      }
      if (!line.has("code-block")) {
        code = null;
      }
      if (line.has("code-block")) {
        if (code == null) {
          code = body.appendElement("pre").appendElement("code");
          String language = line.string("code-block");
          if (language != null) {
            code.addClass("language-" + language);
          }
        } else {
          code.appendText("\n");
        }
        code.appendText(line.text());
        continue;
      }
      Element block;
      if (line.isDivider()) {
        body.appendElement("hr");
        continue;
      } else if (lineList != null) {
        if (list == null || !line.listGroup().equals(listType)) {
          boolean ordered = lineList.equals("ordered");
          list = body.appendElement(ordered ? "ol" : "ul");
          if (lineList.equals("checked") || lineList.equals("unchecked")) {
            list.addClass("checklist");
          }
          listType = line.listGroup();
        }
        block = list.appendElement("li");
        if (lineList.equals("checked") || lineList.equals("unchecked")) {
          block.attr("data-checked", String.valueOf(lineList.equals("checked")));
          if (forPdf) { // the PDF standard fonts have no checkbox glyph; the page's ::before shows one in a browser
            block.appendText(lineList.equals("checked") ? "[x] " : "[ ] ");
          }
        }
      } else if (line.integer("header") > 0) {
        block = body.appendElement("h" + Math.min(6, line.integer("header")));
      } else if (line.has("blockquote")) {
        block = body.appendElement("blockquote");
      } else {
        block = body.appendElement("p");
      }
      String align = line.string("align");
      if (align != null && List.of("center", "right", "justify").contains(align)) {
        block.addClass("ql-align-" + align);
      }
      String direction = line.string("direction");
      if ("rtl".equals(direction) || "ltr".equals(direction)) {
        block.attr("dir", direction);
      }
      int indent = line.integer("indent");
      if (indent >= 1 && indent <= 8) {
        block.addClass("ql-indent-" + indent);
      }
      if (line.inlines().isEmpty()) {
        block.appendElement("br");
      } else {
        Runs.build(line.inlines(), NESTING, block, new Inline(forPdf));
      }
    }
    return page;
  }

  /** Inline formats as elements. */
  private static final class Inline implements Runs.Sink<Element> {
    private final boolean forPdf;

    Inline(boolean forPdf) {
      this.forPdf = forPdf;
    }

    @Override
    public Element wrap(Element parent, String key, JsonValue value) {
      String text = Line.string(value);
      switch (key) {
        case "link":
          return text == null || !safe(key, value) ? parent
              : parent.appendElement("a").attr("href", text).attr("rel", "noopener noreferrer nofollow");
        case "bold":
          return parent.appendElement("strong");
        case "italic":
          return parent.appendElement("em");
        case "underline":
          return parent.appendElement("u");
        case "strike":
          return parent.appendElement("s");
        case "code":
          return parent.appendElement("code");
        case "script":
          return "sub".equals(text) || "super".equals(text) ? parent.appendElement("super".equals(text) ? "sup" : "sub") : parent;
        case "size":
          if (text == null || !safe(key, value)) {
            return parent;
          }
          return List.of("small", "large", "huge").contains(text) ? parent.appendElement("span").addClass("ql-size-" + text)
              : parent.appendElement("span").attr("style", "font-size:" + text);
        default:
          String property = Map.of("color", "color", "background", "background-color", "font", "font-family").get(key);
          return property == null || text == null || !safe(key, value) ? parent
              : parent.appendElement("span").attr("style", property + ":" + text);
      }
    }

    @Override
    public void leaf(Element parent, Op insert) {
      if (insert.isTextInsert()) {
        parent.appendText(insert.text());
        return;
      }
      JsonObject embed = insert.embed();
      String image = Line.string(embed.get("image"));
      String video = Line.string(embed.get("video"));
      if (image != null && safe(insert)) {
        String alt = Line.string(insert.attributes().get("alt"));
        if (forPdf) {
          parent.appendElement("a").attr("href", image).text("[image" + (alt == null ? "" : ": " + alt) + "]");
        } else {
          Element img = parent.appendElement("img").attr("src", image).attr("alt", alt == null ? "" : alt);
          dimension(img, "width", insert.attributes().get("width"));
          dimension(img, "height", insert.attributes().get("height"));
        }
      } else if (video != null && safe(insert)) {
        parent.appendElement("a").attr("href", video).addClass("video").text("[video: " + video + "]");
      } else if (embed.containsKey("formula")) {
        parent.appendElement("code").addClass("formula").text(PlainText.embedText(embed));
      } else if (embed.containsKey("mention")) {
        Element mention = parent.appendElement("span").addClass("mention").text(PlainText.embedText(embed));
        String id = Line.string(embed.getJsonObject("mention").get("id"));
        if (id != null) {
          mention.attr("data-id", id);
        }
      } else if (embed.containsKey("divider")) {
        parent.appendElement("hr");
      }
    }

    private static void dimension(Element img, String name, JsonValue value) {
      if (value instanceof JsonNumber) {
        img.attr(name, String.valueOf(((JsonNumber) value).intValue()));
      } else if (value != null && safe(name, value)) {
        img.attr("style", (img.attr("style") + ";" + name + ":" + Line.string(value)).replaceFirst("^;", ""));
      }
    }

    private static boolean safe(String key, JsonValue value) {
      return Sanitizer.accepts(RichTextSchema.QUILL, Op.insert("x", Map.of(key, value)));
    }

    private static boolean safe(Op embed) {
      return Sanitizer.accepts(RichTextSchema.QUILL, Op.insertEmbed(embed.embed(), Map.of()));
    }
  }
}
