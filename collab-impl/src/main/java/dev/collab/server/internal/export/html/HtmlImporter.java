package dev.collab.server.internal.export.html;

import dev.collab.internal.json.BoundedJson;
import dev.collab.ot.Delta;
import dev.collab.server.internal.export.model.DocumentBuilder;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Reads HTML into a document: the elements and styles that have a rich-text format become it,
 * every other element gives its text only. Nothing is run or fetched: jsoup parses, and scripts,
 * styles, frames and form controls are skipped whole. The result still goes through the schema
 * ({@code Sanitizer}), which drops links and images with unsafe URLs.
 */
public final class HtmlImporter {
  /** Deeper nesting than this is read as text: a hostile page cannot exhaust the stack. */
  private static final int MAX_DEPTH = 64;
  private static final Set<String> SKIPPED = Set.of("script", "style", "template", "noscript", "iframe", "object", "embed",
      "head", "title", "svg", "math", "button", "select", "textarea", "canvas", "audio", "video", "frameset", "frame");
  private static final Set<String> BLOCKS = Set.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote",
      "pre", "section", "article", "header", "footer", "main", "aside", "nav", "tr", "dt", "dd", "figure", "figcaption",
      "address", "caption", "details", "summary", "center");
  private static final Pattern STYLE = Pattern.compile("(?i)(?:^|;)\\s*([a-z-]+)\\s*:\\s*([^;]+)");
  private static final Pattern QL_CLASS = Pattern.compile("ql-(indent|align|size|font|direction)-([a-z0-9-]+)");

  private final DocumentBuilder out;
  /** The inline formats of a space held back: written only if more text follows on the line. */
  private @Nullable Map<String, JsonValue> pendingSpace;

  private HtmlImporter(int maxLength) {
    this.out = new DocumentBuilder(maxLength);
  }

  /** The document in {@code html}, at most {@code maxLength} characters long. */
  public static Delta read(String html, int maxLength) {
    HtmlImporter importer = new HtmlImporter(maxLength);
    importer.children(Jsoup.parse(html).body(), Map.of(), Map.of(), false, 0);
    return importer.out.build();
  }

  private void children(Element element, Map<String, JsonValue> inline, Map<String, JsonValue> block, boolean pre, int depth) {
    for (Node child : element.childNodes()) {
      node(child, inline, block, pre, depth + 1);
    }
  }

  private void node(Node node, Map<String, JsonValue> inline, Map<String, JsonValue> block, boolean pre, int depth) {
    if (node instanceof TextNode) {
      text(pre ? ((TextNode) node).getWholeText() : ((TextNode) node).text(), inline, block, pre);
      return;
    }
    if (!(node instanceof Element)) {
      return;
    }
    Element e = (Element) node;
    String tag = e.normalName();
    if (SKIPPED.contains(tag)) {
      return;
    }
    if (depth > MAX_DEPTH) {
      text(e.text(), inline, block, false);
      return;
    }
    switch (tag) {
      case "br":
        endLine(block);
        return;
      case "hr":
        closeLine(block);
        embed("divider", JsonValue.TRUE, Map.of());
        endLine(Map.of());
        return;
      case "img":
        image(e, inline);
        return;
      case "input":
        return;
      case "a":
      case "code":
      case "span":
        if (embed(e, inline)) {
          return;
        }
        break;
      case "ul":
      case "ol":
        list(e, inline, block, pre, depth);
        return;
      default:
        break;
    }
    Map<String, JsonValue> ownInline = inlineFormats(e, inline, pre);
    if (!BLOCKS.contains(tag)) {
      children(e, ownInline, block, pre, depth);
      return;
    }
    closeLine(block);
    Map<String, JsonValue> ownBlock = blockFormats(e, block);
    boolean isPre = pre || tag.equals("pre");
    int before = out.lines();
    children(e, ownInline, ownBlock, isPre, depth);
    pendingSpace = null;
    if (out.lineOpen() || out.lines() == before) {
      endLine(ownBlock);
    }
  }

  private void list(Element list, Map<String, JsonValue> inline, Map<String, JsonValue> block, boolean pre, int depth) {
    closeLine(block);
    boolean nested = block.containsKey("list");
    boolean checklist = list.hasClass("checklist") || list.hasAttr("data-checklist");
    for (Element item : list.children()) {
      Map<String, JsonValue> itemBlock = new HashMap<>(block);
      String kind = list.normalName().equals("ol") ? "ordered" : "bullet";
      if (item.hasAttr("data-checked") || checklist || item.selectFirst("> input[type=checkbox]") != null) {
        boolean checked = "true".equals(item.attr("data-checked")) || item.selectFirst("> input[type=checkbox][checked]") != null;
        kind = checked ? "checked" : "unchecked";
      }
      if (item.hasAttr("data-list")) {
        kind = item.attr("data-list"); // Quill 2's own HTML: <ol><li data-list="bullet">; the schema checks the value
      }
      itemBlock.put("list", string(kind));
      if (nested) {
        int indent = block.containsKey("indent") ? ((jakarta.json.JsonNumber) block.get("indent")).intValue() : 0;
        itemBlock.put("indent", BoundedJson.PROVIDER.createValue(indent + 1));
      }
      node(item, inline, itemBlock, pre, depth + 1);
    }
  }

  private void text(String text, Map<String, JsonValue> inline, Map<String, JsonValue> block, boolean pre) {
    if (pre) {
      flushSpace();
      String[] lines = text.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (i > 0) {
          endLine(block);
        }
        out.text(lines[i], inline);
      }
      return;
    }
    String t = out.lineOpen() || pendingSpace != null ? text : text.stripLeading();
    boolean trailing = t.endsWith(" ");
    String body = trailing ? t.substring(0, t.length() - 1) : t;
    if (!body.isEmpty()) {
      if (pendingSpace != null && !body.startsWith(" ")) {
        out.text(" ", pendingSpace);
      }
      pendingSpace = null;
      out.text(body, inline);
    }
    if (trailing && pendingSpace == null) {
      pendingSpace = inline;
    }
  }

  /** Ends the line; a space held back at its end is dropped, as a browser does not show it. */
  private void endLine(Map<String, JsonValue> block) {
    pendingSpace = null;
    out.endLine(block);
  }

  private void embed(String type, JsonValue value, Map<String, JsonValue> attributes) {
    flushSpace();
    out.embed(type, value, attributes);
  }

  private void flushSpace() {
    if (pendingSpace != null) {
      out.text(" ", pendingSpace);
      pendingSpace = null;
    }
  }

  private void closeLine(Map<String, JsonValue> block) {
    pendingSpace = null;
    if (out.lineOpen()) {
      endLine(block);
    }
  }

  private void image(Element img, Map<String, JsonValue> inline) {
    String src = img.attr("src");
    if (!src.regionMatches(true, 0, "http://", 0, 7) && !src.regionMatches(true, 0, "https://", 0, 8)) {
      return; // data:, file:, relative: never an image of the document (the schema would refuse it too)
    }
    Map<String, JsonValue> attributes = new LinkedHashMap<>();
    if (!img.attr("alt").isEmpty()) {
      attributes.put("alt", string(img.attr("alt")));
    }
    for (String dimension : new String[] {"width", "height"}) {
      if (img.attr(dimension).matches("\\d{1,5}")) {
        attributes.put(dimension, BoundedJson.PROVIDER.createValue(Integer.parseInt(img.attr(dimension))));
      }
    }
    if (inline.containsKey("link")) {
      attributes.put("link", inline.get("link"));
    }
    embed("image", string(src), attributes);
  }

  /** The embeds the HTML export writes as elements: a video link, a formula, a mention. */
  private boolean embed(Element e, Map<String, JsonValue> inline) {
    Map<String, JsonValue> attributes = new LinkedHashMap<>(inline);
    attributes.remove("link");
    if (e.normalName().equals("a") && e.hasClass("video") && !e.attr("href").isEmpty()) {
      embed("video", string(e.attr("href")), attributes);
    } else if (e.normalName().equals("code") && e.hasClass("formula")) {
      embed("formula", string(e.text()), attributes);
    } else if (e.normalName().equals("span") && e.hasClass("mention") && !e.attr("data-id").isEmpty()) {
      embed("mention", BoundedJson.PROVIDER.createObjectBuilder().add("id", e.attr("data-id"))
          .add("name", e.text().replaceFirst("^@", "")).build(), attributes);
    } else {
      return false;
    }
    return true;
  }

  private static Map<String, JsonValue> inlineFormats(Element e, Map<String, JsonValue> parent, boolean pre) {
    Map<String, JsonValue> f = new LinkedHashMap<>(parent);
    switch (e.normalName()) {
      case "b":
      case "strong":
        f.put("bold", JsonValue.TRUE);
        break;
      case "i":
      case "em":
      case "cite":
        f.put("italic", JsonValue.TRUE);
        break;
      case "u":
      case "ins":
        f.put("underline", JsonValue.TRUE);
        break;
      case "s":
      case "strike":
      case "del":
        f.put("strike", JsonValue.TRUE);
        break;
      case "code":
      case "kbd":
      case "samp":
      case "tt":
        if (!pre) {
          f.put("code", JsonValue.TRUE);
        }
        break;
      case "sub":
        f.put("script", string("sub"));
        break;
      case "sup":
        f.put("script", string("super"));
        break;
      case "a":
        if (!e.attr("href").isEmpty()) {
          f.put("link", string(e.attr("href")));
        }
        break;
      default:
        break;
    }
    Map<String, String> style = style(e);
    putIfPresent(f, "color", style.get("color"));
    putIfPresent(f, "background", style.get("background-color"));
    String family = style.get("font-family");
    if (family != null) {
      putIfPresent(f, "font", family.split(",")[0].replaceAll("[\"']", "").trim().replace(' ', '-').toLowerCase(Locale.ROOT));
    }
    putIfPresent(f, "size", style.get("font-size"));
    Matcher m = QL_CLASS.matcher(e.className());
    while (m.find()) {
      if (m.group(1).equals("size") || m.group(1).equals("font")) {
        f.put(m.group(1), string(m.group(2)));
      }
    }
    return f;
  }

  private static Map<String, JsonValue> blockFormats(Element e, Map<String, JsonValue> parent) {
    Map<String, JsonValue> f = new LinkedHashMap<>(parent);
    String tag = e.normalName();
    if (tag.matches("h[1-6]")) {
      f.put("header", BoundedJson.PROVIDER.createValue(tag.charAt(1) - '0'));
    } else if (tag.equals("blockquote")) {
      f.put("blockquote", JsonValue.TRUE);
    } else if (tag.equals("pre")) {
      Element code = e.selectFirst("> code[class^=language-]");
      String language = code == null ? null : code.className().replaceFirst("^language-(\\S+).*", "$1");
      f.put("code-block", language == null ? JsonValue.TRUE : string(language));
    }
    Map<String, String> style = style(e);
    putIfPresent(f, "align", style.get("text-align"));
    putIfPresent(f, "direction", e.hasAttr("dir") ? e.attr("dir") : style.get("direction"));
    Matcher m = QL_CLASS.matcher(e.className());
    while (m.find()) {
      if (m.group(1).equals("indent") && m.group(2).matches("[1-8]")) {
        f.put("indent", BoundedJson.PROVIDER.createValue(Integer.parseInt(m.group(2))));
      } else if (m.group(1).equals("align") || m.group(1).equals("direction")) {
        f.put(m.group(1), string(m.group(2)));
      }
    }
    if ("left".equals(style.get("text-align"))) {
      f.remove("align");
    }
    return f;
  }

  private static Map<String, String> style(Element e) {
    Map<String, String> properties = new HashMap<>();
    Matcher m = STYLE.matcher(e.attr("style"));
    while (m.find()) {
      properties.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2).trim());
    }
    return properties;
  }

  private static void putIfPresent(Map<String, JsonValue> formats, String key, String value) {
    if (value != null && !value.isBlank()) {
      formats.put(key, string(value.trim()));
    }
  }

  private static JsonValue string(String value) {
    return BoundedJson.PROVIDER.createValue(value);
  }
}
