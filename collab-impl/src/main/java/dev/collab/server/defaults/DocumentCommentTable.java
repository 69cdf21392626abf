package dev.collab.server.defaults;

import dev.collab.comments.CommentThread;
import dev.collab.spi.CommentStore.SaveResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * The comment threads of one document of the {@link InMemoryDocumentStore}, by thread id in the
 * order they were first saved. Every method holds this object's monitor, which makes {@link #save}
 * a compare-and-set; once {@link #close closed} (the document was deleted) nothing is written, so
 * a thread racing the deletion never reaches a document created again with the same id.
 */
final class DocumentCommentTable {
  /** Guarded by this. Insertion order is the order of first save: replacing a value keeps its place. */
  private final LinkedHashMap<String, CommentThread> threads = new LinkedHashMap<>();
  /** Guarded by this. */
  private boolean closed;

  synchronized SaveResult save(CommentThread thread) {
    if (closed) {
      return SaveResult.NO_DOCUMENT;
    }
    CommentThread stored = threads.get(thread.id());
    long expected = thread.revision() - 1;
    if (stored == null ? expected != 0 : stored.revision() != expected) {
      return SaveResult.CONFLICT;
    }
    threads.put(thread.id(), thread);
    return SaveResult.SAVED;
  }

  synchronized boolean delete(String threadId, long revision) {
    CommentThread stored = threads.get(threadId);
    if (stored == null || stored.revision() != revision) {
      return false;
    }
    threads.remove(threadId);
    return true;
  }

  synchronized Optional<CommentThread> find(String threadId) {
    return Optional.ofNullable(threads.get(threadId));
  }

  synchronized List<CommentThread> all() {
    return List.copyOf(threads.values());
  }

  synchronized int size() {
    return threads.size();
  }

  /** The document was deleted: forget every thread and refuse new ones. */
  synchronized void close() {
    closed = true;
    threads.clear();
  }
}
