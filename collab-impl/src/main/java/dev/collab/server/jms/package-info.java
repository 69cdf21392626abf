/**
 * The Jakarta Messaging {@link dev.collab.spi.ClusterBus}: one topic, a message property per
 * document, usable with an application server's own JMS provider.
 */
@NullMarked
package dev.collab.server.jms;

import org.jspecify.annotations.NullMarked;
