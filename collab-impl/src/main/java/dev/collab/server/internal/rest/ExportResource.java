package dev.collab.server.internal.rest;

import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.export.DocumentConverter;
import dev.collab.export.ExportFormat;
import dev.collab.server.internal.config.CollabConfiguration;
import dev.collab.spi.AccessPolicy;
import dev.collab.spi.DocumentStore;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code GET {context}/collab/api/documents/{id}/export?format=&version=}: the document (at its
 * head, or at {@code version}) as a file to download. The format is the {@code format} parameter
 * ({@code html}, {@code md}, {@code txt}, {@code docx}, {@code pdf}) or else the first of the
 * request's {@code Accept} types that the server can write; 406 when neither names one it can.
 * Needs read access. The answer is an attachment with a file name made from the title.
 */
@Path("documents/{id}/export")
@RequestScoped
// Any Accept reaches the method, which picks the format or answers 406 with the formats it writes.
@Produces(MediaType.WILDCARD)
public class ExportResource {
  @Inject DocumentConverter converter;
  @Inject DocumentStore store;
  @Inject AccessPolicy policy;
  @Inject CollabConfiguration configuration;
  @Context SecurityContext security;
  @Context HttpHeaders headers;

  /** The export; see the class comment. */
  @GET
  public Response export(@PathParam("id") String id, @QueryParam("format") String format,
      @QueryParam("version") Long version) {
    RequestChecks.access(policy, store, RequestChecks.user(security, configuration.wire()), id);
    ExportFormat chosen = format != null ? named(format) : negotiated(headers.getAcceptableMediaTypes());
    if (!converter.exportFormats().contains(chosen)) {
      throw new NotAcceptableException("this server cannot export " + chosen.extension()
          + ": its library is not deployed (docs/EXPORT.md); it can export " + names());
    }
    // Answered synchronously: Jersey negotiates a CompletionStage<Response> as if Response were the
    // entity, and refuses every Accept but */* (406) before the method runs.
    DocumentConverter.Export export = converter.export(id, version, chosen).toCompletableFuture().join();
    String type = export.format().mediaType() + (export.format().mediaType().startsWith("text/") ? ";charset=UTF-8" : "");
    return Response.ok(export.content(), type)
        .header("Content-Disposition", contentDisposition(export.fileName()))
        .header("X-Content-Type-Options", "nosniff")
        // An HTML export opened from the downloads runs nothing and loads only images.
        .header("Content-Security-Policy", "sandbox; default-src 'none'; img-src http: https:; style-src 'unsafe-inline'")
        .header("X-Collab-Version", export.version())
        .build();
  }

  private static ExportFormat named(String format) {
    return ExportFormat.byName(format).orElseThrow(() -> new CollabException(ErrorCode.BAD_MESSAGE,
        "format must be one of " + Arrays.stream(ExportFormat.values()).map(ExportFormat::extension)
            .collect(Collectors.joining(", ")) + "; was '" + format + "'"));
  }

  private ExportFormat negotiated(List<MediaType> accepted) {
    for (MediaType type : accepted) {
      if (type.isWildcardType()) {
        continue; // */* names no format: a browser's default Accept must not pick one at random
      }
      for (ExportFormat f : ExportFormat.values()) {
        if (converter.exportFormats().contains(f) && type.isCompatible(MediaType.valueOf(f.mediaType()))) {
          return f;
        }
      }
    }
    throw new NotAcceptableException("name a format with ?format= or an Accept header of one the server writes: " + names());
  }

  private String names() {
    return converter.exportFormats().stream().sorted().map(f -> f.extension() + " (" + f.mediaType() + ")")
        .collect(Collectors.joining(", "));
  }

  /** {@code attachment} with an ASCII file name and the exact one in RFC 5987 form. */
  static String contentDisposition(String fileName) {
    String ascii = fileName.replaceAll("[^\\x20-\\x7e]", "_").replace("\"", "_").replace("\\", "_");
    String exact = URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + exact;
  }
}
