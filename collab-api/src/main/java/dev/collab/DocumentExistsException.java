package dev.collab;

/** {@link Collab#create} was given the id of a document that exists (REST answers 409). */
public final class DocumentExistsException extends CollabException {
  private static final long serialVersionUID = 1L;

  /**
   * The exception for an id that is taken. Its code is {@link ErrorCode#BAD_MESSAGE}.
   *
   * @param documentId the id that exists; named in the message
   */
  public DocumentExistsException(String documentId) {
    super(ErrorCode.BAD_MESSAGE, "document '" + documentId + "' exists");
  }
}
