/**
 * Internal: Collab's settings. Read once per deployment, from MicroProfile Config when present,
 * else system properties and environment variables, else the WAR's
 * {@code META-INF/microprofile-config.properties}, into one immutable {@link
 * dev.collab.server.internal.config.CollabConfiguration} (engine limits, wire limits, paths, store,
 * bus, nodes). Every key is validated; a bad value throws {@link
 * dev.collab.server.internal.config.InvalidSettingException} naming key, value and what is allowed,
 * which fails the deployment. The wire and the wiring read this value; it knows nothing of them.
 * Not for application code: the keys are documented in docs/CONFIGURATION.md.
 */
@NullMarked
package dev.collab.server.internal.config;

import org.jspecify.annotations.NullMarked;
