/**
 * Internal: DOCX export and import with Apache POI (XWPF), an optional dependency. Only this
 * package uses POI; it is loaded only after {@code internal.export.Libraries} found it. Not for
 * application code.
 */
@NullMarked
package dev.collab.server.internal.export.docx;

import org.jspecify.annotations.NullMarked;
