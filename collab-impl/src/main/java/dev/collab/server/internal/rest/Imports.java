package dev.collab.server.internal.rest;

import dev.collab.CollabException;
import dev.collab.CommittedOp;
import dev.collab.DocumentInfo;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.export.ConversionException;
import dev.collab.export.DocumentConverter;
import dev.collab.export.ImportFormat;
import dev.collab.internal.json.BoundedJson;
import dev.collab.ot.Delta;
import dev.collab.ot.DeltaJson;
import dev.collab.ot.RichText;
import dev.collab.server.internal.engine.CollabEngine;
import dev.collab.spi.AccessPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Imports over REST: the body read up to {@link DocumentConverter#MAX_IMPORT_BYTES} (413 past it),
 * its format from its {@code Content-Type} (415 for another or one whose library is absent), parsed
 * and sanitised before anything is created or changed.
 */
@ApplicationScoped
public class Imports {
  static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

  @Inject CollabEngine engine;
  @Inject AccessPolicy policy;
  @Inject DocumentConverter converter;

  /** A new document with the file's content (the {@code POST documents} with a file body). */
  Response create(User user, @Nullable String title, @Nullable MediaType type, InputStream body) {
    if (!policy.mayCreate(user)) {
      throw new CollabException(ErrorCode.FORBIDDEN, "not allowed to create documents");
    }
    Delta document = parse(type, body);
    String name = title == null || title.isBlank() ? "Imported document" : title.strip();
    DocumentInfo info;
    try {
      info = engine.createWithinQuota(null, RichText.NAME, DocumentInfo.requireTitle(name), Map.of(), user);
    } catch (IllegalArgumentException e) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, e.getMessage());
    }
    CommittedOp op = engine.edit(info.id(), user, DeltaJson.encode(document)).toCompletableFuture().join();
    String json = BoundedJson.PROVIDER.createObjectBuilder().add("id", info.id()).add("version", op.version())
        .add("type", info.type()).add("title", info.title()).build().toString();
    return Response.created(URI.create("documents/" + info.id())).type(MediaType.APPLICATION_JSON_TYPE).entity(json).build();
  }

  /** The file's content put into a document, replacing or after its text. */
  CompletionStage<CommittedOp> into(String documentId, User user, @Nullable MediaType type, InputStream body, boolean replace) {
    ImportFormat format = format(type);
    return converter.importInto(documentId, user, read(body), format, replace);
  }

  private Delta parse(@Nullable MediaType type, InputStream body) {
    ImportFormat format = format(type);
    return converter.parse(read(body), format);
  }

  private ImportFormat format(@Nullable MediaType type) {
    String name = type == null ? "" : type.getType() + "/" + type.getSubtype();
    ImportFormat format = ImportFormat.byName(name).orElseThrow(() -> new NotSupportedException(
        "import takes text/html, text/markdown or " + DOCX + "; not '" + name + "'"));
    if (!converter.importFormats().contains(format)) {
      throw new NotSupportedException("this server cannot import " + format.name().toLowerCase(java.util.Locale.ROOT)
          + ": its library is not deployed (docs/EXPORT.md)");
    }
    return format;
  }

  /** The body, at most {@link DocumentConverter#MAX_IMPORT_BYTES}; {@code TOO_LARGE} (413) past it. */
  static byte[] read(InputStream body) {
    try (InputStream in = body) {
      byte[] bytes = in.readNBytes(DocumentConverter.MAX_IMPORT_BYTES + 1);
      if (bytes.length > DocumentConverter.MAX_IMPORT_BYTES) {
        throw new ConversionException(ConversionException.Reason.TOO_LARGE,
            "an import takes at most " + DocumentConverter.MAX_IMPORT_BYTES + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("reading the request body failed", e);
    }
  }
}
