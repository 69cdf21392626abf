package dev.collab.server.internal.export.docx;

import dev.collab.internal.json.BoundedJson;
import dev.collab.ot.Delta;
import dev.collab.server.internal.export.model.DocumentBuilder;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.xwpf.usermodel.Borders;
import org.apache.poi.xwpf.usermodel.IBodyElement;
import org.apache.poi.xwpf.usermodel.IRunElement;
import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.UnderlinePatterns;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFHyperlink;
import org.apache.poi.xwpf.usermodel.XWPFHyperlinkRun;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;

/**
 * Reads Word (DOCX) with Apache POI, which parses its XML without resolving external entities and
 * refuses zip bombs. Word's heading, quote and code styles (by id or by name, as Word and
 * LibreOffice write them) become headers, blockquotes and code blocks; numbered paragraphs become
 * lists; run properties become inline formats; hyperlinks become links. A table's cells become
 * paragraphs; pictures, comments, headers and footers are not read.
 */
public final class DocxImporter {
  private static final Pattern HEADING = Pattern.compile("(?i)heading\\s*([1-6])|title");
  private static final Set<String> MONOSPACE = Set.of("courier new", "courier", "consolas", "menlo", "monaco",
      "liberation mono", "dejavu sans mono", "source code pro", "monospace");

  private final XWPFDocument word;
  private final DocumentBuilder out;

  private DocxImporter(XWPFDocument word, int maxLength) {
    this.word = word;
    this.out = new DocumentBuilder(maxLength);
  }

  /** The document in these DOCX bytes, at most {@code maxLength} characters long. */
  public static Delta read(byte[] docx, int maxLength) {
    try (XWPFDocument word = new XWPFDocument(new ByteArrayInputStream(docx))) {
      DocxImporter importer = new DocxImporter(word, maxLength);
      for (IBodyElement element : word.getBodyElements()) {
        importer.element(element);
      }
      return importer.out.build();
    } catch (IOException e) {
      throw new UncheckedIOException("not a DOCX file: " + e.getMessage(), e);
    }
  }

  private void element(IBodyElement element) {
    if (element instanceof XWPFParagraph) {
      paragraph((XWPFParagraph) element);
    } else if (element instanceof XWPFTable) {
      for (XWPFTableRow row : ((XWPFTable) element).getRows()) {
        for (XWPFTableCell cell : row.getTableCells()) {
          for (IBodyElement inner : cell.getBodyElements()) {
            element(inner);
          }
        }
      }
    }
  }

  private void paragraph(XWPFParagraph p) {
    Map<String, JsonValue> block = lineFormats(p);
    if (p.getText().isEmpty() && p.getBorderBottom() != Borders.NONE && p.getBorderBottom() != Borders.NIL) {
      out.embed("divider", JsonValue.TRUE, Map.of());
      out.endLine(Map.of());
      return;
    }
    boolean first = true;
    for (IRunElement element : p.getIRuns()) {
      if (element instanceof XWPFRun) {
        String text = ((XWPFRun) element).text();
        if (first && block.containsKey("list")) {
          text = text.replaceFirst("^[\u2611\u2610\u2612] ?", ""); // the checkbox the exporter wrote
        }
        first = false;
        run((XWPFRun) element, text, block);
      }
    }
    out.endLine(block);
  }

  private void run(XWPFRun run, String text, Map<String, JsonValue> block) {
    Map<String, JsonValue> f = new LinkedHashMap<>();
    if (run.isBold() && !block.containsKey("header")) {
      f.put("bold", JsonValue.TRUE);
    }
    if (run.isItalic() && !block.containsKey("blockquote")) {
      f.put("italic", JsonValue.TRUE);
    }
    if (run.getUnderline() != UnderlinePatterns.NONE && !(run instanceof XWPFHyperlinkRun)) {
      f.put("underline", JsonValue.TRUE);
    }
    if (run.isStrikeThrough() || run.isDoubleStrikeThrough()) {
      f.put("strike", JsonValue.TRUE);
    }
    String align = run.getVerticalAlignment() == null ? "" : run.getVerticalAlignment().toString().toLowerCase(Locale.ROOT);
    if (align.equals("superscript") || align.equals("subscript")) {
      f.put("script", string(align.equals("superscript") ? "super" : "sub"));
    }
    String family = run.getFontFamily();
    if (family != null && MONOSPACE.contains(family.toLowerCase(Locale.ROOT)) && !block.containsKey("code-block")) {
      f.put("code", JsonValue.TRUE);
    }
    String color = run.getColor();
    if (color != null && color.matches("[0-9A-Fa-f]{6}") && !(run instanceof XWPFHyperlinkRun)) {
      f.put("color", string("#" + color.toLowerCase(Locale.ROOT)));
    }
    if (run instanceof XWPFHyperlinkRun) {
      XWPFHyperlink link = ((XWPFHyperlinkRun) run).getHyperlink(word);
      if (link != null && link.getURL() != null) {
        f.put("link", string(link.getURL()));
      }
    }
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        out.endLine(block);
      }
      out.text(lines[i].replace('\t', ' '), f);
    }
  }

  private Map<String, JsonValue> lineFormats(XWPFParagraph p) {
    Map<String, JsonValue> f = new LinkedHashMap<>();
    String style = styleName(p);
    Matcher heading = HEADING.matcher(style);
    if (heading.matches()) {
      f.put("header", BoundedJson.PROVIDER.createValue(heading.group(1) == null ? 1 : Integer.parseInt(heading.group(1))));
    } else if (style.matches("(?i)(intense\\s*)?quote")) {
      f.put("blockquote", JsonValue.TRUE);
    } else if (style.matches("(?i)code|html\\s*preformatted|source\\s*code|preformatted\\s*text")) {
      f.put("code-block", JsonValue.TRUE);
    }
    BigInteger num = p.getNumID();
    if (num != null && num.signum() > 0) {
      String format = p.getNumFmt();
      f.put("list", string(format == null || format.equals("bullet") ? "bullet" : "ordered"));
      String first = p.getRuns().isEmpty() ? "" : p.getRuns().get(0).text();
      if (first.startsWith("\u2611") || first.startsWith("\u2612")) {
        f.put("list", string("checked"));
      } else if (first.startsWith("\u2610")) {
        f.put("list", string("unchecked"));
      }
      BigInteger level = p.getNumIlvl();
      if (level != null && level.intValue() > 0) {
        f.put("indent", BoundedJson.PROVIDER.createValue(Math.min(8, level.intValue())));
      }
    } else if (p.getIndentationLeft() >= 720 && !f.containsKey("blockquote")) {
      f.put("indent", BoundedJson.PROVIDER.createValue(Math.min(8, p.getIndentationLeft() / 720)));
    }
    ParagraphAlignment align = p.getAlignment();
    if (align == ParagraphAlignment.CENTER) {
      f.put("align", string("center"));
    } else if (align == ParagraphAlignment.RIGHT || align == ParagraphAlignment.END) {
      f.put("align", string("right"));
    } else if (align == ParagraphAlignment.BOTH) {
      f.put("align", string("justify"));
    }
    return f;
  }

  /** The paragraph style's id and name, as one string to match ("Heading1 heading 1"). */
  private String styleName(XWPFParagraph p) {
    String id = p.getStyleID();
    if (id == null) {
      return "";
    }
    XWPFStyle style = word.getStyles() == null ? null : word.getStyles().getStyle(id);
    String name = style == null ? null : style.getName();
    return name != null && HEADING.matcher(name).matches() || name != null && !HEADING.matcher(id).matches() && isKnown(name) ? name : id;
  }

  private static boolean isKnown(String name) {
    return name.matches("(?i)(intense\\s*)?quote|code|html\\s*preformatted|source\\s*code|preformatted\\s*text");
  }

  private static JsonValue string(String value) {
    return BoundedJson.PROVIDER.createValue(value);
  }
}
