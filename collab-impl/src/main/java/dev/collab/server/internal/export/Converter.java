package dev.collab.server.internal.export;

import dev.collab.Collab;
import dev.collab.CollabException;
import dev.collab.CommittedOp;
import dev.collab.DocumentInfo;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.export.ConversionException;
import dev.collab.export.ConversionException.Reason;
import dev.collab.export.DocumentConverter;
import dev.collab.export.ExportFormat;
import dev.collab.export.ImportFormat;
import dev.collab.ot.Delta;
import dev.collab.ot.DeltaJson;
import dev.collab.ot.JsonLimits;
import dev.collab.ot.RichText;
import dev.collab.ot.RichTextSchema;
import dev.collab.server.internal.export.docx.DocxExporter;
import dev.collab.server.internal.export.docx.DocxImporter;
import dev.collab.server.internal.export.html.HtmlExporter;
import dev.collab.server.internal.export.html.HtmlImporter;
import dev.collab.server.internal.export.markdown.MarkdownExporter;
import dev.collab.server.internal.export.markdown.MarkdownImporter;
import dev.collab.server.internal.export.model.DocumentBuilder;
import dev.collab.server.internal.export.model.PlainText;
import dev.collab.server.internal.export.model.Sanitizer;
import dev.collab.server.internal.export.pdf.PdfExporter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * collab-impl's {@link DocumentConverter}: reads through a {@link Collab}, converts on {@code
 * executor} (never on a document's sequencer thread), and calls a format's subpackage only when
 * {@link Libraries} found its libraries. Thread-safe.
 */
public final class Converter implements DocumentConverter {
  private final Collab collab;
  private final RichTextSchema schema;
  private final Executor executor;
  private final Set<ExportFormat> exportFormats;
  private final Set<ImportFormat> importFormats;

  /**
   * A converter.
   *
   * @param collab where documents are read and written
   * @param schema what an import keeps (the server's rich-text schema)
   * @param executor where conversions of stored documents run
   */
  public Converter(Collab collab, RichTextSchema schema, Executor executor) {
    this.collab = Objects.requireNonNull(collab, "collab");
    this.schema = Objects.requireNonNull(schema, "schema");
    this.executor = Objects.requireNonNull(executor, "executor");
    ClassLoader loader = Converter.class.getClassLoader();
    this.exportFormats = Set.copyOf(Libraries.exportFormats(loader));
    this.importFormats = Set.copyOf(Libraries.importFormats(loader));
  }

  @Override
  public Set<ExportFormat> exportFormats() {
    return exportFormats;
  }

  @Override
  public Set<ImportFormat> importFormats() {
    return importFormats;
  }

  @Override
  public byte[] export(Delta document, String title, ExportFormat format) {
    if (!exportFormats.contains(format)) {
      throw new ConversionException(Reason.FORMAT_UNAVAILABLE, "export as " + format.extension()
          + " needs " + Libraries.needs(format) + " on the server's class path (docs/EXPORT.md)");
    }
    Delta safe = Sanitizer.sanitize(document, RichTextSchema.QUILL);
    switch (format) {
      case HTML:
        return HtmlExporter.toHtml(safe, title, false).getBytes(StandardCharsets.UTF_8);
      case MARKDOWN:
        return MarkdownExporter.toMarkdown(safe).getBytes(StandardCharsets.UTF_8);
      case DOCX:
        return DocxExporter.toDocx(safe, title);
      case PDF:
        return PdfExporter.toPdf(safe, title);
      default:
        return PlainText.of(safe).getBytes(StandardCharsets.UTF_8);
    }
  }

  @Override
  public CompletionStage<Export> export(String documentId, @Nullable Long version, ExportFormat format) {
    DocumentInfo info;
    try {
      info = richText(documentId);
    } catch (CollabException e) {
      return CompletableFuture.failedFuture(e);
    }
    return (version == null ? collab.read(documentId) : collab.readAt(documentId, version)).thenApplyAsync(content -> {
      Delta document = DeltaJson.decodeDocument(content.data(), JsonLimits.STORAGE);
      return new Export(documentId, content.version(), info.title(), format, export(document, info.title(), format));
    }, executor);
  }

  @Override
  public Delta parse(byte[] input, ImportFormat format) {
    if (!importFormats.contains(format)) {
      throw new ConversionException(Reason.FORMAT_UNAVAILABLE, "import from " + format.name().toLowerCase(java.util.Locale.ROOT)
          + " needs " + Libraries.needs(format) + " on the server's class path (docs/EXPORT.md)");
    }
    if (input.length > MAX_IMPORT_BYTES) {
      throw new ConversionException(Reason.TOO_LARGE, "the file has " + input.length + " bytes; an import takes at most "
          + MAX_IMPORT_BYTES);
    }
    Delta parsed;
    try {
      switch (format) {
        case HTML:
          parsed = HtmlImporter.read(new String(input, StandardCharsets.UTF_8), MAX_IMPORT_LENGTH);
          break;
        case MARKDOWN:
          parsed = MarkdownImporter.read(new String(input, StandardCharsets.UTF_8), MAX_IMPORT_LENGTH);
          break;
        default:
          parsed = DocxImporter.read(input, MAX_IMPORT_LENGTH);
          break;
      }
    } catch (DocumentBuilder.TooLongException e) {
      throw new ConversionException(Reason.TOO_LARGE, e.getMessage(), e);
    } catch (RuntimeException e) {
      // POI answers a file that is not DOCX (or a zip bomb) with one of several runtime exceptions.
      throw new ConversionException(Reason.MALFORMED, "not a readable " + format.name() + " file: " + e.getMessage(), e);
    }
    return Sanitizer.sanitize(parsed, schema);
  }

  @Override
  public CompletionStage<DocumentInfo> importNew(@Nullable String id, String title, byte[] input, ImportFormat format, User creator) {
    Delta document = parse(input, format);
    DocumentInfo info = collab.create(id, RichText.NAME, title, Map.of(), creator);
    return collab.edit(info.id(), creator, DeltaJson.encode(document)).thenApply(op -> info);
  }

  @Override
  public CompletionStage<CommittedOp> importInto(String documentId, User user, byte[] input, ImportFormat format, boolean replace) {
    Delta document = parse(input, format);
    richText(documentId);
    return collab.read(documentId).thenCompose(head -> {
      int length = DeltaJson.decodeDocument(head.data(), JsonLimits.STORAGE).length();
      // An edit of the head just read; an edit that commits in between makes it invalid-op (try again).
      Delta edit = replace ? document.concat(Delta.builder().delete(length).build())
          : Delta.builder().retain(length).build().concat(document);
      return collab.edit(documentId, user, DeltaJson.encode(edit));
    });
  }

  private DocumentInfo richText(String documentId) {
    DocumentInfo info = collab.find(documentId);
    if (info == null) {
      throw new CollabException(ErrorCode.UNKNOWN_DOCUMENT, "no document " + documentId);
    }
    if (!info.type().equals(RichText.NAME)) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, "only rich-text documents are exported and imported; "
          + documentId + " is " + info.type());
    }
    return info;
  }
}
