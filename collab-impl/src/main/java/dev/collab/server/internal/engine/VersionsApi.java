package dev.collab.server.internal.engine;

import dev.collab.Collab;
import dev.collab.CollabException;
import dev.collab.CommittedOp;
import dev.collab.DocumentInfo;
import dev.collab.ErrorCode;
import dev.collab.Ids;
import dev.collab.NamedVersion;
import dev.collab.User;
import dev.collab.VersionComparison;
import dev.collab.VersionNameChange;
import dev.collab.Versions;
import dev.collab.ot.JsonLimits;
import dev.collab.ot.RichText;
import dev.collab.spi.NamedVersionStore;
import dev.collab.spi.Snapshot;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@link Versions} of one engine ({@link CollabEngine#versions()}): named versions through the
 * store's {@link NamedVersionStore}, each pinned by a snapshot at its version, and comparisons
 * ({@link VersionCompare}). Every call runs on the engine's background threads, like {@code readAt}.
 * Thread-safe.
 */
final class VersionsApi implements Versions {
  private static final System.Logger LOG = System.getLogger(VersionsApi.class.getName());

  private final DocumentContext context;
  private final CollabApi api;
  private final List<Consumer<VersionNameChange>> listeners = new CopyOnWriteArrayList<>();

  VersionsApi(DocumentContext context, CollabApi api) {
    this.context = context;
    this.api = api;
  }

  private NamedVersionStore names() {
    try {
      return context.store().namedVersions();
    } catch (UnsupportedOperationException e) {
      throw new CollabException(ErrorCode.INTERNAL, "this server's document store does not keep named versions: " + e.getMessage());
    }
  }

  private <T> CompletionStage<T> inBackground(String what, String documentId, Supplier<T> task) {
    if (!Ids.isDocumentId(documentId)) {
      return CompletableFuture.failedFuture(new CollabException(ErrorCode.BAD_MESSAGE, "bad document id"));
    }
    return context.executors().inBackground(what, documentId, task);
  }

  private DocumentInfo existing(String documentId) {
    return context.store().find(documentId)
        .orElseThrow(() -> new CollabException(ErrorCode.UNKNOWN_DOCUMENT, "no document " + documentId));
  }

  @Override
  public CompletionStage<NamedVersion> name(String documentId, long version, String name, User user) {
    try {
      NamedVersion.requireName(name);
    } catch (IllegalArgumentException | NullPointerException e) {
      return CompletableFuture.failedFuture(new CollabException(ErrorCode.BAD_MESSAGE, e.getMessage()));
    }
    return inBackground("naming version " + version, documentId, () -> {
      existing(documentId);
      // Rebuilt first: a version out of range, or one whose ops are gone, is refused before a name is written.
      Collab.DocumentContent content = api.contentAt(documentId, version);
      NamedVersionStore names = names();
      NamedVersion named = new NamedVersion(documentId, version, name, user.id(), context.now());
      @Nullable String oldName = names.findName(documentId, version).map(NamedVersion::name).orElse(null);
      // Checked before the write, not atomically with it: concurrent first names may pass it together.
      if (oldName == null && names.names(documentId).size() >= NamedVersion.MAX_PER_DOCUMENT) {
        throw new CollabException(ErrorCode.TOO_LARGE, "document " + documentId + " has " + NamedVersion.MAX_PER_DOCUMENT
            + " named versions, the most it may have; remove a name first");
      }
      boolean saved;
      try {
        saved = names.saveName(named);
      } catch (IllegalArgumentException e) {
        throw new CollabException(ErrorCode.BAD_MESSAGE, e.getMessage());
      }
      if (!saved) {
        throw new CollabException(ErrorCode.UNKNOWN_DOCUMENT, "no document " + documentId);
      }
      // After the name, so that the store pins it (an in-memory store could thin it away before).
      context.store().saveSnapshot(documentId, new Snapshot(version, content.data()));
      changed(new VersionNameChange(documentId, version, oldName, name, user.id()));
      return named;
    });
  }

  @Override
  public CompletionStage<Boolean> unname(String documentId, long version, User user) {
    return inBackground("removing the name of version " + version, documentId, () -> {
      existing(documentId);
      NamedVersionStore names = names();
      @Nullable String oldName = names.findName(documentId, version).map(NamedVersion::name).orElse(null);
      boolean removed = names.removeName(documentId, version);
      if (removed) {
        changed(new VersionNameChange(documentId, version, oldName, null, user.id()));
      }
      return removed;
    });
  }

  @Override
  public CompletionStage<List<NamedVersion>> list(String documentId) {
    return inBackground("a list of named versions", documentId, () -> {
      existing(documentId);
      return names().names(documentId);
    });
  }

  @Override
  public CompletionStage<VersionComparison> compare(String documentId, long from, long to) {
    return inBackground("a comparison of versions " + from + " and " + to, documentId, () -> {
      DocumentInfo info = existing(documentId);
      if (!RichText.NAME.equals(info.type())) {
        throw new CollabException(ErrorCode.BAD_MESSAGE, "only rich-text documents are compared; " + documentId + " is " + info.type());
      }
      if (from > to) {
        throw new CollabException(ErrorCode.BAD_MESSAGE, "'from' (" + from + ") must not be after 'to' (" + to + ")");
      }
      Collab.DocumentContent older = api.contentAt(documentId, from);
      Collab.DocumentContent newer = api.contentAt(documentId, to);
      List<CommittedOp> ops = to - from > VersionCompare.MAX_ATTRIBUTED_OPS
          ? List.of() : context.store().readOps(documentId, from, to);
      return VersionCompare.compare(documentId, from, to, RichText.SERVER.decode(older.data(), JsonLimits.STORAGE),
          RichText.SERVER.decode(newer.data(), JsonLimits.STORAGE), ops);
    });
  }

  @Override
  public Collab.Registration onChange(Consumer<VersionNameChange> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private void changed(VersionNameChange change) {
    for (Consumer<VersionNameChange> listener : listeners) {
      try {
        listener.accept(change);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "collab: a listener of version names of document " + change.documentId()
            + " failed on version " + change.version() + " (changed by user " + change.userId() + "); the change stands", e);
      }
    }
  }
}
