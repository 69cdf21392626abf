package dev.collab.server.internal.rest;

import dev.collab.Access;
import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.NamedVersion;
import dev.collab.User;
import dev.collab.VersionComparison;
import dev.collab.internal.json.BoundedJson;
import dev.collab.ot.JsonLimits;
import dev.collab.server.internal.config.CollabConfiguration;
import dev.collab.server.internal.engine.CollabEngine;
import dev.collab.spi.AccessPolicy;
import dev.collab.spi.DocumentStore;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * {@code {context}/collab/api/documents/{id}/versions}: named versions and comparisons over REST,
 * with the access checks of {@link DocumentsResource}: listing, reading and comparing need read
 * access, naming and removing a name write access (and the Origin or CSRF header of every
 * state-changing request); a user without read access gets the same 404 for an existing document
 * as for a missing one.
 *
 * <ul>
 *   <li>{@code GET versions}: the named versions, highest first: {@code [{version, name, user, time}]}
 *   <li>{@code GET versions/{version}}: the document at that version with its name, if any:
 *       {@code {id, type, version, name, data}}
 *   <li>{@code PUT versions/{version}} {@code {"name": "..."}}: names (or renames) it
 *   <li>{@code DELETE versions/{version}}: removes its name; 204, or 404 when it had none
 *   <li>{@code GET versions/compare?from=&to=}: the comparison as JSON, or as an HTML fragment with
 *       {@code Accept: text/html} or {@code ?format=html} ({@link ComparisonHtml})
 * </ul>
 */
@Path("documents/{id}/versions")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class VersionsResource {

  @Inject CollabEngine engine;
  @Inject DocumentStore store;
  @Inject AccessPolicy policy;
  @Inject CollabConfiguration configuration;
  @Context SecurityContext security;
  @Context HttpServletRequest request;

  private User user() {
    return RequestChecks.user(security, configuration.wire());
  }

  private Access access(User user, String id) {
    return RequestChecks.access(policy, store, user, id);
  }

  private User writer(String id) {
    RequestChecks.checkStateChange(request, configuration.wire());
    User user = user();
    if (!access(user, id).allows(Access.WRITE)) {
      throw new CollabException(ErrorCode.FORBIDDEN, "naming versions needs write access");
    }
    return user;
  }

  /** A version given in the path or a query: a whole number, else {@code bad-message} (400, not JAX-RS's 404). */
  static long version(@Nullable String text, String what) {
    if (text == null || text.isBlank()) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, "'" + what + "' (a version number) is required");
    }
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, "'" + what + "' must be a version number, was '"
          + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'");
    }
  }

  /** The named versions, highest version first. */
  @GET
  public CompletionStage<String> list(@PathParam("id") String id) {
    access(user(), id);
    return engine.versions().list(id).thenApply(names -> {
      JsonArrayBuilder array = BoundedJson.PROVIDER.createArrayBuilder();
      names.forEach(named -> array.add(describe(named)));
      return BoundedJson.escapeLoneSurrogates(array.build().toString());
    });
  }

  /** The document at a version, with the version's name when it has one. */
  @GET
  @Path("{version}")
  public CompletionStage<String> read(@PathParam("id") String id, @PathParam("version") String versionText) {
    access(user(), id);
    long version = version(versionText, "version");
    return engine.readAt(id, version).thenCombine(
        engine.versions().list(id).thenApply(names -> names.stream().filter(n -> n.version() == version).findFirst()),
        (content, named) -> {
          JsonObjectBuilder json = BoundedJson.PROVIDER.createObjectBuilder().add("id", content.documentId())
              .add("type", content.type()).add("version", content.version());
          named.ifPresentOrElse(n -> json.add("name", n.name()), () -> json.addNull("name"));
          json.add("data", BoundedJson.read(content.data(), JsonLimits.STORAGE));
          return BoundedJson.escapeLoneSurrogates(json.build().toString());
        });
  }

  /** Names a version, or renames it: {@code {"name": "..."}} → 200 {@code {version, name, user, time}}. */
  @PUT
  @Path("{version}")
  @Consumes(MediaType.APPLICATION_JSON)
  public CompletionStage<String> name(@PathParam("id") String id, @PathParam("version") String versionText, String body) {
    User user = writer(id);
    long version = version(versionText, "version");
    String name = Bodies.stringOrNull(Bodies.object(body), "name");
    if (name == null) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, "'name' (a string) is required");
    }
    return engine.versions().name(id, version, name, user)
        .thenApply(named -> BoundedJson.escapeLoneSurrogates(describe(named).toString()));
  }

  /** Removes a version's name: 204, or 404 when it had none. */
  @DELETE
  @Path("{version}")
  public CompletionStage<Response> unname(@PathParam("id") String id, @PathParam("version") String versionText) {
    User user = writer(id);
    long version = version(versionText, "version");
    return engine.versions().unname(id, version, user).thenApply(removed -> {
      if (!removed) {
        throw new NotFoundException("version " + version + " of document " + id + " has no name");
      }
      return Response.noContent().build();
    });
  }

  /** The comparison of two versions as JSON ({@link ComparisonJson}), or as HTML with {@code ?format=html}. */
  @GET
  @Path("compare")
  public CompletionStage<Response> compare(@PathParam("id") String id, @QueryParam("from") String from,
      @QueryParam("to") String to, @QueryParam("format") String format) {
    access(user(), id);
    boolean html = "html".equals(format);
    if (format != null && !html && !"json".equals(format)) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, "'format' is json or html, was '" + format + "'");
    }
    return compared(id, from, to, html);
  }

  /** The comparison as an HTML fragment, for {@code Accept: text/html}. */
  @GET
  @Path("compare")
  @Produces(MediaType.TEXT_HTML)
  public CompletionStage<Response> compareHtml(@PathParam("id") String id, @QueryParam("from") String from,
      @QueryParam("to") String to) {
    access(user(), id);
    return compared(id, from, to, true);
  }

  private CompletionStage<Response> compared(String id, String from, String to, boolean html) {
    long older = version(from, "from");
    long newer = version(to, "to");
    return engine.versions().compare(id, older, newer).thenApply((VersionComparison comparison) -> html
        ? Response.ok(ComparisonHtml.render(comparison), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build()
        : Response.ok(ComparisonJson.render(comparison), MediaType.APPLICATION_JSON_TYPE).build());
  }

  private static JsonObject describe(NamedVersion named) {
    return BoundedJson.PROVIDER.createObjectBuilder().add("version", named.version()).add("name", named.name())
        .add("user", named.userId()).add("time", named.time().toString()).build();
  }
}
