/**
 * Internal: the engine's meters in Micrometer, bound when the application provides a
 * {@code io.micrometer.core.instrument.MeterRegistry} bean. Micrometer is an optional dependency:
 * {@link dev.collab.server.internal.metrics.MeterBinding} looks for it without touching its classes,
 * and only {@link dev.collab.server.internal.metrics.MicrometerBinding} and
 * {@link dev.collab.server.internal.metrics.MicrometerObserver}, loaded once it is found, use it.
 * The engine knows none of this: it reports through its {@code EngineObserver}. Meter names and
 * meanings: docs/OPERATIONS.md. Not for application code.
 */
@NullMarked
package dev.collab.server.internal.metrics;

import org.jspecify.annotations.NullMarked;
