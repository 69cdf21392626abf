package dev.collab.server.internal.export;

import dev.collab.export.ExportFormat;
import dev.collab.export.ImportFormat;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Which export and import formats this class path supports, found by looking for one class of each
 * optional library by name, without loading it (as {@code MeterBinding} does for Micrometer).
 */
public final class Libraries {
  static final String JSOUP = "org.jsoup.Jsoup";
  static final String COMMONMARK = "org.commonmark.renderer.markdown.MarkdownRenderer";
  static final String STRIKETHROUGH = "org.commonmark.ext.gfm.strikethrough.StrikethroughExtension";
  static final String POI = "org.apache.poi.xwpf.usermodel.XWPFDocument";
  static final String OPENHTMLTOPDF = "com.openhtmltopdf.pdfboxout.PdfRendererBuilder";

  private Libraries() {}

  /** The classes an export format needs. */
  static List<String> needs(ExportFormat format) {
    switch (format) {
      case HTML:
        return List.of(JSOUP);
      case MARKDOWN:
        return List.of(COMMONMARK, STRIKETHROUGH);
      case DOCX:
        return List.of(POI);
      case PDF:
        return List.of(JSOUP, OPENHTMLTOPDF);
      default:
        return List.of();
    }
  }

  /** The classes an import format needs. */
  static List<String> needs(ImportFormat format) {
    switch (format) {
      case HTML:
        return List.of(JSOUP);
      case MARKDOWN:
        return List.of(COMMONMARK, STRIKETHROUGH, JSOUP);
      default:
        return List.of(POI);
    }
  }

  /** The export formats whose libraries {@code loader} finds. */
  public static Set<ExportFormat> exportFormats(ClassLoader loader) {
    return available(ExportFormat.class, Libraries::needs, loader);
  }

  /** The import formats whose libraries {@code loader} finds. */
  public static Set<ImportFormat> importFormats(ClassLoader loader) {
    return available(ImportFormat.class, Libraries::needs, loader);
  }

  private static <F extends Enum<F>> Set<F> available(Class<F> type, Function<F, List<String>> needs, ClassLoader loader) {
    Set<F> formats = EnumSet.noneOf(type);
    for (F f : type.getEnumConstants()) {
      if (needs.apply(f).stream().allMatch(c -> present(c, loader))) {
        formats.add(f);
      }
    }
    return formats;
  }

  private static boolean present(String className, ClassLoader loader) {
    try {
      Class.forName(className, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError absent) {
      return false; // the library is not deployed: its formats are not offered
    }
  }
}
