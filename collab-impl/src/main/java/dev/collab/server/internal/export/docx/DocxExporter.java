package dev.collab.server.internal.export.docx;

import dev.collab.ot.Delta;
import dev.collab.ot.Op;
import dev.collab.server.internal.export.model.Line;
import dev.collab.server.internal.export.model.PlainText;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import org.apache.poi.xwpf.usermodel.Borders;
import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.UnderlinePatterns;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;

/**
 * A document as Word (DOCX) with Apache POI: headings, quotes and code blocks as Word's paragraph
 * styles, lists as Word numbering (restarting per list), inline formats as run properties, links
 * as hyperlinks. Images and videos become links to their URLs: nothing is fetched.
 */
public final class DocxExporter {
  private static final Map<String, Double> NAMED_SIZES = Map.of("small", 9.0, "large", 18.0, "huge", 30.0);

  private DocxExporter() {}

  /** The document as DOCX bytes. */
  public static byte[] toDocx(Delta document, String title) {
    try (XWPFDocument word = new XWPFDocument(); ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
      word.getProperties().getCoreProperties().setTitle(title);
      WordStyles styles = new WordStyles(word);
      String listType = null;
      BigInteger list = null;
      for (Line line : Line.of(document)) {
        XWPFParagraph p = word.createParagraph();
        String lineList = line.string("list");
        if (lineList == null) {
          listType = null;
        } else {
          if (!line.listGroup().equals(listType)) {
            list = styles.newList(lineList.equals("ordered"));
            listType = line.listGroup();
          }
          p.setNumID(list);
          p.setNumILvl(BigInteger.valueOf(Math.min(8, line.integer("indent"))));
          if (lineList.equals("checked") || lineList.equals("unchecked")) {
            p.createRun().setText(lineList.equals("checked") ? "\u2611 " : "\u2610 ");
          }
        }
        if (line.integer("header") > 0) {
          p.setStyle("Heading" + Math.min(6, line.integer("header")));
        } else if (line.has("code-block")) {
          p.setStyle(WordStyles.CODE);
        } else if (line.has("blockquote")) {
          p.setStyle(WordStyles.QUOTE);
        }
        if (lineList == null && line.integer("indent") > 0) {
          p.setIndentationLeft(720 * line.integer("indent"));
        }
        String align = line.string("align");
        if (align != null) {
          p.setAlignment(Map.of("center", ParagraphAlignment.CENTER, "right", ParagraphAlignment.RIGHT,
              "justify", ParagraphAlignment.BOTH).getOrDefault(align, ParagraphAlignment.LEFT));
        }
        if (line.isDivider()) {
          p.setBorderBottom(Borders.SINGLE);
          continue;
        }
        for (Op insert : line.inlines()) {
          run(p, insert);
        }
      }
      word.write(bytes);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("writing DOCX into memory failed", e);
    }
  }

  private static void run(XWPFParagraph p, Op insert) {
    Map<String, JsonValue> a = insert.attributes();
    String link = Line.string(a.get("link"));
    String text;
    if (insert.isTextInsert()) {
      text = insert.text();
    } else {
      String url = Line.string(insert.embed().get("image"));
      url = url == null ? Line.string(insert.embed().get("video")) : url;
      String alt = Line.string(a.get("alt"));
      if (url != null) {
        link = url;
        text = insert.embed().containsKey("image") ? "[image" + (alt == null ? "" : ": " + alt) + "]" : "[video]";
      } else {
        text = PlainText.embedText(insert.embed());
      }
    }
    XWPFRun run = link != null ? p.createHyperlinkRun(link) : p.createRun();
    run.setText(text);
    if (link != null) {
      run.setUnderline(UnderlinePatterns.SINGLE);
      run.setColor("0563C1");
    }
    run.setBold(a.get("bold") == JsonValue.TRUE);
    run.setItalic(a.get("italic") == JsonValue.TRUE);
    if (a.get("underline") == JsonValue.TRUE) {
      run.setUnderline(UnderlinePatterns.SINGLE);
    }
    if (a.get("strike") == JsonValue.TRUE) {
      run.setStrikeThrough(true);
    }
    String script = Line.string(a.get("script"));
    if (script != null) {
      run.setVerticalAlignment(script.equals("super") ? "superscript" : "subscript");
    }
    if (a.get("code") == JsonValue.TRUE) {
      run.setFontFamily("Courier New");
    } else if (Line.string(a.get("font")) != null) {
      run.setFontFamily(Line.string(a.get("font")));
    }
    String color = hex(Line.string(a.get("color")));
    if (color != null) {
      run.setColor(color);
    }
    String size = Line.string(a.get("size"));
    if (size != null) {
      Double points = NAMED_SIZES.get(size);
      if (points == null && size.matches("\\d{1,4}(px)?")) {
        points = Integer.parseInt(size.replace("px", "")) * 0.75;
      } else if (points == null && size.matches("\\d{1,4}pt")) {
        points = (double) Integer.parseInt(size.replace("pt", ""));
      }
      if (points != null && points >= 1 && points <= 1_000) {
        run.setFontSize(points);
      }
    }
  }

  /** A {@code #rgb} or {@code #rrggbb} colour as Word's {@code RRGGBB}, or null for other colours. */
  static String hex(String color) {
    if (color == null) {
      return null;
    }
    if (color.matches("#[0-9a-fA-F]{6}")) {
      return color.substring(1).toUpperCase(Locale.ROOT);
    }
    if (color.matches("#[0-9a-fA-F]{3}")) {
      StringBuilder six = new StringBuilder();
      for (char c : color.substring(1).toCharArray()) {
        six.append(c).append(c);
      }
      return six.toString().toUpperCase(Locale.ROOT);
    }
    return null;
  }
}
