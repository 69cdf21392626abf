/**
 * The operational-transformation model: the {@link dev.collab.ot.OtType} contract that the engine is
 * generic over, and the built-in {@code rich-text} type ({@link dev.collab.ot.Delta}, Quill's Delta
 * format). For application code, for integrators writing their own OT type, and for the engine.
 *
 * <p>Every type here is an immutable value or a stateless function, except
 * {@link dev.collab.ot.OtDocument}, which is a single-writer mutable document.
 */
@NullMarked
package dev.collab.ot;

import org.jspecify.annotations.NullMarked;
