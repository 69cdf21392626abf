package dev.collab.comments;

import dev.collab.Ids;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A comment thread: its anchor in the text, its comments (the first one opened it), and whether it
 * is resolved. Immutable: a change makes a new thread with the next {@code revision}.
 *
 * @param documentId the document it belongs to
 * @param id the thread's id, unique within its document ({@link Comment#isId})
 * @param anchor where it sits, at the anchor's version
 * @param comments its comments, oldest first; never empty (deleting the first comment deletes the
 *     thread); at most {@value #MAX_COMMENTS}
 * @param resolved whether someone marked it resolved (it can be reopened)
 * @param resolvedBy who resolved it, null when it is open
 * @param resolvedAt when, null when it is open
 * @param revision how many times it was written: 1 when created, then one more per change; the
 *     store writes a thread only over the revision before it ({@link dev.collab.spi.CommentStore#save})
 */
public record CommentThread(String documentId, String id, Anchor anchor, List<Comment> comments, boolean resolved,
    @Nullable String resolvedBy, @Nullable Instant resolvedAt, long revision) {

  /** The most comments of one thread, its first included. */
  public static final int MAX_COMMENTS = 200;

  /** The most threads of one document, resolved and detached ones included. */
  public static final int MAX_PER_DOCUMENT = 1_000;

  /**
   * Checks the components and copies the list.
   *
   * @param documentId the document
   * @param id the thread's id
   * @param anchor the anchor
   * @param comments the comments, 1 to {@value #MAX_COMMENTS}
   * @param resolved whether resolved
   * @param resolvedBy who resolved it, with {@code resolved}; else null
   * @param resolvedAt when, with {@code resolved}; else null
   * @param revision 1 or more
   * @throws IllegalArgumentException when a component is out of range
   */
  public CommentThread {
    Ids.requireDocumentId(documentId);
    Comment.requireId(id, "thread");
    Objects.requireNonNull(anchor, "anchor");
    comments = List.copyOf(comments);
    if (comments.isEmpty() || comments.size() > MAX_COMMENTS) {
      throw new IllegalArgumentException("a thread holds 1 to " + MAX_COMMENTS + " comments, not " + comments.size());
    }
    if (resolved != (resolvedBy != null) || resolved != (resolvedAt != null)) {
      throw new IllegalArgumentException("resolvedBy and resolvedAt are given exactly when the thread is resolved");
    }
    if (revision < 1) {
      throw new IllegalArgumentException("revision starts at 1, not " + revision);
    }
  }

  /**
   * The comment that opened the thread.
   *
   * @return the first comment
   */
  public Comment first() {
    return comments.get(0);
  }

  /**
   * The comment with this id.
   *
   * @param commentId the comment's id
   * @return the comment, or null when the thread has none with that id
   */
  public @Nullable Comment comment(String commentId) {
    for (Comment c : comments) {
      if (c.id().equals(commentId)) {
        return c;
      }
    }
    return null;
  }

  /**
   * This thread with another anchor, the same revision (an anchor moved by ops is the same thread,
   * seen at a later version).
   *
   * @param moved the anchor
   * @return the thread with it
   */
  public CommentThread withAnchor(Anchor moved) {
    return new CommentThread(documentId, id, moved, comments, resolved, resolvedBy, resolvedAt, revision);
  }
}
