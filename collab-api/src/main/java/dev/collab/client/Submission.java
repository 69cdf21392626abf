package dev.collab.client;

import java.util.Objects;

/**
 * A {@code submit} the client must send: {@code op} made on version {@code base}, numbered
 * {@code seq}. A resubmission after a reconnect carries the same {@code seq} and a newer base.
 *
 * @param doc the document's id
 * @param base the version the op was made on: the last version the server confirmed
 * @param seq the client's number for the submit, from 1, unique across the client's documents
 * @param op the op to send: one edit, or the edits buffered while another submit was in flight, composed
 * @param <O> the op type
 */
public record Submission<O>(String doc, long base, long seq, O op) {
  /**
   * Checks the components.
   *
   * @param doc the document's id
   * @param base the version the op was made on: the last version the server confirmed
   * @param seq the client's number for the submit, from 1, unique across the client's documents
   * @param op the op to send: one edit, or the edits buffered while another submit was in flight, composed
   * @throws NullPointerException when {@code doc} or {@code op} is null
   */
  public Submission {
    Objects.requireNonNull(doc, "doc");
    Objects.requireNonNull(op, "op");
  }
}
