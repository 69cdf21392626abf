package dev.collab.client;

import dev.collab.comments.CommentThread;
import java.util.List;

/**
 * Hears what happens to a {@link SharedDocument}. Every method is called on the owning
 * {@link CollabClient}'s event thread, one call at a time, in the order things happened; it must
 * not block (it may call the document's methods, which then run at once). An exception thrown by a
 * listener is logged and otherwise ignored.
 *
 * @param <O> the op type
 */
public interface DocumentListener<O> {

  /**
   * Someone else's op was applied, or a refused local op was undone. The default does nothing.
   *
   * @param change the op applied and the document it gave
   */
  default void onChange(DocumentChange<O> change) {}

  /**
   * The document was replaced by a snapshot from the server (a rejoin after the server's history
   * was gone); an editor reloads its view from {@code document}. The default does nothing.
   *
   * @param document the document as the user now sees it: the snapshot with pending edits rebased
   *     on it
   * @param version the snapshot's version
   */
  default void onReset(O document, long version) {}

  /**
   * This client's submit {@code seq} is durable as {@code version}. The default does nothing.
   *
   * @param seq the client's number for the submit
   * @param version the version the op was committed as
   */
  default void onAck(long seq, long version) {}

  /**
   * Another client's cursor moved, or it left. The default does nothing.
   *
   * @param presence the other client's selection, or {@code gone}
   */
  default void onPresence(RemotePresence presence) {}

  /**
   * The document's comment threads changed: one was opened, changed or deleted, or all arrived
   * anew after a (re)join. Anchors also move with every change of the text without this call; an
   * editor re-reads {@link ClientComments#threads()} after {@link #onChange}. The default does
   * nothing.
   *
   * @param threads every thread of the document, as {@link ClientComments#threads()} gives them
   */
  default void onThreads(List<CommentThread> threads) {}

  /**
   * An error from the server about this document, or a decision the client reports. The default
   * does nothing.
   *
   * @param error the code, the message and the submit it concerns
   */
  default void onError(DocumentError error) {}
}
