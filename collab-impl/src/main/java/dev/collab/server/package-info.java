/**
 * Internal: the server (sequencer, WebSocket endpoint, REST resources, CDI wiring). Not for application code.
 */
@NullMarked
package dev.collab.server;

import org.jspecify.annotations.NullMarked;
