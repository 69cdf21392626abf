package dev.collab.server.internal.rest;

import dev.collab.server.internal.health.Check;
import dev.collab.server.internal.health.HealthReport;
import dev.collab.server.internal.health.NodeHealth;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import dev.collab.internal.json.BoundedJson;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code {context}/collab/api/health/live} and {@code .../ready}: the node's liveness and readiness
 * for servers without MicroProfile Health (where it is present, {@code /health/live} and
 * {@code /health/ready} answer the same checks). 200 when UP, 503 when DOWN, with a JSON body:
 *
 * <pre>{@code {"status":"DOWN","checks":[{"name":"engine","status":"UP","reason":"running"},
 *   {"name":"store","status":"DOWN","reason":"no answer within 2000 ms"}, ...]}}</pre>
 *
 * <p>No login: orchestrators probe without credentials. So the body says only what a check is
 * called, its status and Collab's own fixed reason, never an exception's message, a host, a user
 * or a document (docs/OPERATIONS.md, "Health probes"). The store is probed off this thread, at
 * most once per {@code collab.health.cache}.
 */
@Path("health")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

  @Inject NodeHealth health;

  @GET
  @Path("live")
  public Response live() {
    return answer(health.liveness());
  }

  @GET
  @Path("ready")
  public Response ready() {
    return answer(health.readiness());
  }

  static Response answer(HealthReport report) {
    JsonArrayBuilder checks = BoundedJson.PROVIDER.createArrayBuilder();
    for (Check check : report.checks()) {
      checks.add(BoundedJson.PROVIDER.createObjectBuilder()
          .add("name", check.name()).add("status", check.status()).add("reason", check.reason()));
    }
    return Response.status(report.up() ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(BoundedJson.PROVIDER.createObjectBuilder().add("status", report.status()).add("checks", checks).build().toString())
        .build();
  }
}
