package dev.collab;

import dev.collab.ot.OtType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What application code calls: create documents, edit them on the server (templates, imports,
 * bots), read them at any version, list their history, and listen to every committed change (for
 * search indexing, audit, webhooks). The engine in {@code collab-impl} implements it; in a Jakarta
 * EE application it is a CDI bean to inject.
 *
 * <p>Thread-safe. Methods that touch a document's log return a {@link CompletionStage} completed
 * once the store has answered; they never block the caller. Failures complete it exceptionally with
 * a {@link CollabException} whose {@link CollabException#code()} says why.
 */
public interface Collab {

  /**
   * Creates an empty document.
   *
   * @param id the id, or null to have one generated
   * @param type the OT type's name, e.g. {@code rich-text}
   * @return the new document's metadata
   * @throws DocumentExistsException when a document with that id exists
   * @throws CollabException {@code bad-message} for a bad id, title or unknown type
   */
  DocumentInfo create(@Nullable String id, String type, String title, Map<String, String> metadata, User creator);

  /** The document's metadata, or null when it does not exist. */
  @Nullable DocumentInfo find(String documentId);

  /**
   * Applies {@code op} (in the document type's JSON form) as {@code user}, made on the head: the
   * engine transforms it over whatever commits first. Completes with the committed op once it is
   * durable.
   */
  CompletionStage<CommittedOp> edit(String documentId, User user, String op);

  /** {@link #edit(String, User, String)} with a typed op. */
  <O> CompletionStage<CommittedOp> edit(String documentId, User user, OtType<O> type, O op);

  /** The document at its head. */
  CompletionStage<DocumentContent> read(String documentId);

  /** The document as of {@code version} (0 is the empty document). */
  CompletionStage<DocumentContent> readAt(String documentId, long version);

  /** Up to {@code limit} committed ops after {@code afterVersion}: version, author, time, op. */
  CompletionStage<List<CommittedOp>> history(String documentId, long afterVersion, int limit);

  /**
   * Calls {@code listener} with every op committed to {@code documentId} from now on, exactly once
   * and in version order as this node learns of them (whichever node committed them). Each node
   * calls its own listeners, so a listener registered on every node sees each op once per node.
   * The listener runs on the document's sequencer thread: it must return quickly.
   */
  Registration listen(String documentId, Consumer<CommittedOp> listener);

  /**
   * Forgets cached access decisions of {@code userId} for {@code documentId} on every node, and
   * cuts off that user's connections to the document if the policy now says less than they had:
   * their next submit is refused, and a reader who lost all access is removed.
   */
  void revoke(String userId, String documentId);

  /**
   * Deletes the document with its log and snapshots, on every node: what {@code DELETE
   * {context}/collab/api/documents/{id}} does after checking admin access (this method checks no
   * access). Clients joined to the document are told ({@code unknown-document}, then {@code left}),
   * its submits not yet committed are refused, and its {@link #listen listeners} hear nothing more
   * (also not of a document created again with the same id, which starts empty). Use it rather than
   * the store's {@code delete}, after which a node that had loaded the document notices only at its
   * next join, read or append.
   *
   * @return false when there was no such document
   * @throws CollabException {@code bad-message} for a bad id
   * @since 0.1
   */
  default boolean delete(String documentId) {
    throw new UnsupportedOperationException("this Collab does not delete documents");
  }

  /** A document's content at a version, in its type's JSON form. */
  record DocumentContent(String documentId, String type, long version, String data) {}

  /** Undoes a {@link #listen}; closing twice is harmless. */
  @FunctionalInterface
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
