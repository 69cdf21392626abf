package dev.collab.server.internal.rest;

import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.comments.Comment;
import dev.collab.comments.CommentThread;
import dev.collab.comments.Comments;
import dev.collab.internal.json.BoundedJson;
import dev.collab.protocol.CommentJson;
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
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * {@code {context}/collab/api/documents/{id}/comments}: comment threads over REST ({@link
 * Comments}, which makes the access checks: reading needs read access, commenting, replying,
 * resolving and reopening comment access, editing a comment is its author's, deleting one its
 * author's or an admin's). A user without read access gets the same 404 {@code unknown-document}
 * for an existing document as for a missing one. Every state-changing request also needs the Origin
 * or CSRF header (checked first, alike for every document). docs/COMMENTS.md.
 *
 * <ul>
 *   <li>{@code GET comments}: {@code {version, threads: [thread]}}, anchors at {@code version}, the head
 *   <li>{@code POST comments} {@code {version, index, length, text}}: opens a thread on the range
 *       taken at {@code version}; 201 with the thread
 *   <li>{@code POST comments/{thread}/replies} {@code {text}}: replies; 201 with the thread
 *   <li>{@code PATCH comments/{thread}/replies/{comment}} {@code {text}}: changes one's own comment
 *   <li>{@code DELETE comments/{thread}/replies/{comment}}: deletes a comment; 200 with the thread,
 *       or 204 when it was the first comment (the thread is gone)
 *   <li>{@code PATCH comments/{thread}} {@code {resolved: true|false}}: resolves or reopens
 * </ul>
 *
 * A thread is {@link CommentJson#thread}'s object with its anchor's {@code version} added.
 */
@Path("documents/{id}/comments")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CommentsResource {

  @Inject CollabEngine engine;
  @Inject DocumentStore store;
  @Inject AccessPolicy policy;
  @Inject CollabConfiguration configuration;
  @Context SecurityContext security;
  @Context HttpServletRequest request;

  /** The caller, with read access to the document (404 otherwise, as for a missing one). */
  private User reader(String id) {
    User user = RequestChecks.user(security, configuration.wire());
    RequestChecks.access(policy, store, user, id);
    return user;
  }

  /** The caller of a state-changing request: the Origin or CSRF header first, then as {@link #reader}. */
  private User changer(String id) {
    RequestChecks.checkStateChange(request, configuration.wire());
    return reader(id);
  }

  /** The threads with their anchors at the head: {@code {version, threads}}. */
  @GET
  public CompletionStage<String> list(@PathParam("id") String id) {
    User user = reader(id);
    return engine.comments().list(id, user).thenApply(threads -> {
      long version = threads.isEmpty() ? store.head(id) : threads.get(0).anchor().version();
      return describe(threads, version);
    });
  }

  /** Opens a thread: {@code {version, index, length, text}} → 201 with the thread. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public CompletionStage<Response> create(@PathParam("id") String id, String body) {
    User user = changer(id);
    JsonObject json = Bodies.object(body);
    long version = Bodies.number(json, "version", 0, Long.MAX_VALUE);
    int index = (int) Bodies.number(json, "index", 0, Integer.MAX_VALUE);
    int length = (int) Bodies.number(json, "length", 1, Integer.MAX_VALUE - index);
    String text = commentText(json);
    return engine.comments().create(id, version, index, length, text, user).thenApply(thread ->
        Response.created(URI.create("documents/" + id + "/comments/" + thread.id())).entity(describe(thread)).build());
  }

  /** Replies: {@code {text}} → 201 with the thread. */
  @POST
  @Path("{thread}/replies")
  @Consumes(MediaType.APPLICATION_JSON)
  public CompletionStage<Response> reply(@PathParam("id") String id, @PathParam("thread") String threadId, String body) {
    User user = changer(id);
    String thread = id(threadId, "thread");
    String text = commentText(Bodies.object(body));
    return engine.comments().reply(id, thread, text, user)
        .thenApply(t -> Response.status(Response.Status.CREATED).entity(describe(t)).build());
  }

  /** Changes one's own comment: {@code {text}} → 200 with the thread. */
  @PATCH
  @Path("{thread}/replies/{comment}")
  @Consumes(MediaType.APPLICATION_JSON)
  public CompletionStage<String> edit(@PathParam("id") String id, @PathParam("thread") String threadId,
      @PathParam("comment") String commentId, String body) {
    User user = changer(id);
    String thread = id(threadId, "thread");
    String comment = id(commentId, "comment");
    String text = commentText(Bodies.object(body));
    return engine.comments().edit(id, thread, comment, text, user).thenApply(CommentsResource::describe);
  }

  /** Deletes a comment: 200 with the thread, or 204 when the thread went with its first comment. */
  @DELETE
  @Path("{thread}/replies/{comment}")
  public CompletionStage<Response> delete(@PathParam("id") String id, @PathParam("thread") String threadId,
      @PathParam("comment") String commentId) {
    User user = changer(id);
    String thread = id(threadId, "thread");
    String comment = id(commentId, "comment");
    return engine.comments().delete(id, thread, comment, user).thenApply(left -> left
        .map(t -> Response.ok(describe(t), MediaType.APPLICATION_JSON_TYPE).build())
        .orElseGet(() -> Response.noContent().build()));
  }

  /** Resolves or reopens: {@code {resolved: true|false}} → 200 with the thread. */
  @PATCH
  @Path("{thread}")
  @Consumes(MediaType.APPLICATION_JSON)
  public CompletionStage<String> resolve(@PathParam("id") String id, @PathParam("thread") String threadId, String body) {
    User user = changer(id);
    String thread = id(threadId, "thread");
    boolean resolved = Bodies.bool(Bodies.object(body), "resolved");
    return engine.comments().resolve(id, thread, resolved, user).thenApply(CommentsResource::describe);
  }

  /** A thread or comment id from the path: {@code bad-message} (400) unless well formed. */
  private static String id(String text, String what) {
    if (!Comment.isId(text)) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, "bad " + what + " id: letters, digits, - and _, 1 to 64");
    }
    return text;
  }

  /**
   * A body's {@code text}, as {@link Comment#checkText} takes it; otherwise {@code too-large} (400)
   * for one over {@value Comment#MAX_TEXT_LENGTH} units, as on the wire, else {@code bad-message} (400).
   */
  private static String commentText(JsonObject body) {
    String text = Bodies.stringOrNull(body, "text");
    if (text == null) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, "'text' (a string) is required");
    }
    return Comment.requireText(text);
  }

  /** A thread's JSON with its anchor's version. */
  static String describe(CommentThread thread) {
    JsonObjectBuilder json = BoundedJson.PROVIDER.createObjectBuilder(CommentJson.thread(thread));
    return text(json.add("version", thread.anchor().version()).build());
  }

  /** The threads at {@code version}: {@code {version, threads}}. */
  static String describe(List<CommentThread> threads, long version) {
    JsonArrayBuilder array = BoundedJson.PROVIDER.createArrayBuilder();
    threads.forEach(thread -> array.add(CommentJson.thread(thread)));
    return text(BoundedJson.PROVIDER.createObjectBuilder().add("version", version).add("threads", array).build());
  }

  private static String text(JsonObject json) {
    return BoundedJson.escapeLoneSurrogates(json.toString());
  }
}
