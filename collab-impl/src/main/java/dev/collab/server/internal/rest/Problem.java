package dev.collab.server.internal.rest;

import dev.collab.internal.json.BoundedJson;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Error responses as {@code application/problem+json} (RFC 9457), never cached. */
final class Problem {
  static final MediaType TYPE = new MediaType("application", "problem+json");

  private Problem() {}

  static Response of(int status, String title, String detail) {
    String body = BoundedJson.PROVIDER.createObjectBuilder()
        .add("type", "about:blank").add("title", title).add("status", status).add("detail", detail)
        .build().toString();
    return Response.status(status).type(TYPE).header("Cache-Control", "no-store").entity(body).build();
  }
}
