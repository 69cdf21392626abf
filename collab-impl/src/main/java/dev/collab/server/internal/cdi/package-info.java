/**
 * Internal: the drop-in wiring for Jakarta EE. CDI producers for the engine and its SPIs (the
 * application's own store, bus or policy wins when it declares an {@code @Alternative
 * @Priority(APPLICATION)} bean), the container hooks that register the WebSocket endpoint, the
 * handshake filter and the browser-asset servlet ({@code CollabServletInitializer},
 * {@code CollabServerApplicationConfig}), the node's health and its MicroProfile Health checks
 * when the server has the API ({@code HealthProducer}, {@code HealthChecksExtension}), and the
 * graceful drain on undeploy. It depends on the
 * engine, the settings and the wire; nothing depends on it. Not for application code.
 */
@NullMarked
package dev.collab.server.internal.cdi;

import org.jspecify.annotations.NullMarked;
