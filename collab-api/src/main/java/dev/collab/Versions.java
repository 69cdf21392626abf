package dev.collab;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Named versions and the comparison of versions: {@link Collab#versions()}. No method checks
 * access; the REST resource {@code {context}/collab/api/documents/{id}/versions} checks it (naming
 * needs write access, listing and comparing read access). Thread-safe; methods that touch the store
 * complete their stage once it has answered, never blocking the caller, and fail it with a
 * {@link CollabException}.
 */
public interface Versions {

  /**
   * Names a version, or renames it when it has a name. The version's content is kept for as long as
   * the name exists: the engine saves a snapshot at the version, and the store keeps it (it is not
   * thinned, and the ops retention drops are not needed to read it).
   *
   * @param documentId the document's id
   * @param version the version to name, 0 to the head
   * @param name the name ({@link NamedVersion#requireName})
   * @param user who names it, recorded with the name
   * @return a stage completed with the named version, or exceptionally with a {@link
   *     CollabException}: {@code bad-message} for a bad name, {@code unknown-document}, {@code
   *     version-ahead} for a version outside {@code 0..head}, {@code history-gone} when the version's
   *     content can no longer be rebuilt, {@code too-large} when the document has {@value
   *     NamedVersion#MAX_PER_DOCUMENT} named versions already and this one has no name yet
   */
  CompletionStage<NamedVersion> name(String documentId, long version, String name, User user);

  /**
   * Removes a version's name; its pinned content may then be thinned and pruned like any other.
   *
   * @param documentId the document's id
   * @param version the named version
   * @param user who removes the name
   * @return a stage completed with true when the name was removed, false when the version had none;
   *     exceptionally with {@code unknown-document}
   */
  CompletionStage<Boolean> unname(String documentId, long version, User user);

  /**
   * The document's named versions, newest version first.
   *
   * @param documentId the document's id
   * @return a stage completed with the named versions, or exceptionally with {@code
   *     unknown-document}
   */
  CompletionStage<List<NamedVersion>> list(String documentId);

  /**
   * Compares two versions of a rich-text document (see {@link VersionComparison}); the authors come
   * from the op log between them.
   *
   * @param documentId the document's id
   * @param from the older version, 0 to the head
   * @param to the newer version, {@code from} to the head
   * @return a stage completed with the comparison, or exceptionally with a {@link CollabException}:
   *     {@code unknown-document}, {@code version-ahead} for a version outside {@code 0..head} or
   *     {@code from > to}, {@code bad-message} for a document that is not rich text, {@code
   *     history-gone} when a version's content can no longer be rebuilt
   */
  CompletionStage<VersionComparison> compare(String documentId, long from, long to);

  /**
   * Calls {@code listener} after every change of a name made through this node (whoever called);
   * the CDI event {@link VersionNameChange} is fired the same way. The listener runs on a background
   * thread; what it throws is logged and does not undo the change.
   *
   * @param listener called with each change
   * @return the registration to close to stop the calls
   */
  Collab.Registration onChange(Consumer<VersionNameChange> listener);
}
