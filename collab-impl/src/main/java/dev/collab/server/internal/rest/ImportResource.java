package dev.collab.server.internal.rest;

import dev.collab.Access;
import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.internal.json.BoundedJson;
import dev.collab.server.internal.config.CollabConfiguration;
import dev.collab.spi.AccessPolicy;
import dev.collab.spi.DocumentStore;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.io.InputStream;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST {context}/collab/api/documents/{id}/import?mode=append|replace}: a file (HTML,
 * Markdown or DOCX, by its {@code Content-Type}) put into an existing document as one edit, after
 * its text ({@code append}, the default) or instead of it ({@code replace}) → 200 {@code {id,
 * version}}. Needs write access and the same Origin or CSRF header as every state-changing request.
 */
@Path("documents/{id}/import")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ImportResource {
  @Inject Imports imports;
  @Inject DocumentStore store;
  @Inject AccessPolicy policy;
  @Inject CollabConfiguration configuration;
  @Context SecurityContext security;
  @Context HttpServletRequest request;
  @Context HttpHeaders headers;

  /** Imports the body into document {@code id}. */
  @POST
  public CompletionStage<String> importInto(@PathParam("id") String id, @QueryParam("mode") String mode, InputStream body) {
    RequestChecks.checkStateChange(request, configuration.wire());
    User user = RequestChecks.user(security, configuration.wire());
    if (!RequestChecks.access(policy, store, user, id).allows(Access.WRITE)) {
      throw new CollabException(ErrorCode.FORBIDDEN, "importing into a document needs write access");
    }
    if (mode != null && !mode.equals("append") && !mode.equals("replace")) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, "mode must be append or replace, was '" + mode + "'");
    }
    return imports.into(id, user, headers.getMediaType(), body, "replace".equals(mode)).thenApply(op ->
        BoundedJson.PROVIDER.createObjectBuilder().add("id", id).add("version", op.version()).build().toString());
  }
}
