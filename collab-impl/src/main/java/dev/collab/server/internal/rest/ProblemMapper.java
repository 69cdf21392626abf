package dev.collab.server.internal.rest;

import dev.collab.CollabException;
import dev.collab.DocumentExistsException;
import dev.collab.export.ConversionException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.concurrent.CompletionException;

/**
 * Maps failures of Collab's resources to problem responses with the matching HTTP status. A
 * failure the client cannot act on (a 500) is logged once here, with the request and the user
 * (the document is in the path); the answers with a 4xx or 503 code are the client's to act on and
 * are not logged.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {
  private static final System.Logger LOG = System.getLogger(ProblemMapper.class.getName());

  @Context HttpServletRequest request;

  @Override
  public Response toResponse(Throwable failure) {
    Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (e instanceof WebApplicationException) {
      Response r = ((WebApplicationException) e).getResponse();
      return Problem.of(r.getStatus(), r.getStatusInfo().getReasonPhrase(), String.valueOf(e.getMessage()));
    }
    if (e instanceof ConversionException) {
      switch (((ConversionException) e).reason()) {
        case TOO_LARGE:
          return Problem.of(413, "too-large", e.getMessage());
        case MALFORMED:
          return Problem.of(400, "malformed-file", e.getMessage());
        default:
          return Problem.of(406, "format-unavailable", e.getMessage());
      }
    }
    if (e instanceof DocumentExistsException) {
      return Problem.of(409, "exists", e.getMessage());
    }
    if (e instanceof CollabException) {
      CollabException c = (CollabException) e;
      switch (c.code()) {
        case UNKNOWN_DOCUMENT:
          return Problem.of(404, c.code().wire(), c.getMessage());
        case FORBIDDEN:
          return Problem.of(403, c.code().wire(), c.getMessage());
        case BAD_MESSAGE:
        case INVALID_OP:
        case TOO_LARGE:
        case VERSION_AHEAD:
          return Problem.of(400, c.code().wire(), c.getMessage());
        case HISTORY_GONE:
          return Problem.of(410, c.code().wire(), c.getMessage());
        case RATE_LIMITED:
          return Problem.of(429, c.code().wire(), c.getMessage());
        case DRAINING:
        case RETRY_EXHAUSTED:
          return Problem.of(503, c.code().wire(), c.getMessage());
        default:
          log(System.Logger.Level.WARNING, c);
          return Problem.of(500, c.code().wire(), c.getMessage());
      }
    }
    log(System.Logger.Level.ERROR, e);
    return Problem.of(500, "internal", "the server failed; see its log");
  }

  private void log(System.Logger.Level level, Throwable e) {
    String what = "a REST request";
    String user = "(unknown)";
    try {
      if (request != null) {
        what = request.getMethod() + " " + request.getRequestURI();
        user = request.getUserPrincipal() == null ? "(anonymous)" : request.getUserPrincipal().getName();
      }
    } catch (RuntimeException outsideRequest) {
      e.addSuppressed(outsideRequest); // logged with the failure just below
    }
    LOG.log(level, "collab: REST " + what + " of user " + user + " failed; answered 500", e);
  }
}
