/**
 * Internal: bounded JSON reading on Jakarta JSON Processing, shared by every decoder of untrusted
 * input. Not for application code.
 */
@NullMarked
package dev.collab.internal.json;

import org.jspecify.annotations.NullMarked;
