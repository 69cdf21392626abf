package dev.collab.server.internal.engine;

import dev.collab.Access;
import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.comments.Anchor;
import dev.collab.comments.Comment;
import dev.collab.comments.CommentChange;
import dev.collab.comments.CommentThread;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one {@link CommentRequest} makes of a thread: the rules of comments, with no state and no
 * I/O, so that a retry after a conflict applies the same request to the thread as it is now.
 */
final class ThreadEdits {
  private ThreadEdits() {}

  /**
   * The outcome: the thread to write ({@code after}; null to delete {@code before}), what kind of
   * change it is, and the comment it concerns. {@code unchanged} when there is nothing to write (the
   * request was already carried out: a repeat after a reconnect, or resolving a resolved thread).
   */
  record Outcome(@Nullable CommentThread after, CommentChange.@Nullable Kind kind, @Nullable String commentId, boolean unchanged) {
    static Outcome same(@Nullable CommentThread thread) {
      return new Outcome(thread, null, null, true);
    }
  }

  /**
   * Applies {@code request} to {@code before} (null when the thread does not exist).
   *
   * @param anchor for create: the range moved to the head
   * @param access what the user may do on the document
   * @param threadCount how many threads the document has
   */
  static Outcome apply(CommentRequest request, @Nullable CommentThread before, @Nullable Anchor anchor, Access access,
      int threadCount, String documentId, Instant now) {
    String user = request.user().id();
    switch (request.action()) {
      case CREATE: {
        if (before != null) {
          if (before.first().id().equals(request.commentId()) && before.first().userId().equals(user)) {
            return Outcome.same(before); // sent again after a reconnect
          }
          throw bad("thread id " + request.threadId() + " is in use");
        }
        requireComment(access);
        if (threadCount >= CommentThread.MAX_PER_DOCUMENT) {
          throw new CollabException(ErrorCode.TOO_LARGE, "document " + documentId + " has " + CommentThread.MAX_PER_DOCUMENT
              + " comment threads, the most it may have; delete one first");
        }
        Comment first = comment(request, now);
        return new Outcome(new CommentThread(documentId, request.threadId(), Objects.requireNonNull(anchor), List.of(first),
            false, null, null, 1), CommentChange.Kind.CREATED, first.id(), false);
      }
      case REPLY: {
        CommentThread thread = require(before, request);
        Comment existing = thread.comment(Objects.requireNonNull(request.commentId()));
        if (existing != null) {
          if (existing.userId().equals(user)) {
            return Outcome.same(thread);
          }
          throw bad("comment id " + request.commentId() + " is in use");
        }
        requireComment(access);
        if (thread.comments().size() >= CommentThread.MAX_COMMENTS) {
          throw new CollabException(ErrorCode.TOO_LARGE, "thread " + thread.id() + " has " + CommentThread.MAX_COMMENTS
              + " comments, the most a thread may have");
        }
        List<Comment> comments = new ArrayList<>(thread.comments());
        Comment reply = comment(request, now);
        comments.add(reply);
        return new Outcome(next(thread, comments, thread.resolved(), thread.resolvedBy(), thread.resolvedAt()),
            CommentChange.Kind.REPLIED, reply.id(), false);
      }
      case EDIT: {
        CommentThread thread = require(before, request);
        Comment old = requireComment(thread, request);
        requireComment(access);
        if (!old.userId().equals(user)) {
          throw new CollabException(ErrorCode.FORBIDDEN, "only its author edits a comment");
        }
        String text = checkText(request.text());
        if (old.text().equals(text)) {
          return Outcome.same(thread);
        }
        List<Comment> comments = new ArrayList<>(thread.comments());
        comments.set(comments.indexOf(old), new Comment(old.id(), old.userId(), old.userName(), text, old.created(), now));
        return new Outcome(next(thread, comments, thread.resolved(), thread.resolvedBy(), thread.resolvedAt()),
            CommentChange.Kind.EDITED, old.id(), false);
      }
      case DELETE: {
        if (before == null) {
          return Outcome.same(null); // gone already: a repeat, or someone else deleted it
        }
        Comment old = before.comment(Objects.requireNonNull(request.commentId()));
        if (old == null) {
          return Outcome.same(before);
        }
        if (!old.userId().equals(user) && !access.allows(Access.ADMIN)) {
          throw new CollabException(ErrorCode.FORBIDDEN, "only its author or an admin of the document deletes a comment");
        }
        if (old == before.first()) {
          return new Outcome(null, CommentChange.Kind.DELETED, null, false);
        }
        List<Comment> comments = new ArrayList<>(before.comments());
        comments.remove(old);
        return new Outcome(next(before, comments, before.resolved(), before.resolvedBy(), before.resolvedAt()),
            CommentChange.Kind.COMMENT_DELETED, old.id(), false);
      }
      case RESOLVE:
      case REOPEN: {
        CommentThread thread = require(before, request);
        requireComment(access);
        boolean resolve = request.action() == dev.collab.protocol.ClientMessage.CommentAction.RESOLVE;
        if (thread.resolved() == resolve) {
          return Outcome.same(thread);
        }
        return new Outcome(next(thread, thread.comments(), resolve, resolve ? user : null, resolve ? now : null),
            resolve ? CommentChange.Kind.RESOLVED : CommentChange.Kind.REOPENED, null, false);
      }
      default:
        throw new IllegalStateException("unknown action " + request.action());
    }
  }

  private static CommentThread next(CommentThread t, List<Comment> comments, boolean resolved, @Nullable String by,
      @Nullable Instant at) {
    return new CommentThread(t.documentId(), t.id(), t.anchor(), comments, resolved, by, at, t.revision() + 1);
  }

  private static Comment comment(CommentRequest request, Instant now) {
    return new Comment(Objects.requireNonNull(request.commentId()), request.user().id(), request.user().name(),
        checkText(request.text()), now, null);
  }

  private static String checkText(@Nullable String text) {
    if (text == null) {
      throw bad("a comment needs a text");
    }
    return Comment.requireText(text);
  }

  private static void requireComment(Access access) {
    if (!access.allows(Access.COMMENT)) {
      throw new CollabException(ErrorCode.FORBIDDEN, "commenting needs comment access");
    }
  }

  private static CommentThread require(@Nullable CommentThread thread, CommentRequest request) {
    if (thread == null) {
      throw bad("no thread " + request.threadId());
    }
    return thread;
  }

  private static Comment requireComment(CommentThread thread, CommentRequest request) {
    Comment c = thread.comment(Objects.requireNonNull(request.commentId()));
    if (c == null) {
      throw bad("no comment " + request.commentId() + " in thread " + thread.id());
    }
    return c;
  }

  private static CollabException bad(String message) {
    return new CollabException(ErrorCode.BAD_MESSAGE, message);
  }
}
