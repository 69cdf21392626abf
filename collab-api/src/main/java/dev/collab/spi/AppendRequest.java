package dev.collab.spi;

import dev.collab.CommittedOp;
import java.util.List;
import java.util.Objects;

/**
 * One document's part of {@link DocumentStore#appendAll}: the arguments of one
 * {@link DocumentStore#append}.
 *
 * @param documentId the document
 * @param expectedHead the head the ops were made on
 * @param ops one or more consecutive ops of this document, versions {@code expectedHead + 1, ...}
 * @since 0.1
 */
public record AppendRequest(String documentId, long expectedHead, List<CommittedOp> ops) {
  /**
   * Checks the id and copies the ops; their order is checked by {@link DocumentStore#appendAll}.
   *
   * @param documentId the document
   * @param expectedHead the head the ops were made on
   * @param ops one or more consecutive ops of this document, versions {@code expectedHead + 1, ...}
   * @throws NullPointerException when {@code documentId} or {@code ops} (or one of its elements) is
   *     null
   */
  public AppendRequest {
    Objects.requireNonNull(documentId, "documentId");
    ops = List.copyOf(ops);
  }
}
