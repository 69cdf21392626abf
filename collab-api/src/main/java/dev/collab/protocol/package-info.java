/**
 * The wire protocol {@code collab.v1} ({@code docs/PROTOCOL.md}) as values and a codec: the messages
 * a client sends ({@link dev.collab.protocol.ClientMessage}) and the server sends
 * ({@link dev.collab.protocol.ServerMessage}), and {@link dev.collab.protocol.ProtocolCodec} between
 * them and JSON text. Shared by the server's endpoint, the Java client, the TCK and load tools.
 */
@NullMarked
package dev.collab.protocol;

import org.jspecify.annotations.NullMarked;
