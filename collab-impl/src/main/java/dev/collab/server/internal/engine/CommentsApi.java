package dev.collab.server.internal.engine;

import dev.collab.Collab;
import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.Ids;
import dev.collab.User;
import dev.collab.comments.Comment;
import dev.collab.comments.CommentChange;
import dev.collab.comments.CommentThread;
import dev.collab.comments.Comments;
import dev.collab.comments.Mention;
import dev.collab.protocol.ClientMessage.CommentAction;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * {@link Comments} of one engine ({@link CollabEngine#comments()}): each call becomes a {@link
 * CommentRequest} on the document's turn, as a wire {@code comment} does, with new ids made here and
 * the access policy asked afresh. Thread-safe.
 */
final class CommentsApi implements Comments {
  private final DocumentRegistry documents;
  private final CommentListeners listeners;

  CommentsApi(DocumentRegistry documents, CommentListeners listeners) {
    this.documents = documents;
    this.listeners = listeners;
  }

  @Override
  public CompletionStage<List<CommentThread>> list(String documentId, User by) {
    Objects.requireNonNull(by, "by");
    if (!Ids.isDocumentId(documentId)) {
      return CompletableFuture.failedFuture(new CollabException(ErrorCode.BAD_MESSAGE, "bad document id"));
    }
    return documents.sequencer(documentId).threads(by);
  }

  @Override
  public CompletionStage<CommentThread> create(String documentId, long version, int index, int length, String text, User by) {
    if (version < 0 || index < 0 || length < 1) {
      return CompletableFuture.failedFuture(new CollabException(ErrorCode.BAD_MESSAGE,
          "a comment's range needs a version and index of 0 or more and a length of 1 or more"));
    }
    return present(send(documentId, by, CommentAction.CREATE, CollabApi.randomId("t"), CollabApi.randomId("c"), version,
        index, length, text));
  }

  @Override
  public CompletionStage<CommentThread> reply(String documentId, String threadId, String text, User by) {
    return present(send(documentId, by, CommentAction.REPLY, threadId, CollabApi.randomId("c"), 0, 0, 0, text));
  }

  @Override
  public CompletionStage<CommentThread> edit(String documentId, String threadId, String commentId, String text, User by) {
    return present(send(documentId, by, CommentAction.EDIT, threadId, commentId, 0, 0, 0, text));
  }

  @Override
  public CompletionStage<Optional<CommentThread>> delete(String documentId, String threadId, String commentId, User by) {
    return send(documentId, by, CommentAction.DELETE, threadId, commentId, 0, 0, 0, null);
  }

  @Override
  public CompletionStage<CommentThread> resolve(String documentId, String threadId, boolean resolved, User by) {
    return present(send(documentId, by, resolved ? CommentAction.RESOLVE : CommentAction.REOPEN, threadId, null, 0, 0, 0, null));
  }

  @Override
  public Collab.Registration onChange(Consumer<CommentChange> listener) {
    return listeners.onChange(listener);
  }

  @Override
  public Collab.Registration onMention(Consumer<Mention> listener) {
    return listeners.onMention(listener);
  }

  private CompletableFuture<Optional<CommentThread>> send(String documentId, User by, CommentAction action, String threadId,
      @Nullable String commentId, long base, int index, int length, @Nullable String text) {
    Objects.requireNonNull(by, "by");
    if (!Ids.isDocumentId(documentId)) {
      return CompletableFuture.failedFuture(new CollabException(ErrorCode.BAD_MESSAGE, "bad document id"));
    }
    if (!Comment.isId(threadId) || (commentId != null && !Comment.isId(commentId))) {
      return CompletableFuture.failedFuture(new CollabException(ErrorCode.BAD_MESSAGE,
          "bad thread or comment id: letters, digits, - and _, 1 to 64"));
    }
    CommentRequest request = new CommentRequest(by, null, 0, action, threadId, commentId, base, index, length, text,
        new CompletableFuture<>());
    documents.sequencer(documentId).comment(request);
    return request.result();
  }

  /** A change that leaves a thread: the thread (a thread that vanished meanwhile is {@code bad-message}). */
  private static CompletionStage<CommentThread> present(CompletableFuture<Optional<CommentThread>> result) {
    return result.thenApply(thread -> thread.orElseThrow(() -> new CollabException(ErrorCode.BAD_MESSAGE, "the thread was deleted")));
  }
}
