/**
 * The drop-in wiring for Jakarta EE: CDI beans for the engine, its SPIs and configuration, and the
 * settings read from MicroProfile Config, system properties or environment variables. Applications
 * replace an SPI by declaring their own bean {@code @Alternative @Priority(APPLICATION)}.
 */
@NullMarked
package dev.collab.server.internal.cdi;

import org.jspecify.annotations.NullMarked;
