package dev.collab.server.internal.engine;

import dev.collab.Collab;
import dev.collab.Collab.DocumentContent;
import dev.collab.CollabException;
import dev.collab.CommittedOp;
import dev.collab.DocumentExistsException;
import dev.collab.DocumentInfo;
import dev.collab.ErrorCode;
import dev.collab.Ids;
import dev.collab.User;
import dev.collab.ot.JsonLimits;
import dev.collab.ot.OtType;
import dev.collab.spi.DocumentStore;
import dev.collab.spi.Snapshot;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The application API ({@link Collab}) of one engine, which {@link CollabEngine} delegates to:
 * create, find, edit, read, history, listen, revoke, delete. Edits, reads and listeners go through
 * the document's sequencer like a client's requests; {@code readAt} and {@code history} read the
 * store on the background thread. Thread-safe.
 */
final class CollabApi {
  private final DocumentContext context;
  private final DocumentRegistry documents;
  private final CreateQuota createQuota;
  /** The client id of server-side edits of this engine instance, and their seq. */
  private final String serverClient;
  private final AtomicLong serverSeq = new AtomicLong();

  CollabApi(DocumentContext context, DocumentRegistry documents) {
    this.context = context;
    this.documents = documents;
    this.createQuota = new CreateQuota(context.config(), context.clock());
    this.serverClient = "srv-" + randomId("");
  }

  static String randomId(String prefix) {
    byte[] bytes = new byte[9];
    new SecureRandom().nextBytes(bytes);
    return prefix + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private DocumentStore store() {
    return context.store();
  }

  DocumentInfo create(@Nullable String id, String type, String title, Map<String, String> metadata, User creator) {
    String documentId = id != null ? id : randomId("d");
    if (!Ids.isDocumentId(documentId)) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, "bad document id: letters, digits, '-', '_', '.'; 1 to 128; not only dots");
    }
    if (!context.types().has(type)) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, "unsupported type " + type + "; installed: " + context.types().names());
    }
    DocumentInfo info;
    try {
      info = new DocumentInfo(documentId, type, title, metadata, creator.id(), context.now());
    } catch (IllegalArgumentException e) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, e.getMessage());
    }
    if (!store().create(info)) {
      throw new DocumentExistsException(documentId);
    }
    return info;
  }

  /** See {@link CollabEngine#createWithinQuota}. */
  DocumentInfo createWithinQuota(@Nullable String id, String type, String title, Map<String, String> metadata,
      User creator) {
    createQuota.take(creator.id());
    boolean created = false;
    try {
      DocumentInfo info = create(id, type, title, metadata, creator);
      created = true;
      return info;
    } finally {
      if (!created) {
        createQuota.giveBack(creator.id());
      }
    }
  }

  @Nullable DocumentInfo find(String documentId) {
    return store().find(documentId).orElse(null);
  }

  CompletionStage<CommittedOp> edit(String documentId, User user, Object op) {
    if (!Ids.isDocumentId(documentId)) {
      return CompletableFuture.failedFuture(new CollabException(ErrorCode.BAD_MESSAGE, "bad document id"));
    }
    return documents.sequencer(documentId).edit(user, serverClient, serverSeq.incrementAndGet(), op);
  }

  CompletionStage<DocumentContent> read(String documentId) {
    DocumentInfo info = find(documentId);
    if (info == null) {
      return CompletableFuture.failedFuture(new CollabException(ErrorCode.UNKNOWN_DOCUMENT, "no document " + documentId));
    }
    return documents.sequencer(documentId).read()
        .thenApply(e -> new DocumentContent(documentId, info.type(), e.getKey(), e.getValue()));
  }

  CompletionStage<DocumentContent> readAt(String documentId, long version) {
    return context.executors().inBackground("a read of version " + version, documentId,
        () -> contentAt(documentId, version));
  }

  /** The content at {@code version}, rebuilt from the store's snapshots and ops; on the calling thread. */
  <O> DocumentContent contentAt(String documentId, long version) {
    DocumentInfo info = store().find(documentId)
        .orElseThrow(() -> new CollabException(ErrorCode.UNKNOWN_DOCUMENT, "no document " + documentId));
    long head = store().head(documentId);
    if (version < 0 || version > head) {
      throw new CollabException(ErrorCode.VERSION_AHEAD, "version " + version + " is not in 0.." + head);
    }
    @SuppressWarnings("unchecked")
    OtType<O> type = (OtType<O>) context.types().get(info.type());
    Optional<Snapshot> snapshot = store().loadSnapshot(documentId, version);
    O content = snapshot.map(s -> type.decode(s.data(), JsonLimits.STORAGE)).orElse(type.empty());
    long from = snapshot.map(Snapshot::version).orElse(0L);
    List<CommittedOp> ops = store().readOps(documentId, from, version);
    if (ops.size() != version - from) {
      throw new CollabException(ErrorCode.HISTORY_GONE, "the ops up to version " + version + " are no longer kept");
    }
    for (CommittedOp op : ops) {
      content = type.apply(content, type.decode(op.op(), JsonLimits.STORAGE));
    }
    return new DocumentContent(documentId, info.type(), version, type.encodeToString(content));
  }

  CompletionStage<List<CommittedOp>> history(String documentId, long afterVersion, int limit) {
    return context.executors().inBackground("a history read", documentId,
        () -> new ArrayList<>(store().readOps(documentId, afterVersion, afterVersion + Math.max(0, limit))));
  }

  Collab.Registration listen(String documentId, Consumer<CommittedOp> listener) {
    Runnable undo = documents.sequencer(documentId).listen(listener);
    return undo::run;
  }

  void revoke(String userId, String documentId) {
    context.access().forget(userId, documentId);
    DocumentSequencer<?> sequencer = documents.loaded(documentId);
    if (sequencer != null) {
      sequencer.recheckAccess(userId);
    }
    context.publish(documentId, () -> BusMessages.revoke(context.nodeId(), userId));
  }

  /** See {@link CollabEngine#delete}. */
  boolean delete(String documentId) {
    if (!Ids.isDocumentId(documentId)) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, "bad document id");
    }
    Optional<DocumentInfo> info = store().find(documentId);
    boolean deleted = store().delete(documentId);
    // The document's cached access decisions go, and its loaded copy is dropped on its own turn, so
    // requests queued before are answered first and those queued after reach a new copy.
    context.access().forgetDocument(documentId);
    documents.deleted(documentId);
    // Another node drops only its copy of this document, not one created again since (the message
    // may arrive after that): the creation time tells them apart.
    if (info.isPresent()) {
      context.publish(documentId, () -> BusMessages.deleted(context.nodeId(), info.get().created()));
    }
    return deleted;
  }
}
