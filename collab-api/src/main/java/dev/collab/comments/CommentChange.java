package dev.collab.comments;

import dev.collab.User;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A comment thread changed: the CDI event Collab fires on the node that made the change, after the
 * store has it, and what {@link Comments#onChange} listeners hear. Observe it with {@code void
 * changed(@Observes CommentChange change)}.
 *
 * @param documentId the document
 * @param threadId the thread
 * @param kind what happened
 * @param commentId the comment created, edited or deleted; the thread's first for {@link
 *     Kind#CREATED}; null for {@link Kind#RESOLVED}, {@link Kind#REOPENED} and {@link Kind#DELETED}
 * @param thread the thread after the change, null when it was deleted
 * @param by who made the change
 * @param time when
 */
public record CommentChange(String documentId, String threadId, Kind kind, @Nullable String commentId,
    @Nullable CommentThread thread, User by, Instant time) {

  /** What happened to the thread. */
  public enum Kind {
    /** A thread was opened with its first comment. */
    CREATED,
    /** A reply was added. */
    REPLIED,
    /** A comment's text was changed by its author. */
    EDITED,
    /** A reply was deleted (deleting the first comment deletes the thread: {@link #DELETED}). */
    COMMENT_DELETED,
    /** The thread was marked resolved. */
    RESOLVED,
    /** A resolved thread was opened again. */
    REOPENED,
    /** The thread was deleted with all its comments. */
    DELETED
  }
}
