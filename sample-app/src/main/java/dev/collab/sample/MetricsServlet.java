package dev.collab.sample;

import dev.collab.server.defaults.RoleAccessPolicy;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /metrics}: the registry in the Prometheus text format, for a logged-in
 * {@code collab-admin}, or for a scraper that sends {@code Authorization: Bearer <token>} with the
 * token of {@code SAMPLE_METRICS_TOKEN} (compared in constant time; unset: no token is accepted).
 * Anyone else: 401 when not logged in (no login page: a scraper is no browser), 403 when logged
 * in without the admin role. The path is left out of the form login's constraint ({@code web.xml})
 * so that this servlet decides; Payara Micro's own metrics endpoint, also at {@code /metrics}, is
 * switched off by the post-boot command the sample starts with ({@code docs/SAMPLE.md}).
 */
@WebServlet("/metrics")
public class MetricsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  /** The Prometheus text exposition format, version 0.0.4. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  @Inject
  private transient PrometheusMeterRegistry registry;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!bearerMatches(request.getHeader("Authorization"), SampleSettings.get("sample.metrics.token"))) {
      if (request.getUserPrincipal() == null) {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
        response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "log in as an admin, or send the scrape token");
        return;
      }
      if (!request.isUserInRole(RoleAccessPolicy.ADMIN)) {
        response.sendError(HttpServletResponse.SC_FORBIDDEN, "metrics are for " + RoleAccessPolicy.ADMIN);
        return;
      }
    }
    response.setContentType(CONTENT_TYPE);
    response.setHeader("Cache-Control", "no-store");
    response.getOutputStream().write(registry.scrape().getBytes(StandardCharsets.UTF_8));
  }

  /** Whether {@code header} is {@code Bearer <token>} with the configured token, compared in constant time. */
  static boolean bearerMatches(@Nullable String header, Optional<String> token) {
    if (token.isEmpty() || header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    // Digests of equal length: the comparison takes as long whatever the token's length or content.
    return MessageDigest.isEqual(sha256(header.substring(7).trim()), sha256(token.get()));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
