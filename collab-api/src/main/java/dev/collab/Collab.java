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
   * <p>Unlike the other methods this one blocks until the store has answered.
   *
   * @param id the id ({@link Ids#requireDocumentId}), or null to have one generated
   * @param type the name of an installed OT type, e.g. {@code rich-text}
   * @param title shown in lists; at most {@value DocumentInfo#MAX_TITLE_LENGTH} characters, may be
   *     empty
   * @param metadata application-defined keys and values, as {@link DocumentInfo} limits them; may
   *     be empty
   * @param creator the user recorded as the creator; no access check is made
   * @return the new document's metadata, at version 0
   * @throws DocumentExistsException when a document with that id exists
   * @throws CollabException {@code bad-message} for a bad id, title or unknown type
   */
  DocumentInfo create(@Nullable String id, String type, String title, Map<String, String> metadata, User creator);

  /**
   * Looks a document up in the store. Blocks until the store has answered; checks no access.
   *
   * @param documentId the document's id
   * @return the document's metadata, or null when it does not exist
   */
  @Nullable DocumentInfo find(String documentId);

  /**
   * Applies {@code op} (in the document type's JSON form) as {@code user}, made on the head: the
   * engine transforms it over whatever commits first. Completes with the committed op once it is
   * durable. No access check is made: {@code user} is recorded as the author.
   *
   * @param documentId the document's id
   * @param user the author recorded with the op
   * @param op the op in the document type's JSON form, e.g. a Delta's {@code ops} array
   * @return a stage completed with the op as committed (transformed, with its version), or
   *     exceptionally with a {@link CollabException}: {@code bad-message} for a bad id, {@code
   *     unknown-document}, {@code invalid-op} or {@code too-large} for an op the document refuses,
   *     {@code rate-limited}, {@code retry-exhausted}, {@code draining} or {@code internal}
   */
  CompletionStage<CommittedOp> edit(String documentId, User user, String op);

  /**
   * {@link #edit(String, User, String)} with a typed op, encoded with {@code type}.
   *
   * @param <O> the op class of the OT type
   * @param documentId the document's id
   * @param user the author recorded with the op
   * @param type the document's OT type, used to encode {@code op}
   * @param op the op, made on the document's head
   * @return a stage completed as by {@link #edit(String, User, String)}
   */
  <O> CompletionStage<CommittedOp> edit(String documentId, User user, OtType<O> type, O op);

  /**
   * The document at its head, as its sequencer holds it.
   *
   * @param documentId the document's id
   * @return a stage completed with the content and the head version, or exceptionally with a
   *     {@link CollabException} ({@code unknown-document} when it does not exist)
   */
  CompletionStage<DocumentContent> read(String documentId);

  /**
   * The document as of a version, rebuilt from the store's snapshots and ops.
   *
   * @param documentId the document's id
   * @param version the version to read, 0 (the empty document) to the head
   * @return a stage completed with the content at {@code version}, or exceptionally with a
   *     {@link CollabException}: {@code unknown-document}, {@code version-ahead} for a version
   *     outside {@code 0..head}, {@code history-gone} when the ops it needs are no longer kept,
   *     {@code rate-limited} when the server is busy
   */
  CompletionStage<DocumentContent> readAt(String documentId, long version);

  /**
   * Up to {@code limit} committed ops after {@code afterVersion}: version, author, time, op.
   *
   * @param documentId the document's id
   * @param afterVersion the version after which to start; 0 for the first op
   * @param limit the most ops to return; 0 or less gives none
   * @return a stage completed with the ops in version order, as many as the store still keeps
   *     (empty for an unknown document), or exceptionally with a {@link CollabException} ({@code
   *     rate-limited} when the server is busy)
   */
  CompletionStage<List<CommittedOp>> history(String documentId, long afterVersion, int limit);

  /**
   * Calls {@code listener} with every op committed to {@code documentId} from now on, exactly once
   * and in version order as this node learns of them (whichever node committed them). Each node
   * calls its own listeners, so a listener registered on every node sees each op once per node.
   * The listener runs on the document's sequencer thread: it must return quickly.
   *
   * @param documentId the document's id; the document is loaded on this node if it was not, and an
   *     id with no document yet is not an error (the listener hears it once it is created)
   * @param listener called with each committed op; what it throws is logged and does not stop
   *     later calls
   * @return the registration to close to stop the calls
   * @throws CollabException {@code internal} when the registration could not be made in time
   */
  Registration listen(String documentId, Consumer<CommittedOp> listener);

  /**
   * Forgets cached access decisions of {@code userId} for {@code documentId} on every node, and
   * re-evaluates that user's connections joined to the document at once: one who may still read is
   * told the level it has now (the wire message {@code access}; the editor turns read-only below
   * write, and a submit without write access is refused), one who lost all access is removed
   * ({@code forbidden}, then {@code left}).
   *
   * <p>Call it after changing what the {@link dev.collab.spi.AccessPolicy} answers for the pair;
   * {@link #sharing()} calls it after every change of a grant.
   *
   * @param userId the user whose access changed
   * @param documentId the document the change is about
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
   * @param documentId the document's id
   * @return true when the document was deleted, false when there was no such document
   * @throws CollabException {@code bad-message} for a bad id
   * @since 0.1
   */
  default boolean delete(String documentId) {
    throw new UnsupportedOperationException("this Collab does not delete documents");
  }

  /**
   * Named versions and the comparison of two versions of a document.
   *
   * @return the versions API of this engine
   * @since 0.1
   */
  default Versions versions() {
    throw new UnsupportedOperationException("this Collab has no named versions");
  }

  /**
   * Sharing: a document's owner and its admins give other users access to it (docs/SHARING.md).
   *
   * @return the sharing API of this engine
   * @since 0.1
   */
  default Sharing sharing() {
    throw new UnsupportedOperationException("this Collab does not share documents");
  }

  /**
   * Comment threads anchored to ranges of a document's text (docs/COMMENTS.md).
   *
   * @return the comments API of this engine
   * @since 0.1
   */
  default dev.collab.comments.Comments comments() {
    throw new UnsupportedOperationException("this Collab has no comments");
  }

  /**
   * A document's content at a version, in its type's JSON form.
   *
   * @param documentId the document's id
   * @param type the OT type's name, e.g. {@code rich-text}
   * @param version the version the content is at; 0 is the empty document
   * @param data the content in the type's JSON form, as text (for rich text, a Delta's {@code ops}
   *     array of inserts)
   */
  record DocumentContent(String documentId, String type, long version, String data) {}

  /** Undoes a {@link #listen}; closing twice is harmless. */
  @FunctionalInterface
  interface Registration extends AutoCloseable {
    /** Stops the calls to the listener; after it returns no new call starts. Never throws. */
    @Override
    void close();
  }
}
