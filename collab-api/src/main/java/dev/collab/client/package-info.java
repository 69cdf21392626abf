/**
 * The client side of the protocol's OT rules, without any transport: what a browser, the Java
 * client, a bot or a test does with its local edits and the server's answers. For application code
 * writing clients, and for the server's own tests and the TCK, which drive many of them at once.
 */
@NullMarked
package dev.collab.client;

import org.jspecify.annotations.NullMarked;
