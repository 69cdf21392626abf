/**
 * Export and import of rich-text documents in the formats offices use: HTML, Markdown, plain text,
 * DOCX and PDF out, HTML, Markdown and DOCX in. The {@link dev.collab.export.DocumentConverter} is
 * the application API (in a Jakarta EE application a CDI bean to inject); {@code collab-impl}
 * implements it with libraries that are optional dependencies, so a format may be absent
 * ({@link dev.collab.export.DocumentConverter#exportFormats()}). Mapping of every format of the
 * schema to each output, and the limits: docs/EXPORT.md.
 */
@NullMarked
package dev.collab.export;

import org.jspecify.annotations.NullMarked;
