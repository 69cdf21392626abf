package dev.collab.tck;

import dev.collab.comments.CommentThread;
import dev.collab.spi.CommentStore;
import dev.collab.spi.CommentStore.SaveResult;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Deliberately broken comment stores, each with one mistake a real implementation could make. */
final class BrokenCommentStores {

  private BrokenCommentStores() {}

  /**
   * Threads in a map of the {@link ReferenceStore}, under its monitor; correct unless a subclass
   * breaks one step ({@link #casInTwoSteps}, {@link #keepsThreads}).
   */
  abstract static class MapComments extends ReferenceStore {
    /** Document id to its threads in the order first saved; guarded by {@code this}. */
    private final Map<String, LinkedHashMap<String, CommentThread>> threads = new HashMap<>();

    /** Whether save checks the revision and writes in two steps, releasing the monitor between. */
    boolean casInTwoSteps() {
      return false;
    }

    /** Whether a deleted document's threads are kept (and so reach a document of the same id). */
    boolean keepsThreads() {
      return false;
    }

    @Override
    public synchronized boolean delete(String documentId) {
      if (!keepsThreads()) {
        threads.remove(documentId);
      }
      return super.delete(documentId);
    }

    private synchronized SaveResult check(CommentThread thread) {
      if (find(thread.documentId()).isEmpty()) {
        return SaveResult.NO_DOCUMENT;
      }
      CommentThread stored = threads.getOrDefault(thread.documentId(), new LinkedHashMap<>()).get(thread.id());
      long storedRevision = stored == null ? 0 : stored.revision();
      return storedRevision == thread.revision() - 1 ? SaveResult.SAVED : SaveResult.CONFLICT;
    }

    private synchronized SaveResult write(CommentThread thread, boolean check) {
      SaveResult result = check ? check(thread) : find(thread.documentId()).isEmpty() ? SaveResult.NO_DOCUMENT : SaveResult.SAVED;
      if (result == SaveResult.SAVED) {
        threads.computeIfAbsent(thread.documentId(), d -> new LinkedHashMap<>()).put(thread.id(), thread);
      }
      return result;
    }

    @Override
    public CommentStore comments() {
      return new CommentStore() {
        @Override
        public List<CommentThread> threads(String documentId) {
          synchronized (MapComments.this) {
            return List.copyOf(threads.getOrDefault(documentId, new LinkedHashMap<>()).values());
          }
        }

        @Override
        public Optional<CommentThread> thread(String documentId, String threadId) {
          synchronized (MapComments.this) {
            return Optional.ofNullable(threads.getOrDefault(documentId, new LinkedHashMap<>()).get(threadId));
          }
        }

        @Override
        public SaveResult save(CommentThread thread) {
          if (!casInTwoSteps()) {
            return write(thread, true);
          }
          SaveResult checked = check(thread);
          if (checked != SaveResult.SAVED) {
            return checked;
          }
          Thread.yield(); // the window between the check and the write
          return write(thread, false);
        }

        @Override
        public boolean delete(String documentId, String threadId, long revision) {
          synchronized (MapComments.this) {
            Map<String, CommentThread> ofDocument = threads.get(documentId);
            CommentThread stored = ofDocument == null ? null : ofDocument.get(threadId);
            return stored != null && stored.revision() == revision && ofDocument.remove(threadId) != null;
          }
        }
      };
    }
  }

  /** Correct: the control, which passes the comment tests. */
  static final class CorrectComments extends MapComments {}

  /** Broken: checks the revision, then writes, with the monitor released between (a lost update). */
  static final class CheckThenWriteComments extends MapComments {
    @Override
    boolean casInTwoSteps() {
      return true;
    }
  }

  /** Broken: a deleted document's threads are kept, and reach the next document of that id. */
  static final class LeakyComments extends MapComments {
    @Override
    boolean keepsThreads() {
      return true;
    }
  }
}
