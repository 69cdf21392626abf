package dev.collab;

/** {@link Collab#create} was given the id of a document that exists (REST answers 409). */
public final class DocumentExistsException extends CollabException {
  private static final long serialVersionUID = 1L;

  public DocumentExistsException(String documentId) {
    super(ErrorCode.BAD_MESSAGE, "document '" + documentId + "' exists");
  }
}
