/**
 * The Redis pub/sub {@link dev.collab.spi.ClusterBus}, on Lettuce. An adapter at the edge: it
 * depends on the SPI and its client library only, and Lettuce is an optional dependency of
 * collab-impl (add {@code io.lettuce:lettuce-core} to use it).
 */
@NullMarked
package dev.collab.server.redis;

import org.jspecify.annotations.NullMarked;
