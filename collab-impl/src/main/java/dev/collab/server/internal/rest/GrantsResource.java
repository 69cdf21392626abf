package dev.collab.server.internal.rest;

import dev.collab.Access;
import dev.collab.CollabException;
import dev.collab.DocumentGrants;
import dev.collab.ErrorCode;
import dev.collab.Grant;
import dev.collab.Ids;
import dev.collab.User;
import dev.collab.internal.json.BoundedJson;
import dev.collab.server.internal.config.CollabConfiguration;
import dev.collab.server.internal.engine.CollabEngine;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * {@code {context}/collab/api/documents/{id}/grants}: sharing over REST ({@link
 * dev.collab.Sharing}, which makes the checks: the owner and admins only; a user without read
 * access gets the same 404 {@code unknown-document} for an existing document as for a missing one,
 * a reader or writer 403). {@code PUT} and {@code DELETE} also need the Origin or CSRF header of
 * every state-changing request (checked first, alike for every document).
 *
 * <ul>
 *   <li>{@code GET grants}: {@code {id, owner, grants: [{user, access, grantedBy, time}]}}, by user id
 *   <li>{@code PUT grants/{user}} {@code {"access": "read|comment|write|admin"}}: gives or changes
 *       the grant; 200 {@code {user, access, grantedBy, time}}
 *   <li>{@code DELETE grants/{user}}: removes it; 204, or 404 when the user had none
 * </ul>
 */
@Path("documents/{id}/grants")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class GrantsResource {

  @Inject CollabEngine engine;
  @Inject CollabConfiguration configuration;
  @Context SecurityContext security;
  @Context HttpServletRequest request;

  private User user() {
    return RequestChecks.user(security, configuration.wire());
  }

  private User changer() {
    RequestChecks.checkStateChange(request, configuration.wire());
    return user();
  }

  /** The owner and the grants. */
  @GET
  public CompletionStage<String> list(@PathParam("id") String id) {
    return engine.sharing().list(id, user()).thenApply(GrantsResource::describe);
  }

  /** Gives or changes a grant: {@code {"access": "write"}} → 200 {@code {user, access, grantedBy, time}}. */
  @PUT
  @Path("{user}")
  @Consumes(MediaType.APPLICATION_JSON)
  public CompletionStage<String> grant(@PathParam("id") String id, @PathParam("user") String userId, String body) {
    User by = changer();
    Access access = level(Bodies.stringOrNull(Bodies.object(body), "access"));
    return engine.sharing().grant(id, userId, access, by).thenApply(grant -> describe(grant).toString());
  }

  /** Removes a grant: 204, or 404 when the user had none. */
  @DELETE
  @Path("{user}")
  public CompletionStage<Response> revoke(@PathParam("id") String id, @PathParam("user") String userId) {
    User by = changer();
    return engine.sharing().revoke(id, userId, by).thenApply(removed -> {
      if (!removed) {
        // Only the owner and admins get here (the others were answered as the sharing API checked).
        throw new NotFoundException("user " + (Ids.isUserId(userId) ? userId : "?") + " has no grant on document " + id);
      }
      return Response.noContent().build();
    });
  }

  /** A level given in a body: read, comment, write or admin; anything else is {@code bad-message} (400). */
  static Access level(@Nullable String text) {
    if (text != null) {
      for (Access access : Access.values()) {
        if (access != Access.NONE && access.wire().equals(text.toLowerCase(Locale.ROOT))) {
          return access;
        }
      }
    }
    throw new CollabException(ErrorCode.BAD_MESSAGE, "'access' must be read, comment, write or admin");
  }

  private static String describe(DocumentGrants grants) {
    JsonArrayBuilder array = BoundedJson.PROVIDER.createArrayBuilder();
    grants.grants().forEach(grant -> array.add(describe(grant)));
    return BoundedJson.PROVIDER.createObjectBuilder().add("id", grants.documentId()).add("owner", grants.owner())
        .add("grants", array).build().toString();
  }

  private static JsonObject describe(Grant grant) {
    return BoundedJson.PROVIDER.createObjectBuilder().add("user", grant.userId()).add("access", grant.access().wire())
        .add("grantedBy", grant.grantedBy()).add("time", grant.time().toString()).build();
  }
}
