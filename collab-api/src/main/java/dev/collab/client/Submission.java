package dev.collab.client;

import java.util.Objects;

/**
 * A {@code submit} the client must send: {@code op} made on version {@code base}, numbered
 * {@code seq}. A resubmission after a reconnect carries the same {@code seq} and a newer base.
 *
 * @param <O> the op type
 */
public record Submission<O>(String doc, long base, long seq, O op) {
  public Submission {
    Objects.requireNonNull(doc, "doc");
    Objects.requireNonNull(op, "op");
  }
}
