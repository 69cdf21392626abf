package dev.collab.comments;

import dev.collab.Collab;
import dev.collab.User;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Comment threads on a document's text: {@link Collab#comments()}. Every change goes through the
 * document's turn, as edits do: it is sequenced with the edits (a thread's range, given at a version,
 * is moved over the ops committed since), written to the store before the stage completes (so a
 * completed change is durable), and sent to every client joined to the document on every node (the
 * wire messages {@code thread} and {@code threads}, docs/PROTOCOL.md).
 *
 * <p><b>Access.</b> Each method asks the engine's access policy for {@code by}, afresh: without read
 * access, {@code unknown-document} (as for a document that does not exist); reading threads needs
 * read access; opening a thread, replying, resolving and reopening need {@code comment} access (or
 * more); editing a comment only its author may do (with comment access); deleting a comment its
 * author or an admin of the document. Otherwise {@code forbidden}.
 *
 * <p><b>Errors.</b> Stages fail with a {@link dev.collab.CollabException}: {@code unknown-document},
 * {@code forbidden}, {@code bad-message} (a bad id, an empty range, a blank text; an unknown thread
 * or comment), {@code too-large} (a text over {@value Comment#MAX_TEXT_LENGTH} units, past {@link
 * CommentThread#MAX_PER_DOCUMENT} threads or {@link CommentThread#MAX_COMMENTS} comments),
 * {@code version-ahead}, {@code history-gone}, {@code retry-exhausted} (other nodes kept changing
 * the thread at the same time).
 *
 * <p>Thread-safe; every call runs on the engine's threads.
 */
public interface Comments {

  /**
   * The document's threads, with their anchors at the head.
   *
   * @param documentId the document
   * @param by who asks: read access
   * @return a stage completed with the threads, in the order they were opened
   */
  CompletionStage<List<CommentThread>> list(String documentId, User by);

  /**
   * Opens a thread on {@code length} units from {@code index} of the document as it was at {@code
   * version}, with its first comment.
   *
   * @param documentId the document
   * @param version the version the range was taken at (at most the head); the range is moved over
   *     the ops committed after it
   * @param index the range's first unit at {@code version}
   * @param length the range's length, at least 1, within the document at {@code version}
   * @param text the first comment
   * @param by who comments: comment access
   * @return a stage completed with the new thread, its anchor at the head
   */
  CompletionStage<CommentThread> create(String documentId, long version, int index, int length, String text, User by);

  /**
   * Adds a reply to a thread (resolved or not: replying does not reopen it).
   *
   * @param documentId the document
   * @param threadId the thread
   * @param text the reply
   * @param by who replies: comment access
   * @return a stage completed with the thread after the reply
   */
  CompletionStage<CommentThread> reply(String documentId, String threadId, String text, User by);

  /**
   * Changes the text of one's own comment.
   *
   * @param documentId the document
   * @param threadId the thread
   * @param commentId the comment
   * @param text the new text
   * @param by its author, with comment access
   * @return a stage completed with the thread after the change
   */
  CompletionStage<CommentThread> edit(String documentId, String threadId, String commentId, String text, User by);

  /**
   * Deletes a comment; deleting a thread's first comment deletes the thread with all its replies.
   *
   * @param documentId the document
   * @param threadId the thread
   * @param commentId the comment
   * @param by its author, or an admin of the document
   * @return a stage completed with the thread after the change, or empty when the thread is gone
   */
  CompletionStage<Optional<CommentThread>> delete(String documentId, String threadId, String commentId, User by);

  /**
   * Marks a thread resolved, or opens it again.
   *
   * @param documentId the document
   * @param threadId the thread
   * @param resolved true to resolve, false to reopen
   * @param by who does it: comment access
   * @return a stage completed with the thread after the change (unchanged when it already was so)
   */
  CompletionStage<CommentThread> resolve(String documentId, String threadId, boolean resolved, User by);

  /**
   * Calls {@code listener} after every change of a thread made through this node (over the wire,
   * REST or this API); the CDI event {@link CommentChange} is fired the same way. The listener
   * runs on a background thread; what it throws is logged and does not undo the change.
   *
   * @param listener called with each change
   * @return the registration to close to stop the calls
   */
  Collab.Registration onChange(Consumer<CommentChange> listener);

  /**
   * Calls {@code listener} for every user mentioned in a comment written (or edited) through this
   * node; the CDI event {@link Mention} is fired the same way. As {@link #onChange}.
   *
   * @param listener called with each mention
   * @return the registration to close to stop the calls
   */
  Collab.Registration onMention(Consumer<Mention> listener);
}
