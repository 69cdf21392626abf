/**
 * Public: the {@link dev.collab.export.DocumentConverter} of collab-impl for code that has a
 * {@link dev.collab.Collab} but no CDI (an embedded engine, a tool). In a Jakarta EE application
 * inject {@code DocumentConverter} instead.
 */
@NullMarked
package dev.collab.server.export;

import org.jspecify.annotations.NullMarked;
