/**
 * Internal: HTML export and import with jsoup, an optional dependency. Only this package and
 * {@code internal.export.pdf} (which renders the HTML export) use jsoup; they are loaded only
 * after {@code internal.export.Libraries} found it on the class path. Not for application code.
 */
@NullMarked
package dev.collab.server.internal.export.html;

import org.jspecify.annotations.NullMarked;
