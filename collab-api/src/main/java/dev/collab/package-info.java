/**
 * The application-facing API of Collab: what application code calls. Types here never mention an
 * internal or implementation type in a signature.
 */
@NullMarked
package dev.collab;

import org.jspecify.annotations.NullMarked;
