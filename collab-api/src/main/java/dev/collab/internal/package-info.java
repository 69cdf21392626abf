/**
 * Internals of Collab. Not for application code or integrators: anything here may change in any
 * release. No API or SPI signature mentions a type from here (an ArchUnit test keeps it so).
 */
@NullMarked
package dev.collab.internal;

import org.jspecify.annotations.NullMarked;
