/**
 * Internal: logging helpers shared by Collab's modules. Not for application code or integrators.
 */
@NullMarked
package dev.collab.internal.log;

import org.jspecify.annotations.NullMarked;
