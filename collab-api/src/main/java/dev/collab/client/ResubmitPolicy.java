package dev.collab.client;

import dev.collab.ErrorCode;
import java.util.Random;

/**
 * Which refusals of a submit are worth resubmitting the same op (same {@code seq}) and when:
 * {@code rate-limited}, {@code retry-exhausted}, {@code draining} and {@code internal} are
 * transient, retried after a backoff up to the client's {@code maxSubmitRetries}; anything else is
 * a verdict on the op, which is then undone. Shared by all documents of one client.
 */
final class ResubmitPolicy {
  private final Backoff backoff;
  /** The client's jitter source, shared with reconnects (one seeded sequence in tests). */
  private final Random random;
  private final int maxRetries;

  ResubmitPolicy(Backoff backoff, Random random, int maxRetries) {
    this.backoff = backoff;
    this.random = random;
    this.maxRetries = maxRetries;
  }

  static boolean isTransient(ErrorCode code) {
    return code == ErrorCode.RATE_LIMITED || code == ErrorCode.RETRY_EXHAUSTED
        || code == ErrorCode.DRAINING || code == ErrorCode.INTERNAL;
  }

  /**
   * The delay before resubmitting an op refused with {@code code} after {@code retries} earlier
   * transient refusals, or -1 when it is not to be resubmitted (undo it).
   */
  long delayMillis(ErrorCode code, int retries) {
    if (isTransient(code) && retries < maxRetries) {
      return backoff.delayMillis(retries, random);
    }
    return -1;
  }
}
