/**
 * Internal: serves the browser client (collab.js, its Quill binding, Quill itself and their stylesheets) from
 * the jar at {@code {context}/collab/client/{version}/}. Registered by the library's servlet
 * initializer; not for application code.
 */
@NullMarked
package dev.collab.server.internal.assets;

import org.jspecify.annotations.NullMarked;
