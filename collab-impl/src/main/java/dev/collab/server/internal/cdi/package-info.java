/**
 * The drop-in wiring for Jakarta EE: CDI beans for the engine, its SPIs and configuration, and the
 * settings, read from MicroProfile Config, system properties, environment variables or the WAR's
 * properties file once per deployment into an immutable {@link
 * dev.collab.server.internal.cdi.CollabConfiguration} (a bad value fails the deployment). Applications
 * replace an SPI by declaring their own bean {@code @Alternative @Priority(APPLICATION)}. Internal:
 * not for application code.
 */
@NullMarked
package dev.collab.server.internal.cdi;

import org.jspecify.annotations.NullMarked;
