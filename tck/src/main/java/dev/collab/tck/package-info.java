/**
 * The TCK: contract kits integrators and vendors run against their implementations.
 */
@NullMarked
package dev.collab.tck;

import org.jspecify.annotations.NullMarked;
