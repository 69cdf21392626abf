package dev.collab.export;

import dev.collab.CommittedOp;
import dev.collab.DocumentInfo;
import dev.collab.User;
import dev.collab.ot.Delta;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Exports rich-text documents (head or any version) and imports files into them. collab-impl
 * provides it as a CDI bean; outside CDI, {@code dev.collab.server.export.Converters} builds one
 * for a {@code Collab}.
 *
 * <p>Imports are sanitised to the server's rich-text schema: an attribute or embed the schema
 * refuses (an unknown format, a {@code javascript:} link, an image that is not an http(s) URL) is
 * dropped, the rest kept. Nothing in an input is run or fetched. Thread-safe. Checks no access:
 * the caller does.
 */
public interface DocumentConverter {
  /** The largest input an import reads, in bytes (2 MiB). */
  int MAX_IMPORT_BYTES = 2 * 1024 * 1024;

  /** The longest document an import may produce, in characters (the Delta's length). */
  int MAX_IMPORT_LENGTH = 1_000_000;

  /**
   * The formats whose libraries are on the class path.
   *
   * @return the export formats offered; plain text always
   */
  Set<ExportFormat> exportFormats();

  /**
   * The import formats whose libraries are on the class path.
   *
   * @return the import formats offered
   */
  Set<ImportFormat> importFormats();

  /**
   * Converts a rich-text document.
   *
   * @param document a document Delta (inserts only)
   * @param title the title, used for the HTML title and the PDF's metadata
   * @param format the output format
   * @return the exported bytes (UTF-8 for the text formats)
   * @throws ConversionException {@code FORMAT_UNAVAILABLE} when the format's library is absent
   */
  byte[] export(Delta document, String title, ExportFormat format);

  /**
   * Exports a stored document at its head or at a version.
   *
   * @param documentId the document's id
   * @param version the version, or null for the head
   * @param format the output format
   * @return a stage completed with the export, or exceptionally with a {@link ConversionException}
   *     or the {@code CollabException} of {@code Collab.read}/{@code readAt} ({@code
   *     unknown-document}, {@code version-ahead}, {@code history-gone}); {@code bad-message} for
   *     a document that is not rich text
   */
  CompletionStage<Export> export(String documentId, @Nullable Long version, ExportFormat format);

  /**
   * Parses a file into a sanitised document Delta.
   *
   * @param input the file's bytes, at most {@link #MAX_IMPORT_BYTES}
   * @param format its format
   * @return a document Delta that the server's schema accepts, ending in a newline
   * @throws ConversionException {@code TOO_LARGE}, {@code MALFORMED} or {@code FORMAT_UNAVAILABLE}
   */
  Delta parse(byte[] input, ImportFormat format);

  /**
   * Creates a rich-text document with the file's content, committed as one edit by {@code creator}.
   *
   * @param id the new document's id, or null to have one generated
   * @param title its title
   * @param input the file's bytes
   * @param format its format
   * @param creator recorded as creator and author; no access check is made
   * @return the new document's metadata
   * @throws ConversionException as {@link #parse}, before anything is created
   */
  CompletionStage<DocumentInfo> importNew(@Nullable String id, String title, byte[] input, ImportFormat format, User creator);

  /**
   * Puts the file's content into an existing rich-text document, as one edit made on its head.
   *
   * @param documentId the document's id
   * @param user the author recorded with the edit; no access check is made
   * @param input the file's bytes
   * @param format its format
   * @param replace true to replace the whole content, false to append after it
   * @return a stage completed with the committed edit, or exceptionally as {@code Collab.edit}
   * @throws ConversionException as {@link #parse}
   */
  CompletionStage<CommittedOp> importInto(String documentId, User user, byte[] input, ImportFormat format, boolean replace);

  /**
   * An exported document.
   *
   * @param documentId the document's id
   * @param version the version exported
   * @param title the document's title
   * @param format the format
   * @param content the exported bytes
   */
  record Export(String documentId, long version, String title, ExportFormat format, byte[] content) {
    /**
     * A safe file name from the title ({@link ExportFormat#fileName}).
     *
     * @return e.g. {@code Minutes.docx}
     */
    public String fileName() {
      return format.fileName(title);
    }
  }
}
