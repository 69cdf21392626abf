/**
 * Internal: the engine. {@link dev.collab.server.internal.engine.CollabEngine} is the composition
 * root (store, bus, policy, settings); one {@code DocumentSequencer} per loaded document owns the
 * single-writer turn for that document; {@code Session} is one client's view of the documents it
 * joined. Not for application code: it changes without notice. Applications use
 * {@link dev.collab.Collab} and the packages {@code dev.collab.server}, {@code dev.collab.server.defaults},
 * {@code dev.collab.server.redis} and {@code dev.collab.server.jms}.
 */
@NullMarked
package dev.collab.server.internal.engine;

import org.jspecify.annotations.NullMarked;
