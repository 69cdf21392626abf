package dev.collab.server.internal.engine;

import dev.collab.Collab;
import dev.collab.comments.CommentChange;
import dev.collab.comments.Mention;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The application's listeners of comment changes and mentions ({@code Comments.onChange}, {@code
 * onMention}; the CDI events are fired through them). Called on a background thread after the
 * change is stored, never on a document's turn: a slow listener (one that sends mail) delays no edit.
 * Thread-safe.
 */
final class CommentListeners {
  private static final System.Logger LOG = System.getLogger(CommentListeners.class.getName());

  private final List<Consumer<CommentChange>> changes = new CopyOnWriteArrayList<>();
  private final List<Consumer<Mention>> mentions = new CopyOnWriteArrayList<>();

  Collab.Registration onChange(Consumer<CommentChange> listener) {
    changes.add(Objects.requireNonNull(listener, "listener"));
    return () -> changes.remove(listener);
  }

  Collab.Registration onMention(Consumer<Mention> listener) {
    mentions.add(Objects.requireNonNull(listener, "listener"));
    return () -> mentions.remove(listener);
  }

  boolean isEmpty() {
    return changes.isEmpty() && mentions.isEmpty();
  }

  /** Tells every listener; what one throws is logged with the document, thread and user, and the others still hear. */
  void fire(CommentChange change, List<Mention> mentioned) {
    for (Consumer<CommentChange> listener : changes) {
      try {
        listener.accept(change);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "collab: a listener of comments of document " + change.documentId()
            + " failed on " + change.kind() + " of thread " + change.threadId() + " by user " + change.by().id()
            + "; the change stands", e);
      }
    }
    for (Mention mention : mentioned) {
      for (Consumer<Mention> listener : mentions) {
        try {
          listener.accept(mention);
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "collab: a listener of mentions failed on the mention of user "
              + mention.userId() + " in thread " + mention.threadId() + " of document " + mention.documentId()
              + " by user " + mention.by().id(), e);
        }
      }
    }
  }
}
