package dev.collab.server.internal.engine;

import dev.collab.CollabException;
import dev.collab.ErrorCode;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The documents loaded on one node: one {@link DocumentSequencer} per document id, created on first
 * use and removed when it closes (idle, deleted, the engine closing). Also what admits the loading
 * of documents ({@link LoadAdmission}), the idle sweep, the catch-up after a bus loss, and the
 * drain. Thread-safe.
 */
final class DocumentRegistry {
  private static final System.Logger LOG = System.getLogger(DocumentRegistry.class.getName());
  private final DocumentContext context;
  private final ConcurrentHashMap<String, DocumentSequencer<?>> sequencers = new ConcurrentHashMap<>();
  /** Told the id of every document this node unloads (see {@link #onUnload}). Copy-on-write. */
  private final CopyOnWriteArrayList<Consumer<String>> unloadListeners = new CopyOnWriteArrayList<>();
  private final LoadAdmission loadAdmission;
  /** Set by {@link #drain}: new joins and submits are refused with {@code draining}. */
  private volatile boolean draining;

  DocumentRegistry(DocumentContext context) {
    this.context = context;
    this.loadAdmission = new LoadAdmission(this, context.config().maxLoadedDocuments());
  }

  /** The document's sequencer, created (not yet loaded) if none is. */
  DocumentSequencer<?> sequencer(String documentId) {
    if (context.executors().isClosed()) {
      throw new CollabException(ErrorCode.DRAINING, "the engine is closed");
    }
    return sequencers.computeIfAbsent(documentId, id -> new DocumentSequencer<>(context, this, id));
  }

  /** The document's sequencer if it is loaded on this node, without loading it. */
  @Nullable DocumentSequencer<?> loaded(String documentId) {
    return sequencers.get(documentId);
  }

  /** A sequencer closed: it is forgotten (if still the registered one) and the unload listeners told. */
  void removed(DocumentSequencer<?> sequencer) {
    if (!sequencers.remove(sequencer.id(), sequencer)) {
      return;
    }
    for (Consumer<String> listener : unloadListeners) {
      try {
        listener.accept(sequencer.id());
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "collab: an unload listener failed for document " + sequencer.id(), e);
      }
    }
  }

  /** See {@link CollabEngine#onUnload}. */
  Runnable onUnload(Consumer<String> listener) {
    unloadListeners.add(Objects.requireNonNull(listener, "listener"));
    return () -> unloadListeners.remove(listener);
  }

  /** The sequencers of this node now (a copy). */
  List<DocumentSequencer<?>> all() {
    return List.copyOf(sequencers.values());
  }

  int size() {
    return sequencers.size();
  }

  /**
   * Whether a client's join may load {@code documentId} on this node ({@link LoadAdmission});
   * completes at once under {@link EngineConfig#maxLoadedDocuments()}.
   */
  CompletableFuture<Boolean> admitJoin(String documentId) {
    return loadAdmission.admit(documentId);
  }

  String loadRefusal() {
    return loadAdmission.refusal();
  }

  boolean isDraining() {
    return draining;
  }

  /** See {@link CollabEngine#drain}. */
  CompletableFuture<Void> drain() {
    draining = true;
    CompletableFuture<?>[] quiet = sequencers.values().stream()
        .map(DocumentSequencer::quiesce).toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(quiet);
  }

  /** The bus may have lost messages: every loaded document reads its head from the store. */
  void recoverFromBusLoss() {
    for (DocumentSequencer<?> sequencer : sequencers.values()) {
      sequencer.resyncFromStore();
    }
  }

  /** Unloads the documents idle for {@link EngineConfig#idleUnload()}; run by the engine's timer. */
  void sweepIdle() {
    long idle = context.config().idleUnload().toNanos();
    for (DocumentSequencer<?> sequencer : sequencers.values()) {
      sequencer.unloadIfIdle(idle);
    }
  }

  /** The document was deleted through this node: its loaded copy, if any, is dropped on its turn. */
  void deleted(String documentId) {
    DocumentSequencer<?> loaded = sequencers.get(documentId);
    if (loaded != null) {
      loaded.deleted();
    }
  }

  /** The engine closes: every document closes on its turn. */
  void closeAll() {
    for (DocumentSequencer<?> sequencer : List.copyOf(sequencers.values())) {
      sequencer.closeNow();
    }
  }

  /** A simulated crash: every document is forgotten without being told. */
  void clear() {
    sequencers.clear();
  }
}
