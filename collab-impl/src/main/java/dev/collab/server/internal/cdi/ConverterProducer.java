package dev.collab.server.internal.cdi;

import dev.collab.export.DocumentConverter;
import dev.collab.server.internal.engine.CollabEngine;
import dev.collab.server.internal.export.Converter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.concurrent.ForkJoinPool;

/**
 * {@code @Inject DocumentConverter converter}: export and import on the application's engine,
 * keeping what the engine's rich-text schema accepts. Conversions of stored documents run on the
 * common fork-join pool, never on a document's sequencer thread.
 */
@ApplicationScoped
public class ConverterProducer {
  /** The converter of the application's engine. */
  @Produces
  @ApplicationScoped
  public DocumentConverter converter(CollabEngine engine) {
    return new Converter(engine, engine.richTextSchema(), ForkJoinPool.commonPool());
  }
}
