/**
 * Public: what a web application that embeds Collab may call besides {@link dev.collab.Collab},
 * which it injects. Collab deploys itself (WebSocket endpoint, REST resources, CDI producers) from
 * collab-impl's jar; this package holds the few helpers an application needs around it, such as
 * {@link dev.collab.server.CollabOrigins} for the application's own cross-site checks. Everything
 * under {@code dev.collab.server.internal} is internal and may change without notice; the
 * architecture tests keep applications and the TCK out of it.
 */
@NullMarked
package dev.collab.server;

import org.jspecify.annotations.NullMarked;
