/**
 * Internal: Markdown export and import with commonmark-java, an optional dependency (import also
 * needs jsoup: the Markdown is rendered to HTML and read as HTML). Only this package uses
 * commonmark; it is loaded only after {@code internal.export.Libraries} found it. Not for
 * application code.
 */
@NullMarked
package dev.collab.server.internal.export.markdown;

import org.jspecify.annotations.NullMarked;
