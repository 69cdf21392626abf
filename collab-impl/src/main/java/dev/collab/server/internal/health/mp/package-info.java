/**
 * Internal: the node's health as MicroProfile Health checks ({@code @Liveness} and
 * {@code @Readiness} beans, one check named {@code collab} each), so that a server with
 * MicroProfile Health (Payara Micro) serves them at {@code /health/live} and {@code /health/ready}.
 * The only classes of Collab that name MicroProfile Health types; they are added as synthetic
 * beans only when its API is visible to the application
 * ({@code dev.collab.server.internal.cdi.HealthChecksExtension}), so a server without it never
 * loads them. Not for application code.
 */
@NullMarked
package dev.collab.server.internal.health.mp;

import org.jspecify.annotations.NullMarked;
