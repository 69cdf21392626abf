/**
 * The TCK: contract kits integrators and vendors run against their implementations, and
 * {@link dev.collab.tck.WireSocket}, the raw protocol client the protocol kit talks through, for
 * their own over-the-wire tests (Collab's own tests use it too).
 */
@NullMarked
package dev.collab.tck;

import org.jspecify.annotations.NullMarked;
