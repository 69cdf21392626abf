package dev.collab.server.internal.engine;

import dev.collab.CommittedOp;
import dev.collab.User;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One submitted op on its way through a sequencer: where it came from, what it was made on, and
 * what it has become. Confined to the document's sequencer once queued.
 *
 * @param <O> the op type
 */
final class SubmitRequest<O> {
  /** The session that submitted it, or null for a server-side edit through the public API. */
  final @Nullable Session session;
  final User user;
  final String client;
  final long seq;
  /** The version the op was made on; -1 for a server-side edit, which is made on the head. */
  final long base;
  final O op;
  final CompletableFuture<CommittedOp> result = new CompletableFuture<>();
  /** {@link System#nanoTime()} when the request was made: the start of its submit-to-ack latency. */
  final long madeNanos = System.nanoTime();

  SubmitRequest(@Nullable Session session, User user, String client, long seq, long base, O op) {
    this.session = session;
    this.user = user;
    this.client = client;
    this.seq = seq;
    this.base = base;
    this.op = op;
  }

  SubmitKey key() {
    return new SubmitKey(client, seq);
  }
}
