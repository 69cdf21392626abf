package dev.collab;

import org.jspecify.annotations.Nullable;

/**
 * A version was named, renamed or had its name removed: the CDI event Collab fires (on the node
 * that made the change, after the store has it) and what {@link Versions#onChange} listeners hear.
 * Observe it with {@code void named(@Observes VersionNameChange change)}.
 *
 * @param documentId the document's id
 * @param version the version whose name changed
 * @param oldName the name it had, or null when it had none
 * @param newName the name it has now, or null when the name was removed
 * @param userId the user who made the change
 */
public record VersionNameChange(
    String documentId, long version, @Nullable String oldName, @Nullable String newName, String userId) {}
