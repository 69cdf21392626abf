package dev.collab.server.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.collab.DocumentInfo;
import dev.collab.ot.RichText;
import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.LocalClusterBus;
import dev.collab.server.defaults.RoleAccessPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One writer per document: the parts of a sequencer refuse to be touched outside the document's
 * turn ({@link DocumentSequencer#checkTurn}), and work on it. Built from a {@link DocumentContext}
 * alone, as the registry builds them: a document needs no engine.
 */
class DocumentTurnTest {
  final InMemoryDocumentStore store = new InMemoryDocumentStore();
  final EngineMetrics metrics = new EngineMetrics();
  final EngineExecutors executors = new EngineExecutors("turn-test", store, EngineConfig.DEFAULTS, metrics);
  final DocumentContext context = new DocumentContext(store, new LocalClusterBus(), false, "turn-test",
      EngineConfig.DEFAULTS, new OtTypes(Map.of(RichText.NAME, RichText.SERVER)),
      new AccessCache(new RoleAccessPolicy(false), Duration.ofSeconds(30)), new ClientBindings(store), executors,
      metrics, Clock.systemUTC(), new CommentListeners());
  final DocumentRegistry registry = new DocumentRegistry(context);

  @AfterEach
  void stop() {
    executors.markClosed();
    executors.stop();
  }

  @Test
  @DisplayName("a part's state touched from another thread than the document's turn is refused")
  void outsideTheTurn() {
    store.create(new DocumentInfo("doc", RichText.NAME, "Doc", Map.of(), "ann", Instant.now()));
    DocumentSequencer<?> document = registry.sequencer("doc");

    assertThatThrownBy(() -> document.lifecycle().ensureLoaded())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("document doc")
        .hasMessageContaining("outside its turn");
    assertThatThrownBy(document::checkTurn).isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("on the turn the same call loads the document")
  void onTheTurn() throws Exception {
    store.create(new DocumentInfo("doc", RichText.NAME, "Doc", Map.of(), "ann", Instant.now()));
    DocumentSequencer<?> document = registry.sequencer("doc");
    CompletableFuture<Boolean> loaded = new CompletableFuture<>();
    document.execute(() -> {
      try {
        document.lifecycle().ensureLoaded();
        loaded.complete(document.lifecycle().isLoaded());
      } catch (RuntimeException e) {
        loaded.completeExceptionally(e);
      }
    });

    assertThat(loaded.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(registry.loaded("doc")).isSameAs(document);
  }
}
