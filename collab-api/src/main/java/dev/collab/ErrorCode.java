package dev.collab;

/**
 * The stable error codes of the wire protocol ({@code docs/PROTOCOL.md}, "Errors and limits").
 *
 * <p>The string form ({@link #wire()}) is part of the protocol and never changes; the enum
 * constants may be used by application code to react to a {@link CollabException}.
 */
public enum ErrorCode {
  /** Not JSON, too deep, not an object, unknown type, missing or mistyped fields, message before hello. */
  BAD_MESSAGE("bad-message"),
  UNSUPPORTED_PROTOCOL("unsupported-protocol"),
  NOT_JOINED("not-joined"),
  UNKNOWN_DOCUMENT("unknown-document"),
  FORBIDDEN("forbidden"),
  /** An op, a document or a field over its limit, inside a frame of acceptable size. */
  TOO_LARGE("too-large"),
  /** An op that is malformed, does not apply to its base version, or breaks the format schema. */
  INVALID_OP("invalid-op"),
  VERSION_AHEAD("version-ahead"),
  HISTORY_GONE("history-gone"),
  RATE_LIMITED("rate-limited"),
  RETRY_EXHAUSTED("retry-exhausted"),
  DRAINING("draining"),
  INTERNAL("internal");

  private final String wire;

  ErrorCode(String wire) {
    this.wire = wire;
  }

  /** The code as it appears in the {@code code} field of an {@code error} message. */
  public String wire() {
    return wire;
  }
}
