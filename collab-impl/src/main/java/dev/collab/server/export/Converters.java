package dev.collab.server.export;

import dev.collab.Collab;
import dev.collab.export.DocumentConverter;
import dev.collab.ot.RichTextSchema;
import dev.collab.server.internal.export.Converter;
import java.util.concurrent.Executor;

/** Builds collab-impl's {@link DocumentConverter} outside CDI. */
public final class Converters {
  private Converters() {}

  /**
   * A converter reading and writing through {@code collab}.
   *
   * @param collab the application API of an engine
   * @param schema what imports keep: the schema of the engine's rich-text type, e.g.
   *     {@link RichTextSchema#QUILL}
   * @param executor where conversions of stored documents run (not a document's thread)
   * @return a thread-safe converter offering the formats whose libraries are on the class path
   */
  public static DocumentConverter create(Collab collab, RichTextSchema schema, Executor executor) {
    return new Converter(collab, schema, executor);
  }
}
