/**
 * The client side of the protocol. {@link dev.collab.client.ClientDocument} holds the OT rules
 * without any transport: what a browser, a bot or a test does with its local edits and the
 * server's answers. {@link dev.collab.client.CollabClient} is a complete Java client over the JDK's
 * WebSocket (no other dependency than a Jakarta JSON provider at run time), with reconnects,
 * resubmission and presence; it opens {@link dev.collab.client.SharedDocument}s. For application
 * code writing clients, and for the server's own tests, the TCK and load tools, which drive many
 * of them at once.
 */
@NullMarked
package dev.collab.client;

import org.jspecify.annotations.NullMarked;
