/**
 * Internal: the node's health for orchestrators. Liveness (the engine runs) and readiness (the
 * engine runs, the node is not draining, the store answers within a bounded time, the cluster bus
 * is connected), each check with its name, UP or DOWN and a short reason that names no host, user
 * or exception text. The store is probed on a thread of its own, one probe at a time, its answer
 * cached briefly ({@link dev.collab.server.internal.health.StoreProbe}). Served by Collab's REST
 * API ({@code collab/api/health/live}, {@code .../ready}) and, where the server has MicroProfile
 * Health, by its {@code /health/live} and {@code /health/ready} ({@code .mp}). Depends on the
 * engine and the SPI; the wire and the wiring use it. Not for application code.
 */
@NullMarked
package dev.collab.server.internal.health;

import org.jspecify.annotations.NullMarked;
