/**
 * Internal: the {@code DocumentConverter} of collab-impl ({@link
 * dev.collab.server.internal.export.Converter}) and the check which optional libraries are on the
 * class path ({@link dev.collab.server.internal.export.Libraries}), made by class name without
 * loading them. Each library is used only in its subpackage: {@code html} (jsoup), {@code
 * markdown} (commonmark), {@code docx} (Apache POI), {@code pdf} (openhtmltopdf), and a subpackage
 * is called only once its libraries were found. Format mapping and limits: docs/EXPORT.md. Not for
 * application code.
 */
@NullMarked
package dev.collab.server.internal.export;

import org.jspecify.annotations.NullMarked;
