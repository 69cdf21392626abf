package dev.collab;

import java.util.Objects;

/**
 * The root of every exception Collab throws on purpose. Unchecked; each carries the
 * {@link ErrorCode} a client would be sent for it, so a caller can act on the code rather than on
 * the message. Messages name the argument and, for limits, the limit.
 */
public class CollabException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public CollabException(ErrorCode code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  public CollabException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** The wire error code this failure maps to. */
  public ErrorCode code() {
    return code;
  }
}
