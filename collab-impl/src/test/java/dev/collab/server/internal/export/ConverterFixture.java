package dev.collab.server.internal.export;

import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.internal.engine.CollabEngine;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A converter on an engine over the in-memory store, as the server builds them (the Quill schema),
 * for one test class: {@code @RegisterExtension static final ConverterFixture FIXTURE = new ConverterFixture();}.
 */
final class ConverterFixture implements BeforeAllCallback, AfterAllCallback {
  private CollabEngine engine;
  private Converter converter;

  Converter converter() {
    return converter;
  }

  /** The schema the engine checks edits against, and imports are held to. */
  dev.collab.ot.RichTextSchema schema() {
    return engine.richTextSchema();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    engine = CollabEngine.builder().store(new InMemoryDocumentStore()).build();
    converter = new Converter(engine, engine.richTextSchema(), ForkJoinPool.commonPool());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    engine.close();
  }
}
