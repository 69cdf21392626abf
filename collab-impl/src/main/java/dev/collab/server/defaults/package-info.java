/**
 * Public: the SPI implementations Collab uses when the application brings none. {@link
 * dev.collab.server.defaults.RoleAccessPolicy} grants by container role ({@code collab-reader},
 * {@code collab-writer}, {@code collab-admin}); its role names are for the application's own
 * security declarations. {@link dev.collab.server.defaults.InMemoryDocumentStore} keeps documents
 * in the heap, for tests and demos only (it serves only when {@code collab.store=memory}); {@link
 * dev.collab.server.defaults.LocalClusterBus} connects the sessions of one JVM (a single node).
 */
@NullMarked
package dev.collab.server.defaults;

import org.jspecify.annotations.NullMarked;
