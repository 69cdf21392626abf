package dev.collab.spi;

import dev.collab.comments.CommentThread;
import java.util.List;
import java.util.Optional;

/**
 * Where a store keeps the comment threads of documents ({@link DocumentStore#comments()}). Both
 * shipped stores implement it; the TCK's {@code StoreKitComments} checks an implementation.
 *
 * <p><b>A thread is written whole</b>, with its anchor, comments and state, and only over the
 * revision before it: {@link #save} is a compare-and-set on {@link CommentThread#revision()}, so
 * that two nodes changing one thread at once cannot both win (the loser reads the thread again and
 * retries). Every write is atomic and durable on return; a read sees a write once it has returned,
 * on any node.
 *
 * <p><b>Threads belong to their document</b>: deleting the document deletes them, and a document
 * created again with the same id starts with none. A thread for a document that does not exist is
 * never written.
 *
 * <p><b>Who calls it.</b> The engine, on its background threads, inside the document's turn on one
 * node (but several nodes may call it for one document at once): {@link #threads} when the document
 * is loaded, the others for each change of a thread.
 */
public interface CommentStore {

  /** The outcome of {@link #save}. */
  enum SaveResult {
    /** The thread is stored. */
    SAVED,
    /** The stored revision was not the expected one (another write came first): nothing written. */
    CONFLICT,
    /** The document does not exist: nothing written. */
    NO_DOCUMENT
  }

  /**
   * The document's threads in the order they were first saved (oldest first).
   *
   * @param documentId the document
   * @return the threads, empty when there are none or the document does not exist; an unmodifiable
   *     snapshot
   */
  List<CommentThread> threads(String documentId);

  /**
   * One thread.
   *
   * @param documentId the document
   * @param threadId the thread
   * @return the thread as last saved, or empty
   */
  Optional<CommentThread> thread(String documentId, String threadId);

  /**
   * Writes {@code thread} (its {@link CommentThread#documentId()} and {@link CommentThread#id()})
   * if the stored thread's revision is {@code thread.revision() - 1}, or, for revision 1, if there
   * is no such thread yet.
   *
   * @param thread the thread to store
   * @return {@link SaveResult#SAVED}, {@link SaveResult#CONFLICT} (a thread of another revision is
   *     stored, or none where revision 1 was not given), or {@link SaveResult#NO_DOCUMENT}
   */
  SaveResult save(CommentThread thread);

  /**
   * Deletes a thread with all its comments, if its stored revision is {@code revision}.
   *
   * @param documentId the document
   * @param threadId the thread
   * @param revision the revision the caller read
   * @return true when it was deleted; false when it was not there or had another revision
   */
  boolean delete(String documentId, String threadId, long revision);

  /**
   * How many threads the document has, for the limit of {@link CommentThread#MAX_PER_DOCUMENT}.
   * The default counts {@link #threads}.
   *
   * @param documentId the document
   * @return the number of threads, 0 when the document does not exist
   */
  default int count(String documentId) {
    return threads(documentId).size();
  }
}
