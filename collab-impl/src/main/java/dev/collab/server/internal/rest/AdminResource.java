package dev.collab.server.internal.rest;

import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.Ids;
import dev.collab.internal.json.BoundedJson;
import dev.collab.server.internal.config.BeanClasses;
import dev.collab.server.internal.config.CollabConfiguration;
import dev.collab.server.internal.engine.AckLatency;
import dev.collab.server.internal.engine.CollabEngine;
import dev.collab.server.internal.engine.LoadedDocument;
import dev.collab.server.internal.ws.Connection;
import dev.collab.server.internal.ws.ConnectionRegistry;
import dev.collab.spi.AccessPolicy;
import dev.collab.spi.ClusterBus;
import dev.collab.spi.DocumentStore;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code {context}/collab/api/admin}: this node's administration (docs/OPERATIONS.md, "Admin API"):
 * what is loaded and who is in it, closing clients, snapshots, unloading, the node and its
 * counters. Only for callers in the container role {@code collab.admin-role} (default
 * {@code collab-admin}): 401 without a login, 403 for anyone else. State-changing requests (POST)
 * follow the same Origin and CSRF rules as the rest of the REST API ({@link RequestChecks}).
 *
 * <p>Everything is about this node only: in a cluster, each node answers for its own documents and
 * connections.
 */
@Path("admin")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
  /** The close reason when the request names none. */
  static final String DEFAULT_REASON = "closed by an administrator";
  /** A WebSocket close reason takes at most 123 bytes of UTF-8 (RFC 6455, 5.5). */
  static final int MAX_REASON_BYTES = 123;
  private static final long DEFAULT_WINDOW_MS = 5_000;

  @Inject CollabEngine engine;
  @Inject ConnectionRegistry connections;
  @Inject DocumentStore store;
  @Inject ClusterBus bus;
  @Inject AccessPolicy policy;
  @Inject CollabConfiguration configuration;
  @Context SecurityContext security;
  @Context HttpServletRequest request;

  /** 401 without a login, 403 unless the caller has the admin role. */
  private void checkAdmin() {
    RequestChecks.user(security, configuration.wire());
    if (!security.isUserInRole(configuration.adminRole())) {
      throw new ForbiddenException("the admin API needs the role " + configuration.adminRole() + " (collab.admin-role)");
    }
  }

  private void checkAdminChange() {
    RequestChecks.checkStateChange(request, configuration.wire());
    checkAdmin();
  }

  /** The node: {@code {version, node, store, bus, policy, draining, started, uptimeSeconds}}. */
  @GET
  @Path("node")
  public String node() {
    checkAdmin();
    Instant started = engine.started();
    return BoundedJson.PROVIDER.createObjectBuilder()
        .add("version", NodeVersion.VERSION)
        .add("node", engine.nodeId())
        .add("store", BeanClasses.name(store))
        .add("bus", BeanClasses.name(bus))
        .add("policy", BeanClasses.name(policy))
        .add("draining", engine.isDraining())
        .add("started", started.toString())
        .add("uptimeSeconds", Math.max(0, Duration.between(started, Instant.now()).toSeconds()))
        .build().toString();
  }

  /**
   * The counters of the console, to poll: {@code {time, committed, connections, sessions, documents,
   * ackLatency: {windowMs, count, p50Ms, p99Ms, maxMs}}}; {@code ?windowMs=} (1,000 to 300,000,
   * default 5,000) is the window of the latency percentiles.
   */
  @GET
  @Path("stats")
  public CompletionStage<String> stats(@QueryParam("windowMs") Long windowMs) {
    checkAdmin();
    long window = Math.max(1_000, Math.min(300_000, windowMs == null ? DEFAULT_WINDOW_MS : windowMs));
    AckLatency.Snapshot latency = engine.metrics().ackLatency.recent(TimeUnit.MILLISECONDS.toNanos(window));
    long committed = engine.metrics().committed.get();
    int open = connections.size();
    return engine.describeLoaded().thenApply(loaded -> BoundedJson.PROVIDER.createObjectBuilder()
        .add("time", System.currentTimeMillis())
        .add("committed", committed)
        .add("connections", open)
        .add("sessions", loaded.stream().mapToInt(d -> d.clients().size()).sum())
        .add("documents", loaded.size())
        .add("ackLatency", BoundedJson.PROVIDER.createObjectBuilder().add("windowMs", window)
            .add("count", latency.count()).add("p50Ms", millis(latency.p50Nanos()))
            .add("p99Ms", millis(latency.p99Nanos())).add("maxMs", millis(latency.maxNanos())))
        .build().toString());
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }

  /**
   * The loaded documents, in id order: {@code {documents: [{id, type, version, clients: [{client,
   * user: {id, name}, queuedChars}]}]}}; {@code queuedChars} is what that connection's client has
   * not confirmed reading (absent for a session without a WebSocket connection).
   */
  @GET
  @Path("documents")
  public CompletionStage<String> documents() {
    checkAdmin();
    List<Connection> open = connections.all();
    return engine.describeLoaded().thenApply(loaded -> {
      JsonArrayBuilder documents = BoundedJson.PROVIDER.createArrayBuilder();
      for (LoadedDocument document : loaded) {
        JsonArrayBuilder clients = BoundedJson.PROVIDER.createArrayBuilder();
        for (LoadedDocument.Client client : document.clients()) {
          var entry = BoundedJson.PROVIDER.createObjectBuilder().add("client", client.client())
              .add("user", BoundedJson.PROVIDER.createObjectBuilder().add("id", client.userId()).add("name", client.userName()));
          open.stream().filter(c -> client.client().equals(c.client()) && c.user().id().equals(client.userId()))
              .findFirst().ifPresent(c -> entry.add("queuedChars", c.owed()));
          clients.add(entry);
        }
        documents.add(BoundedJson.PROVIDER.createObjectBuilder().add("id", document.id()).add("type", document.type())
            .add("version", document.version()).add("clients", clients));
      }
      return BoundedJson.escapeLoneSurrogates(
          BoundedJson.PROVIDER.createObjectBuilder().add("documents", documents).build().toString());
    });
  }

  /**
   * Closes the connection of client {@code client} joined to document {@code id} with close code
   * 4000 and {@code {"reason"?}} (default {@value #DEFAULT_REASON}), which the browser client shows
   * its user → {@code {closed: 1}}; 404 when no such client is joined on this node.
   */
  @POST
  @Path("documents/{id}/clients/{client}/close")
  @Consumes(MediaType.APPLICATION_JSON)
  public String closeClient(@PathParam("id") String id, @PathParam("client") String client, String body) {
    checkAdminChange();
    return close(id, c -> client.equals(c.client()), "client " + client, body);
  }

  /** As {@link #closeClient}, for every connection of user {@code user} joined to the document → {@code {closed: n}}. */
  @POST
  @Path("documents/{id}/users/{user}/close")
  @Consumes(MediaType.APPLICATION_JSON)
  public String closeUser(@PathParam("id") String id, @PathParam("user") String user, String body) {
    checkAdminChange();
    return close(id, c -> user.equals(c.user().id()), "user " + user, body);
  }

  private String close(String id, Predicate<Connection> which, String who, String body) {
    requireId(id);
    String reason = reason(body);
    List<Connection> chosen = connections.all().stream().filter(c -> c.hasJoined(id) && which.test(c)).toList();
    if (chosen.isEmpty()) {
      throw new NotFoundException("no " + who + " is joined to document " + id + " on this node");
    }
    for (Connection connection : chosen) {
      connection.close(Connection.ADMIN_CLOSE, reason);
    }
    System.getLogger(AdminResource.class.getName()).log(System.Logger.Level.INFO,
        "collab: administrator {0} closed {1} connection(s) of {2} on document {3}: {4}",
        security.getUserPrincipal().getName(), chosen.size(), who, id, reason);
    return BoundedJson.PROVIDER.createObjectBuilder().add("closed", chosen.size()).build().toString();
  }

  private static String reason(String body) {
    JsonObject json = Bodies.object(body);
    String reason = Bodies.stringOrNull(json, "reason");
    if (reason == null || reason.isBlank()) {
      return DEFAULT_REASON;
    }
    if (reason.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, "'reason' takes at most " + MAX_REASON_BYTES + " bytes of UTF-8");
    }
    return reason;
  }

  /** Saves a snapshot of a loaded document at its head now → {@code {id, version}}; 404 when not loaded here. */
  @POST
  @Path("documents/{id}/snapshot")
  public CompletionStage<String> snapshot(@PathParam("id") String id) {
    checkAdminChange();
    requireId(id);
    return engine.snapshotNow(id).thenApply(version -> BoundedJson.PROVIDER.createObjectBuilder().add("id", id)
        .add("version", version.orElseThrow(() -> notLoaded(id))).build().toString());
  }

  /**
   * Unloads a loaded document from this node → {@code {id, clients}}: its joined clients' connections
   * close with 1001 and they rejoin (as in a drain), which loads it afresh; 404 when not loaded here,
   * 409 when the application listens to it here ({@code Collab.listen}).
   */
  @POST
  @Path("documents/{id}/unload")
  public CompletionStage<String> unload(@PathParam("id") String id) {
    checkAdminChange();
    requireId(id);
    return engine.unload(id).handle((told, failure) -> {
      Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
      if (cause instanceof IllegalStateException) {
        throw new ClientErrorException(cause.getMessage(), 409);
      } else if (failure != null) {
        throw failure instanceof RuntimeException runtime ? runtime : new java.util.concurrent.CompletionException(failure);
      }
      return BoundedJson.PROVIDER.createObjectBuilder().add("id", id)
          .add("clients", told.orElseThrow(() -> notLoaded(id))).build().toString();
    });
  }

  private static NotFoundException notLoaded(String id) {
    return new NotFoundException("document " + id + " is not loaded on this node");
  }

  private static void requireId(String id) {
    if (!Ids.isDocumentId(id)) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, "bad document id");
    }
  }
}
