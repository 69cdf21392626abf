package dev.collab.server.internal.engine;

import dev.collab.CommittedOp;

/**
 * What identifies a submit: its client and that client's {@code seq}. A map key that hashes the
 * client id once (a {@code String} caches its hash) instead of building a new string per lookup.
 */
record SubmitKey(String client, long seq) {
  static SubmitKey of(CommittedOp op) {
    return new SubmitKey(op.client(), op.seq());
  }
}
