/** The thread factories of Collab's own pools (daemon threads, named for thread dumps). */
@NullMarked
package dev.collab.server.internal.threads;

import org.jspecify.annotations.NullMarked;
