package dev.collab;

/**
 * The stable error codes of the wire protocol ({@code docs/PROTOCOL.md}, "Errors and limits").
 *
 * <p>The string form ({@link #wire()}) is part of the protocol and never changes; the enum
 * constants may be used by application code to react to a {@link CollabException}.
 */
public enum ErrorCode {
  /**
   * {@code bad-message}: not JSON, too deep, not an object, unknown {@code t}, missing or mistyped
   * fields, or a message other than {@code hello} or {@code ping} before {@code hello}. Also what
   * {@link DocumentExistsException} carries.
   */
  BAD_MESSAGE("bad-message"),
  /**
   * {@code unsupported-protocol}: a {@code hello} asked for another protocol version than 1; the
   * connection stays open for a correct {@code hello}.
   */
  UNSUPPORTED_PROTOCOL("unsupported-protocol"),
  /**
   * {@code not-joined}: a {@code submit}, presence or {@code leave} for a document this connection
   * has not joined (or was removed from, after a delete or a revoked access).
   */
  NOT_JOINED("not-joined"),
  /**
   * {@code unknown-document}: a {@code join} of a document that does not exist or that the user may
   * not read (the two are answered alike); also sent to the clients joined to a document when it is
   * deleted, and to their submits not yet acknowledged.
   */
  UNKNOWN_DOCUMENT("unknown-document"),
  /**
   * {@code forbidden}: the user lacks the access an action needs, lost read access while joined, or
   * presented a client id bound to another user (then the connection is closed with 1008).
   */
  FORBIDDEN("forbidden"),
  /**
   * {@code too-large}: an op, a document, a presence {@code meta} or a field over its limit, inside a
   * frame of acceptable size.
   */
  TOO_LARGE("too-large"),
  /**
   * {@code invalid-op}: an {@code op} array that is malformed, does not apply to its base version, or
   * breaks the format schema.
   */
  INVALID_OP("invalid-op"),
  /** {@code version-ahead}: a {@code join} whose {@code from} is past the document's head. */
  VERSION_AHEAD("version-ahead"),
  /**
   * {@code history-gone}: the base version of a submit is older than the retained history and the
   * op is not already committed; the client rejoins.
   */
  HISTORY_GONE("history-gone"),
  /**
   * {@code rate-limited}: a limit on rate or on queued work was reached (messages per second, submits
   * in flight or queued, loaded documents, documents created per user); the message was dropped.
   * REST answers 429.
   */
  RATE_LIMITED("rate-limited"),
  /**
   * {@code retry-exhausted}: a submit kept conflicting with other commits and was not committed
   * after the server's bounded number of retries. REST answers 503.
   */
  RETRY_EXHAUSTED("retry-exhausted"),
  /**
   * {@code draining}: the server is shutting down and refuses new {@code join} and {@code submit}
   * messages; the client reconnects, possibly to another node. REST answers 503.
   */
  DRAINING("draining"),
  /** {@code internal}: the server failed (storage, timeout, a bug); the details are in its log. */
  INTERNAL("internal");

  private final String wire;

  ErrorCode(String wire) {
    this.wire = wire;
  }

  /**
   * The code as it appears in the {@code code} field of an {@code error} message.
   *
   * @return the stable lower-case, hyphenated form, e.g. {@code bad-message}
   */
  public String wire() {
    return wire;
  }
}
