/**
 * The SPIs: what an integrator implements to put Collab on their own storage ({@link
 * dev.collab.spi.DocumentStore}), messaging ({@link dev.collab.spi.ClusterBus}) and authorization
 * ({@link dev.collab.spi.AccessPolicy}). Each has a small required core; everything else is a
 * {@code default} method an implementation may override for speed. The TCK's contract kits check
 * an implementation.
 */
@NullMarked
package dev.collab.spi;

import org.jspecify.annotations.NullMarked;
