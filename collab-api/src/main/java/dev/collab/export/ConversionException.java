package dev.collab.export;

/** Why an export or import could not be made; REST answers it as a problem with {@link Reason}'s status. */
public final class ConversionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Reason {
    /** The format's library is not on the server's class path (REST: 406 for an export, 415 for an import). */
    FORMAT_UNAVAILABLE,
    /** The input is larger than the import limit, or makes a document larger than it (REST: 413). */
    TOO_LARGE,
    /** The input is not a document of the format it claims (REST: 400). */
    MALFORMED
  }

  /** Why the conversion failed; part of the serialized form. */
  private final Reason reason;

  /**
   * An exception saying why.
   *
   * @param reason what went wrong
   * @param message what to tell the user
   */
  public ConversionException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /**
   * An exception saying why, with the library's failure.
   *
   * @param reason what went wrong
   * @param message what to tell the user
   * @param cause the library's exception
   */
  public ConversionException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /**
   * What went wrong.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
