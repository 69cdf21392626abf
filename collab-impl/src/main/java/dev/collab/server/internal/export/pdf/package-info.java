/**
 * Internal: PDF export with openhtmltopdf (on PDFBox), an optional dependency: the HTML export,
 * rendered without fetching any resource. Only this package uses openhtmltopdf; it is loaded only
 * after {@code internal.export.Libraries} found it and jsoup. Not for application code.
 */
@NullMarked
package dev.collab.server.internal.export.pdf;

import org.jspecify.annotations.NullMarked;
