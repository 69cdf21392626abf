/**
 * Load tools for the engine, built only by the Maven profile {@code bench}; not shipped. See
 * {@code docs/PERFORMANCE.md} for how to run them and the recorded results.
 */
@NullMarked
package dev.collab.bench;

import org.jspecify.annotations.NullMarked;
