package dev.collab.ot;

import dev.collab.CollabException;
import dev.collab.ErrorCode;
import java.util.Objects;

/**
 * The one exception the OT model throws for bad input: JSON that is not a well-formed delta, input
 * over a {@link JsonLimits} bound, or an op that does not apply to its document. Every decoder and
 * every {@code apply} of this package throws only this type for bad input; the {@link #problem()}
 * says which rule was broken, and the message names the op index, the field and the limit.
 *
 * <p>Input that raised it changed nothing: decoding builds no partial delta, and a document that
 * refuses an op is left as it was.
 */
public final class InvalidOpException extends CollabException {
  private static final long serialVersionUID = 1L;

  /** The rule the input broke, and the wire code it maps to. */
  public enum Problem {
    /** Not JSON at all, or truncated. */
    INVALID_JSON(ErrorCode.BAD_MESSAGE),
    /** Arrays and objects nested deeper than {@link JsonLimits#maxDepth()}. */
    TOO_DEEP(ErrorCode.BAD_MESSAGE),
    /** A string longer than {@link JsonLimits#maxStringLength()}. */
    STRING_TOO_LONG(ErrorCode.TOO_LARGE),
    /** More ops than {@link JsonLimits#maxOps()}. */
    TOO_MANY_OPS(ErrorCode.TOO_LARGE),
    /** Input longer than {@link JsonLimits#maxChars()}, or lengths that add up past an int. */
    TOO_LARGE(ErrorCode.TOO_LARGE),
    /** Valid JSON that is not a delta: unknown key, wrong type, zero or negative length, ... */
    MALFORMED_OP(ErrorCode.INVALID_OP),
    /** A document was expected (inserts only) and the delta retains or deletes. */
    NOT_A_DOCUMENT(ErrorCode.INVALID_OP),
    /** The op retains or deletes past the end of the document it was applied to. */
    DOES_NOT_APPLY(ErrorCode.INVALID_OP);

    private final ErrorCode code;

    Problem(ErrorCode code) {
      this.code = code;
    }

    /**
     * The wire code an input breaking this rule is answered with.
     *
     * @return {@code bad-message}, {@code too-large} or {@code invalid-op}
     */
    public ErrorCode code() {
      return code;
    }
  }

  /** The rule the input broke; never null. */
  private final Problem problem;

  /**
   * An exception for input that broke {@code problem}; its {@link #code()} is the problem's.
   *
   * @param problem the rule broken
   * @param message what was wrong, naming the op index, the field and the limit
   * @throws NullPointerException when {@code problem} is null
   */
  public InvalidOpException(Problem problem, String message) {
    super(Objects.requireNonNull(problem, "problem").code(), message);
    this.problem = problem;
  }

  /**
   * An exception for input that broke {@code problem}, with the failure that revealed it.
   *
   * @param problem the rule broken
   * @param message what was wrong, naming the op index, the field and the limit
   * @param cause the underlying failure, e.g. the JSON parser's
   * @throws NullPointerException when {@code problem} is null
   */
  public InvalidOpException(Problem problem, String message, Throwable cause) {
    super(Objects.requireNonNull(problem, "problem").code(), message, cause);
    this.problem = problem;
  }

  /**
   * The rule the input broke.
   *
   * @return the problem; never null
   */
  public Problem problem() {
    return problem;
  }
}
