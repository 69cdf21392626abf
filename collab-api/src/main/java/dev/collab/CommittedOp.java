package dev.collab;

import java.time.Instant;
import java.util.Objects;

/**
 * One committed op of a document's log: version {@code version} of document {@code document}.
 * This is what a store keeps, what the engine publishes, and what change listeners receive.
 *
 * @param document the document id
 * @param version the op's version: the document's version right after it (1 for the first op)
 * @param op the op in its OT type's JSON form, as text (e.g. a Delta's {@code ops} array)
 * @param client the id of the client that submitted it
 * @param seq the client's number for the submit; {@code (client, seq)} identifies the op forever
 * @param userId the id of the user who made it
 * @param userName that user's display name when the op was made
 * @param time the server's time when the op was committed
 */
public record CommittedOp(
    String document,
    long version,
    String op,
    String client,
    long seq,
    String userId,
    String userName,
    Instant time) {

  /**
   * Checks the components.
   *

   * @param document the document id

   * @param version the op's version: the document's version right after it (1 for the first op)

   * @param op the op in its OT type's JSON form, as text (e.g. a Delta's {@code ops} array)

   * @param client the id of the client that submitted it

   * @param seq the client's number for the submit; {@code (client, seq)} identifies the op forever

   * @param userId the id of the user who made it

   * @param userName that user's display name when the op was made

   * @param time the server's time when the op was committed
   * @throws IllegalArgumentException when {@code document}, {@code client} or {@code userId} is not
   *     a valid id, or {@code version} or {@code seq} is below 1
   * @throws NullPointerException when {@code op}, {@code userName} or {@code time} is null
   */
  public CommittedOp {
    Ids.requireDocumentIdAlphabet(document); // as in DocumentInfo: read back from stores too
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1, was " + version);
    }
    Objects.requireNonNull(op, "op");
    Ids.requireClientId(client);
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be at least 1, was " + seq);
    }
    Ids.requireUserId(userId);
    Objects.requireNonNull(userName, "userName");
    Objects.requireNonNull(time, "time");
  }

  /**
   * The same op as another version (the engine renumbers a batch when it retries).
   *
   * @param newVersion the version to give it; at least 1
   * @return a copy with {@code version} replaced and every other component the same
   * @throws IllegalArgumentException when {@code newVersion} is below 1
   */
  public CommittedOp withVersion(long newVersion) {
    return new CommittedOp(document, newVersion, op, client, seq, userId, userName, time);
  }
}
