package dev.collab.server.defaults;

import dev.collab.comments.CommentThread;
import dev.collab.spi.CommentStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The {@link CommentStore} of the {@link InMemoryDocumentStore}: each document's threads live with
 * the document ({@link DocumentCommentTable}) and go with it. Thread-safe; a save is a
 * compare-and-set under the document's table monitor.
 */
final class InMemoryCommentStore implements CommentStore {

  /** The comment table of a held document, or null when there is no such document. */
  private final Function<String, @Nullable DocumentCommentTable> tables;

  InMemoryCommentStore(Function<String, @Nullable DocumentCommentTable> tables) {
    this.tables = tables;
  }

  @Override
  public List<CommentThread> threads(String documentId) {
    DocumentCommentTable table = tables.apply(documentId);
    return table == null ? List.of() : table.all();
  }

  @Override
  public Optional<CommentThread> thread(String documentId, String threadId) {
    DocumentCommentTable table = tables.apply(documentId);
    return table == null ? Optional.empty() : table.find(threadId);
  }

  @Override
  public SaveResult save(CommentThread thread) {
    DocumentCommentTable table = tables.apply(thread.documentId());
    // A table closed after this lookup (the document deleted meanwhile) refuses the write too.
    return table == null ? SaveResult.NO_DOCUMENT : table.save(thread);
  }

  @Override
  public boolean delete(String documentId, String threadId, long revision) {
    DocumentCommentTable table = tables.apply(documentId);
    return table != null && table.delete(threadId, revision);
  }

  @Override
  public int count(String documentId) {
    DocumentCommentTable table = tables.apply(documentId);
    return table == null ? 0 : table.size();
  }
}
