package dev.collab.server.internal.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Bounds the documents loaded on one node ({@link EngineConfig#maxLoadedDocuments()}) against the
 * joins of clients. Under the bound a join goes ahead at once. At the bound the documents nobody
 * uses (no subscriber, listener or pending submit) are unloaded first, whatever their idle time;
 * the join goes ahead if that made room, and is refused ({@code rate-limited}) only if it did not.
 * One such sweep runs at a time: joins arriving meanwhile wait for the same one.
 *
 * <p>The bound is soft by the number of joins admitted at the same instant (each counts the
 * documents before its own loads). The application's own calls ({@code edit}, {@code read},
 * {@code listen}) are not refused: the application decides what it opens.
 */
final class LoadAdmission {
  private final DocumentRegistry documents;
  private final int max;
  /** The sweep in progress, or the last one (done). */
  private final AtomicReference<CompletableFuture<Void>> sweep =
      new AtomicReference<>(CompletableFuture.completedFuture(null));

  LoadAdmission(DocumentRegistry documents, int max) {
    this.documents = documents;
    this.max = max;
  }

  /** Completes with whether a join of {@code documentId} may load it; at once under the bound. */
  CompletableFuture<Boolean> admit(String documentId) {
    if (hasRoom(documentId)) {
      return CompletableFuture.completedFuture(true);
    }
    return unloadUnused().thenApply(done -> hasRoom(documentId));
  }

  private boolean hasRoom(String documentId) {
    return documents.loaded(documentId) != null || documents.size() < max;
  }

  /** The message of a refusal. */
  String refusal() {
    return "this node has " + max + " documents open, the most allowed (collab.max-loaded-documents), and none"
        + " unused; try again later";
  }

  private CompletableFuture<Void> unloadUnused() {
    while (true) {
      CompletableFuture<Void> current = sweep.get();
      if (!current.isDone()) {
        return current;
      }
      CompletableFuture<Void> next = new CompletableFuture<>();
      if (sweep.compareAndSet(current, next)) {
        CompletableFuture<?>[] decided = documents.all().stream()
            .map(sequencer -> sequencer.unloadIfIdle(0)).toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(decided).whenComplete((v, e) -> next.complete(null));
        return next;
      }
    }
  }
}
