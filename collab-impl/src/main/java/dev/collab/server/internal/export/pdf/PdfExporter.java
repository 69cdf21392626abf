package dev.collab.server.internal.export.pdf;

import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import dev.collab.ot.Delta;
import dev.collab.server.internal.export.html.HtmlExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jsoup.helper.W3CDom;

/**
 * A document as PDF (A4): its HTML export, with images as links, rendered by openhtmltopdf. Every
 * external resource (image, style sheet, font) is refused before and after its URI is resolved, so
 * rendering never makes a request; the page's own inline style sheet is all it uses. Text is set in
 * the PDF standard fonts (Helvetica, Courier), which cover Latin-1 only (docs/EXPORT.md).
 */
public final class PdfExporter {
  private static final String PAGE = "@page{size:A4;margin:2cm}body{margin:0}li[data-checked]::before{content:none}";

  private PdfExporter() {}

  /** The document as PDF bytes. */
  public static byte[] toPdf(Delta document, String title) {
    org.jsoup.nodes.Document page = HtmlExporter.page(document, title, true);
    page.head().appendElement("style").appendText(PAGE);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PdfRendererBuilder builder = new PdfRendererBuilder();
    builder.useFastMode();
    builder.useExternalResourceAccessControl((uri, type) -> false, ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI);
    builder.useExternalResourceAccessControl((uri, type) -> false, ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI);
    builder.withW3cDocument(new W3CDom().fromJsoup(page), null);
    builder.toStream(bytes);
    try {
      builder.run();
    } catch (IOException e) {
      throw new UncheckedIOException("rendering the PDF failed", e);
    }
    return bytes.toByteArray();
  }
}
