package dev.collab.spi;

import dev.collab.NamedVersion;
import java.util.List;
import java.util.Optional;

/**
 * Where a store keeps the names of versions ({@link DocumentStore#namedVersions()}). A version has
 * at most one name. Both shipped stores implement it.
 *
 * <p><b>Pinned content.</b> Right after it names a version, the engine saves a snapshot at exactly
 * that version ({@link DocumentStore#saveSnapshot}). For as long as the name exists the store keeps
 * the snapshot of a named version, whether saved before or after the name: it does not thin it away, and {@link DocumentStore#pruneHistory} may drop the ops
 * around it, since {@link DocumentStore#loadSnapshot loadSnapshot(v)} of the named version answers
 * the pinned snapshot itself. Deleting the document deletes its names.
 *
 * <p><b>Who calls it.</b> The engine, on its background threads, when an application or a user
 * (over REST) names versions or reads the names; several nodes may call it for one document at
 * once. Every write is atomic and durable on return; of two concurrent names of one version one
 * wins whole.
 */
public interface NamedVersionStore {

  /**
   * Names a version, replacing the name it had.
   *
   * @param named the version, its name, who named it and when; already checked by {@link
   *     NamedVersion}
   * @return true when the document exists and the version now has the name; false, writing
   *     nothing, when the document does not exist
   * @throws IllegalArgumentException when the store cannot keep the name exactly
   */
  boolean saveName(NamedVersion named);

  /**
   * Removes a version's name, and the pin of its snapshot.
   *
   * @param documentId the document's id
   * @param version the version
   * @return true when the version had a name and has none now; false when it had none (or the
   *     document does not exist)
   */
  boolean removeName(String documentId, long version);

  /**
   * A version's name.
   *
   * @param documentId the document's id
   * @param version the version
   * @return the named version, or empty when it has no name (or the document does not exist)
   */
  Optional<NamedVersion> findName(String documentId, long version);

  /**
   * The document's named versions, highest version first.
   *
   * @param documentId the document's id
   * @return the named versions, empty when there are none or the document does not exist; an
   *     unmodifiable snapshot
   */
  List<NamedVersion> names(String documentId);
}
