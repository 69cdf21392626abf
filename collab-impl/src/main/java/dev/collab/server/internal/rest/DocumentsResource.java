package dev.collab.server.internal.rest;

import dev.collab.Access;
import dev.collab.CollabException;
import dev.collab.CommittedOp;
import dev.collab.DocumentInfo;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.internal.json.BoundedJson;
import dev.collab.ot.JsonLimits;
import dev.collab.server.internal.engine.CollabEngine;
import dev.collab.server.internal.config.CollabConfiguration;
import dev.collab.spi.AccessPolicy;
import dev.collab.spi.DocumentStore;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@code {context}/collab/api/documents}: the documents over REST, with the same authorization as
 * the WebSocket. State-changing requests (POST, PATCH, DELETE) must come from the server's own origin (or
 * an allowlisted one), or carry the header {@code X-Collab-Request}, which a cross-site form cannot
 * set: that closes cross-site request forgery with cookie sessions.
 */
@Path("documents")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DocumentsResource {
  static final String CSRF_HEADER = RequestChecks.CSRF_HEADER;
  private static final int MAX_PAGE = 100;

  @Inject CollabEngine engine;
  @Inject DocumentStore store;
  @Inject AccessPolicy policy;
  /** The deployment's settings, parsed once at start. */
  @Inject CollabConfiguration configuration;
  @Inject Imports imports;
  @Context SecurityContext security;
  @Context HttpServletRequest request;

  private User user() {
    return RequestChecks.user(security, configuration.wire());
  }

  private void checkStateChange() {
    RequestChecks.checkStateChange(request, configuration.wire());
  }

  private Access access(User user, String id) {
    return RequestChecks.access(policy, store, user, id);
  }

  /**
   * Creates a document: {@code {"id"?, "title"?, "type"?}} → 201 {@code {id, version, type, title}};
   * 429 {@code rate-limited} past the user's quota ({@code collab.max-creates-per-user}).
   */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(String body) {
    checkStateChange();
    User user = user();
    if (!policy.mayCreate(user)) {
      throw new CollabException(ErrorCode.FORBIDDEN, "not allowed to create documents");
    }
    JsonObject request = jsonObject(body);
    String id = stringOrNull(request, "id");
    String title = stringOrNull(request, "title");
    String type = stringOrNull(request, "type");
    DocumentInfo info = engine.createWithinQuota(id, type == null ? "rich-text" : type, title == null ? "" : title,
        Map.of(), user);
    String json = text(BoundedJson.PROVIDER.createObjectBuilder().add("id", info.id()).add("version", 0)
        .add("type", info.type()).add("title", info.title()).build());
    return Response.created(URI.create("documents/" + info.id())).entity(json).build();
  }

  /**
   * Creates a document from a file: the body is HTML, Markdown or DOCX (by its {@code Content-Type}),
   * {@code ?title=} names it → 201 {@code {id, version, type, title}} (docs/EXPORT.md).
   */
  @POST
  @Consumes({"text/html", "text/markdown", "text/x-markdown", Imports.DOCX})
  public Response importNew(@QueryParam("title") String title, @Context jakarta.ws.rs.core.HttpHeaders headers,
      java.io.InputStream body) {
    checkStateChange();
    return imports.create(user(), title, headers.getMediaType(), body);
  }

  private static JsonObject jsonObject(String body) {
    return Bodies.object(body);
  }

  /**
   * Renames a document: {@code {"title": "..."}} → 200 {@code {id, type, title, creator, created}}.
   * Needs write access (whoever may change the text may change its title; deleting needs admin),
   * and the same Origin or CSRF header as every state-changing request.
   */
  @PATCH
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public String rename(@PathParam("id") String id, String body) {
    checkStateChange();
    Access access = access(user(), id);
    if (!access.allows(Access.WRITE)) {
      throw new CollabException(ErrorCode.FORBIDDEN, "renaming needs write access");
    }
    String title = stringOrNull(jsonObject(body), "title");
    if (title == null) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, "'title' (a string) is required");
    }
    boolean renamed;
    try {
      renamed = store.rename(id, DocumentInfo.requireTitle(title));
    } catch (IllegalArgumentException e) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, e.getMessage());
    } catch (UnsupportedOperationException e) {
      throw new jakarta.ws.rs.ServerErrorException("this server's document store does not rename documents", 501);
    }
    DocumentInfo info = renamed ? store.find(id).orElse(null) : null;
    if (info == null) {
      throw new CollabException(ErrorCode.UNKNOWN_DOCUMENT, "no document " + id);
    }
    return text(describe(info).build());
  }

  private static jakarta.json.JsonObjectBuilder describe(DocumentInfo info) {
    return BoundedJson.PROVIDER.createObjectBuilder().add("id", info.id()).add("type", info.type())
        .add("title", info.title()).add("creator", info.creator()).add("created", info.created().toString());
  }

  private static String stringOrNull(JsonObject object, String key) {
    return Bodies.stringOrNull(object, key);
  }

  /**
   * The documents this user may read, in id order, each with the user's {@code access} level: {@code
   * ?offset=0&limit=50} (at most 100).
   */
  @GET
  public String list(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
    User user = user();
    int from = offset == null ? 0 : Math.max(0, offset);
    int count = limit == null ? 50 : Math.max(1, Math.min(MAX_PAGE, limit));
    JsonArrayBuilder documents = BoundedJson.PROVIDER.createArrayBuilder();
    for (DocumentInfo info : store.list(from, count)) {
      Access access = policy.access(user, info.id());
      if (access.allows(Access.READ)) {
        documents.add(describe(info).add("access", access.wire()));
      }
    }
    return text(BoundedJson.PROVIDER.createObjectBuilder().add("offset", from).add("limit", count)
        .add("documents", documents).build());
  }

  /** The document at its head, or at {@code ?version=}: {@code {id, type, title, version, data}}. */
  @GET
  @Path("{id}")
  public CompletionStage<String> read(@PathParam("id") String id, @QueryParam("version") Long version) {
    access(user(), id);
    String title = store.find(id).map(DocumentInfo::title).orElse("");
    CompletionStage<dev.collab.Collab.DocumentContent> content = version == null ? engine.read(id) : engine.readAt(id, version);
    return content.thenApply(c -> text(BoundedJson.PROVIDER.createObjectBuilder().add("id", c.documentId())
        .add("type", c.type()).add("title", title).add("version", c.version())
        .add("data", BoundedJson.read(c.data(), JsonLimits.STORAGE)).build()));
  }

  /** The committed ops with {@code from < version <= to} (at most 1,000 at a time). */
  @GET
  @Path("{id}/ops")
  public String ops(@PathParam("id") String id, @QueryParam("from") Long from, @QueryParam("to") Long to) {
    access(user(), id);
    long start = from == null ? 0 : Math.max(0, from);
    long end = Math.min(to == null ? Long.MAX_VALUE : to, start + 1_000);
    JsonArrayBuilder ops = BoundedJson.PROVIDER.createArrayBuilder();
    for (CommittedOp op : store.readOps(id, start, end)) {
      ops.add(BoundedJson.PROVIDER.createObjectBuilder().add("version", op.version())
          .add("op", BoundedJson.read(op.op(), JsonLimits.STORAGE)).add("client", op.client()).add("seq", op.seq())
          .add("user", user(op)).add("time", op.time().toString()));
    }
    return text(ops.build());
  }

  /** Who changed the document when: {@code [{version, user, time}]} after {@code ?after=}, {@code ?limit=}. */
  @GET
  @Path("{id}/history")
  public CompletionStage<String> history(@PathParam("id") String id, @QueryParam("after") Long after,
      @QueryParam("limit") Integer limit) {
    access(user(), id);
    int count = limit == null ? 100 : Math.max(1, Math.min(1_000, limit));
    return engine.history(id, after == null ? 0 : Math.max(0, after), count).thenApply(ops -> {
      JsonArrayBuilder entries = BoundedJson.PROVIDER.createArrayBuilder();
      for (CommittedOp op : ops) {
        entries.add(BoundedJson.PROVIDER.createObjectBuilder().add("version", op.version()).add("user", user(op))
            .add("time", op.time().toString()));
      }
      return text(entries.build());
    });
  }

  /** JSON text of a response; lone surrogates escaped, so a UTF-8 body carries them exactly. */
  private static String text(JsonValue json) {
    return BoundedJson.escapeLoneSurrogates(json.toString());
  }

  private static JsonObject user(CommittedOp op) {
    return BoundedJson.PROVIDER.createObjectBuilder().add("id", op.userId()).add("name", op.userName()).build();
  }

  /** Deletes the document and its history; needs admin access. */
  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") String id) {
    checkStateChange();
    Access access = access(user(), id);
    if (!access.allows(Access.ADMIN)) {
      throw new CollabException(ErrorCode.FORBIDDEN, "deleting needs admin access");
    }
    engine.delete(id);
    return Response.noContent().build();
  }

}
