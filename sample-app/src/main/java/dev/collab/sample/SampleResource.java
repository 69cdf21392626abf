package dev.collab.sample;

import dev.collab.Access;
import dev.collab.AccessChange;
import dev.collab.Collab;
import dev.collab.CollabException;
import dev.collab.CommittedOp;
import dev.collab.DocumentInfo;
import dev.collab.Ids;
import dev.collab.User;
import dev.collab.comments.Mention;
import dev.collab.server.defaults.RoleAccessPolicy;
import dev.collab.spi.AccessPolicy;
import dev.collab.spi.DocumentStore;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.StringReader;
import java.security.Principal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The sample's REST: who is logged in ({@code GET app/me}), the document list with search, last
 * edit and size ({@code GET app/documents}, {@link DocumentListing}), the caller's inbox of mentions
 * and shares ({@code GET app/inbox}, {@link Inbox}) and "restore a version as a new
 * edit" ({@code POST app/documents/{id}/restore {"version": N}}). Both behind the login ({@code web.xml});
 * every answer {@code Cache-Control: no-store}. The restore needs write access under Collab's
 * {@link AccessPolicy} and, as every state-changing request of Collab's REST does, the header
 * {@code X-Collab-Request}, which a cross-site form cannot send.
 */
@Path("")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SampleResource {
  static final String CSRF_HEADER = "X-Collab-Request";
  private static final List<String> ROLES = List.of(RoleAccessPolicy.ADMIN, RoleAccessPolicy.WRITER, RoleAccessPolicy.READER);

  @Inject Collab collab;
  @Inject AccessPolicy policy;
  @Inject DocumentStore store;
  @Inject VersionActivity activity;
  @Inject Inbox inbox;
  @Context SecurityContext security;

  /** The user as Collab sees it: the container's principal and its Collab roles. */
  private User user() {
    Principal principal = security.getUserPrincipal();
    if (principal == null) {
      throw new jakarta.ws.rs.NotAuthorizedException("log in first", "Form");
    }
    Set<String> roles = new HashSet<>();
    for (String role : ROLES) {
      if (security.isUserInRole(role)) {
        roles.add(role);
      }
    }
    return new User(principal.getName(), principal.getName(), roles);
  }

  /** {@code {id, name, roles, mayCreate, admin}} for the pages. */
  @GET
  @Path("me")
  public Response me() {
    User user = user();
    JsonArrayBuilder roles = Json.createArrayBuilder();
    user.roles().stream().sorted().forEach(roles::add);
    JsonObject me = Json.createObjectBuilder().add("id", user.id()).add("name", user.name()).add("roles", roles)
        .add("mayCreate", policy.mayCreate(user))
        .add("admin", policy.access(user, "*").allows(Access.ADMIN)).build();
    return noStore(Response.ok(me.toString()));
  }

  /**
   * Restores version {@code N} of the document as a new edit by the caller: 200
   * {@code {version, restoredFrom, changed}}; 400 bad body or version past the head, 403 without the
   * CSRF header or write access, 404 unknown (or unreadable) document, 410 history gone.
   */
  @POST
  @Path("documents/{id}/restore")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response restore(@PathParam("id") String id, @HeaderParam(CSRF_HEADER) String csrf, String body) {
    if (csrf == null) {
      return problem(403, "forbidden", "a state-changing request needs the " + CSRF_HEADER + " header");
    }
    User user = user();
    if (!Ids.isDocumentId(id)) {
      return problem(400, "bad-message", "bad document id");
    }
    Access access = policy.access(user, id);
    if (!access.allows(Access.READ) || collab.find(id) == null) {
      return problem(404, "unknown-document", "no document " + id);
    }
    if (!access.allows(Access.WRITE)) {
      return problem(403, "forbidden", "restoring needs write access");
    }
    long version;
    try (JsonReader reader = Json.createReader(new StringReader(body == null ? "" : body))) {
      JsonValue value = reader.readObject().get("version");
      if (!(value instanceof JsonNumber number) || !number.isIntegral() || number.longValue() < 0) {
        return problem(400, "bad-message", "'version' must be a non-negative integer");
      }
      version = number.longValueExact();
    } catch (RuntimeException e) {
      return problem(400, "bad-message", "the body must be a JSON object {\"version\": N}");
    }
    try {
      Restorer.Restored restored = new Restorer(collab).restore(id, version, user);
      return noStore(Response.ok(Json.createObjectBuilder().add("version", restored.version())
          .add("restoredFrom", version).add("changed", restored.changed()).build().toString()));
    } catch (CollabException e) {
      return problem(e);
    }
  }

  /**
   * The documents the user may read whose title contains {@code ?q=} (ignoring case; empty or
   * missing: all), {@code ?offset=} (matches skipped, default 0), {@code ?limit=} (1 to 100, default
   * 50): 200 {@code {query, offset, limit, documents: [{id, type, title, creator, created, version,
   * characters, bytes, lastEdited}]}}, {@code lastEdited} being {@code {time, user: {id, name}}} or
   * null (version 0, or its op no longer kept); 400 for a search text over 256 characters or a bad
   * offset or limit.
   */
  @GET
  @Path("documents")
  public Response documents(@QueryParam("q") String query, @QueryParam("offset") String offset,
      @QueryParam("limit") String limit) {
    User user = user();
    DocumentListing.Page page;
    try {
      page = new DocumentListing(collab, store, policy).page(user, query == null ? "" : query,
          integer(offset, 0, "offset"), integer(limit, 50, "limit"));
    } catch (IllegalArgumentException e) {
      return problem(400, "bad-message", e.getMessage());
    } catch (CollabException e) {
      return problem(e);
    }
    JsonArrayBuilder documents = Json.createArrayBuilder();
    for (DocumentListing.Entry entry : page.entries()) {
      documents.add(listed(entry));
    }
    return noStore(Response.ok(Json.createObjectBuilder().add("query", page.query()).add("offset", page.offset())
        .add("limit", page.limit()).add("documents", documents).build().toString()));
  }

  private static JsonObject listed(DocumentListing.Entry entry) {
    DocumentInfo info = entry.info();
    JsonObjectBuilder json = Json.createObjectBuilder().add("id", info.id()).add("type", info.type())
        .add("title", info.title()).add("creator", info.creator()).add("created", info.created().toString())
        .add("version", entry.version()).add("characters", entry.characters()).add("bytes", entry.bytes())
        .add("access", entry.access().wire());
    CommittedOp last = entry.lastEdit();
    if (last == null) {
      json.addNull("lastEdited");
    } else {
      json.add("lastEdited", Json.createObjectBuilder().add("time", last.time().toString())
          .add("user", Json.createObjectBuilder().add("id", last.userId()).add("name", last.userName())));
    }
    return json.build();
  }

  private static int integer(String text, int otherwise, String name) {
    if (text == null || text.isEmpty()) {
      return otherwise;
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + name + "' must be an integer");
    }
  }

  /** A {@link CollabException} as the problem its code stands for. */
  private static Response problem(CollabException e) {
    switch (e.code()) {
      case UNKNOWN_DOCUMENT:
        return problem(404, e.code().wire(), e.getMessage());
      case VERSION_AHEAD:
      case TOO_LARGE:
      case BAD_MESSAGE:
      case INVALID_OP:
        return problem(400, e.code().wire(), e.getMessage());
      case HISTORY_GONE:
        return problem(410, e.code().wire(), e.getMessage());
      case FORBIDDEN:
        return problem(403, e.code().wire(), e.getMessage());
      default:
        return problem(503, e.code().wire(), e.getMessage());
    }
  }

  /**
   * The latest changes of this document's version names this node heard through the CDI event
   * ({@link VersionActivity}), newest first: {@code [{version, oldName, newName, user}]}; 404 as
   * Collab's REST for an unknown (or unreadable) document.
   */
  @GET
  @Path("documents/{id}/version-activity")
  public Response versionActivity(@PathParam("id") String id) {
    User user = user();
    if (!Ids.isDocumentId(id) || !policy.access(user, id).allows(Access.READ) || collab.find(id) == null) {
      return problem(404, "unknown-document", "no document " + id);
    }
    JsonArrayBuilder changes = Json.createArrayBuilder();
    for (dev.collab.VersionNameChange change : activity.of(id, 10)) {
      var json = Json.createObjectBuilder().add("version", change.version()).add("user", change.userId());
      if (change.oldName() == null) {
        json.addNull("oldName");
      } else {
        json.add("oldName", change.oldName());
      }
      if (change.newName() == null) {
        json.addNull("newName");
      } else {
        json.add("newName", change.newName());
      }
      changes.add(json);
    }
    return noStore(Response.ok(changes.build().toString()));
  }

  /**
   * The caller's inbox this node heard ({@link Inbox}), newest first, leaving out documents the
   * caller may no longer read: {@code [{kind: "mention", doc, title, thread, comment, by: {id, name},
   * text, time}]} for a comment that mentioned them and {@code {kind: "shared", doc, title, by: {id,
   * name}, access, time}} for access given or changed by an owner or admin. {@code title} is the
   * document's current title, empty when the document is gone.
   */
  @GET
  @Path("inbox")
  public Response inbox() {
    User user = user();
    JsonArrayBuilder list = Json.createArrayBuilder();
    for (Inbox.Notice notice : inbox.of(user.id())) {
      if (!policy.access(user, notice.documentId()).allows(Access.READ)) {
        continue;
      }
      JsonObjectBuilder json = Json.createObjectBuilder().add("doc", notice.documentId())
          .add("title", store.find(notice.documentId()).map(DocumentInfo::title).orElse(""));
      if (notice instanceof Inbox.Mentioned mentioned) {
        Mention m = mentioned.mention();
        json.add("kind", "mention").add("thread", m.threadId()).add("comment", m.commentId())
            .add("by", person(m.by().id(), m.by().name())).add("text", m.text()).add("time", m.time().toString());
      } else if (notice instanceof Inbox.Shared shared) {
        AccessChange change = shared.change();
        json.add("kind", "shared").add("by", person(change.changedBy(), change.changedBy()))
            .add("access", change.after().wire()).add("time", shared.time().toString());
      }
      list.add(json);
    }
    return noStore(Response.ok(list.build().toString()));
  }

  private static JsonObjectBuilder person(String id, String name) {
    return Json.createObjectBuilder().add("id", id).add("name", name);
  }

  private static Response problem(int status, String title, String detail) {
    String json = Json.createObjectBuilder().add("type", "about:blank").add("title", title).add("status", status)
        .add("detail", detail).build().toString();
    return noStore(Response.status(status).type("application/problem+json").entity(json));
  }

  private static Response noStore(Response.ResponseBuilder response) {
    return response.header("Cache-Control", "no-store").build();
  }
}
