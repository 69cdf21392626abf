package dev.collab.server.internal.engine;

import dev.collab.User;
import dev.collab.comments.CommentThread;
import dev.collab.protocol.ClientMessage.CommentAction;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One change of a comment thread, from the wire ({@code session} and {@code seq} set) or the API
 * ({@code session} null), on its way to the document's turn ({@link CommentPath}).
 *
 * @param user who asks
 * @param session the connection it came on, null for the API
 * @param seq the wire message's {@code seq}, 0 for the API
 * @param action what to do
 * @param threadId the thread (new for create)
 * @param commentId the comment (new for create and reply), null for resolve and reopen
 * @param base for create: the version the range was taken at
 * @param index for create: the range's first unit at {@code base}
 * @param length for create: the range's length
 * @param text for create, reply and edit
 * @param result completed with the thread after the change (empty once deleted) when it is durable
 */
record CommentRequest(User user, @Nullable Session session, long seq, CommentAction action, String threadId,
    @Nullable String commentId, long base, int index, int length, @Nullable String text,
    CompletableFuture<Optional<CommentThread>> result) {

  /** Whether the access policy is asked afresh: the API's calls are; the wire's use the cache, as submits do. */
  boolean freshAccess() {
    return session == null;
  }
}
