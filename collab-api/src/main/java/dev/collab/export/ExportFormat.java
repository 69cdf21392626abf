package dev.collab.export;

import java.util.Locale;
import java.util.Optional;

/** A format a document can be exported in: its media type, file extension and short name. */
public enum ExportFormat {
  /** A self-contained, sanitised HTML page: no script, inline styles only; images stay links. */
  HTML("text/html", "html", "html"),
  /** CommonMark, with GitHub's {@code ~~strikethrough~~}. */
  MARKDOWN("text/markdown", "md", "markdown"),
  /** The text alone, one line per paragraph. */
  TEXT("text/plain", "txt", "text"),
  /** Word (Office Open XML). */
  DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "docx"),
  /** PDF, A4, rendered from the HTML export without fetching anything. */
  PDF("application/pdf", "pdf", "pdf");

  private final String mediaType;
  private final String extension;
  private final String longName;

  ExportFormat(String mediaType, String extension, String longName) {
    this.mediaType = mediaType;
    this.extension = extension;
    this.longName = longName;
  }

  /**
   * The media type of the exported bytes (text types are UTF-8).
   *
   * @return e.g. {@code text/markdown}
   */
  public String mediaType() {
    return mediaType;
  }

  /**
   * The file extension, without the dot.
   *
   * @return e.g. {@code md}
   */
  public String extension() {
    return extension;
  }

  /**
   * The format named {@code name}: its extension or long name ({@code md} or {@code markdown},
   * {@code txt} or {@code text}, ...) or its media type, without case.
   *
   * @param name a name as a user types it, e.g. the REST {@code format} parameter
   * @return the format, or empty when none has that name
   */
  public static Optional<ExportFormat> byName(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (ExportFormat f : values()) {
      if (f.extension.equals(n) || f.longName.equals(n) || f.mediaType.equals(n)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /**
   * A file name for a document with this title: the title's letters, digits, spaces, dots, hyphens
   * and underscores (at most 100), or {@code document} when none is left, with this extension. Safe
   * in a {@code Content-Disposition} header and on every file system.
   *
   * @param title the document's title, may be empty
   * @return e.g. {@code Minutes 2026-12-07.pdf}
   */
  public String fileName(String title) {
    String safe = title.replaceAll("[^\\p{L}\\p{N} ._-]", " ").replaceAll("\\s+", " ").trim();
    safe = safe.replaceAll("^[.\\s]+|[.\\s]+$", "");
    if (safe.length() > 100) {
      safe = safe.substring(0, 100).trim();
    }
    return (safe.isEmpty() ? "document" : safe) + "." + extension;
  }
}
