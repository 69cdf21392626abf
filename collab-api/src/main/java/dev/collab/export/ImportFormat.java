package dev.collab.export;

import java.util.Locale;
import java.util.Optional;

/** A format a document can be imported from. */
public enum ImportFormat {
  /** An HTML page or fragment; only the formats of the schema are kept, nothing is run or fetched. */
  HTML("text/html", "html"),
  /** CommonMark, with GitHub's {@code ~~strikethrough~~}. */
  MARKDOWN("text/markdown", "md"),
  /** Word (Office Open XML); pictures and tables' layout are not kept (docs/EXPORT.md). */
  DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx");

  private final String mediaType;
  private final String extension;

  ImportFormat(String mediaType, String extension) {
    this.mediaType = mediaType;
    this.extension = extension;
  }

  /**
   * The media type this format is sent with.
   *
   * @return e.g. {@code text/html}
   */
  public String mediaType() {
    return mediaType;
  }

  /**
   * The format of a body with this media type (parameters such as {@code charset} ignored) or of a
   * file with this extension; {@code text/x-markdown} and {@code markdown} are Markdown too.
   *
   * @param name a media type or a file extension, without case
   * @return the format, or empty when none matches
   */
  public static Optional<ImportFormat> byName(String name) {
    String n = name.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (n.equals("text/x-markdown") || n.equals("markdown") || n.equals("htm")) {
      return Optional.of(n.equals("htm") ? HTML : MARKDOWN);
    }
    for (ImportFormat f : values()) {
      if (f.mediaType.equals(n) || f.extension.equals(n)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
