/**
 * Internal: the JPA mapping of the store's tables: entity classes an application lists in its persistence
 * unit ({@link dev.collab.jpa.JpaDocumentStore#ENTITY_CLASSES}), and nothing else. Not API: the
 * tables are the stable contract (the migration scripts), these classes are not.
 */
@NullMarked
package dev.collab.jpa.internal;

import org.jspecify.annotations.NullMarked;
