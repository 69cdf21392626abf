package dev.collab;

import java.util.Objects;

/**
 * The root of every exception Collab throws on purpose. Unchecked; each carries the
 * {@link ErrorCode} a client would be sent for it, so a caller can act on the code rather than on
 * the message. Messages name the argument and, for limits, the limit.
 */
public class CollabException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The wire error code this failure maps to; never null. */
  private final ErrorCode code;

  /**
   * An exception with a code and a message.
   *
   * @param code the wire error code a client would be sent; not null
   * @param message what failed, naming the argument and, for limits, the limit
   * @throws NullPointerException when {@code code} is null
   */
  public CollabException(ErrorCode code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  /**
   * An exception with a code, a message and the failure that caused it.
   *
   * @param code the wire error code a client would be sent; not null
   * @param message what failed, naming the argument and, for limits, the limit
   * @param cause the underlying failure, e.g. a store's exception; may be null
   * @throws NullPointerException when {@code code} is null
   */
  public CollabException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /**
   * The wire error code this failure maps to.
   *
   * @return the code given at construction; never null
   */
  public ErrorCode code() {
    return code;
  }
}
