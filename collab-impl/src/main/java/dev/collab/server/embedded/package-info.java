/**
 * Public: Collab's engine without a server, for tests. {@link dev.collab.server.embedded.EmbeddedEngine}
 * runs the engine in the test's JVM on a store, bus and policy of the caller's choosing, with
 * connected sessions whose answers come back as simple events: what the TCK's bus and policy kits
 * need from a real engine ({@code ClusterBusContractKit.node}, {@code AccessPolicyContractKit.engine}),
 * without the caller touching {@code dev.collab.server.internal}.
 */
@NullMarked
package dev.collab.server.embedded;

import org.jspecify.annotations.NullMarked;
