package dev.collab;

/**
 * A grant was given, changed or removed: the CDI event Collab fires (on the node that made the
 * change, after the store has it, and after every node was told to re-evaluate the user's access)
 * and what {@link Sharing#onChange} listeners hear. Observe it with {@code void changed(@Observes
 * AccessChange change)}.
 *
 * @param documentId the document's id
 * @param userId the user whose grant changed
 * @param before the level the grant gave before, {@link Access#NONE} when there was no grant
 * @param after the level the grant gives now, {@link Access#NONE} when it was removed
 * @param changedBy the user (owner or admin of the document) who made the change
 */
public record AccessChange(String documentId, String userId, Access before, Access after, String changedBy) {}
