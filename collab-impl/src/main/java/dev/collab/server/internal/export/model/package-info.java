/**
 * Internal: the library-free part of export and import: a document as {@link
 * dev.collab.server.internal.export.model.Line lines}, runs of equally formatted text ({@link
 * dev.collab.server.internal.export.model.Runs}), the builder importers append to ({@link
 * dev.collab.server.internal.export.model.DocumentBuilder}), the schema filter ({@link
 * dev.collab.server.internal.export.model.Sanitizer}) and plain text. Not for application code.
 */
@NullMarked
package dev.collab.server.internal.export.model;

import org.jspecify.annotations.NullMarked;
