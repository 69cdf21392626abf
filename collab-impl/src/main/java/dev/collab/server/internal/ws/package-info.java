/**
 * Internal: the engine on the wire: the {@code collab.v1} WebSocket endpoint and the per-connection protocol
 * handling behind it. Public only where the container instantiates a class; not for application
 * code.
 */
@NullMarked
package dev.collab.server.internal.ws;

import org.jspecify.annotations.NullMarked;
