package dev.collab.server.internal.engine;

import dev.collab.Access;
import dev.collab.AccessChange;
import dev.collab.Collab;
import dev.collab.CollabException;
import dev.collab.DocumentGrants;
import dev.collab.ErrorCode;
import dev.collab.Grant;
import dev.collab.Ids;
import dev.collab.Sharing;
import dev.collab.User;
import dev.collab.spi.GrantStore;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@link Sharing} of one engine ({@link CollabEngine#sharing()}): grants through the store's
 * {@link GrantStore}, each call checked against the engine's policy (asked afresh), and every change
 * followed by {@link CollabApi#revoke}, so that every node forgets its cached decisions for the user
 * and re-evaluates their joined connections. Runs on the engine's background threads. Thread-safe.
 */
final class SharingApi implements Sharing {
  private static final System.Logger LOG = System.getLogger(SharingApi.class.getName());

  private final DocumentContext context;
  private final CollabApi api;
  private final List<Consumer<AccessChange>> listeners = new CopyOnWriteArrayList<>();

  SharingApi(DocumentContext context, CollabApi api) {
    this.context = context;
    this.api = api;
  }

  private GrantStore grants() {
    try {
      return context.store().grants();
    } catch (UnsupportedOperationException e) {
      throw new CollabException(ErrorCode.INTERNAL, "this server's document store does not keep grants: " + e.getMessage());
    }
  }

  private <T> CompletionStage<T> inBackground(String what, String documentId, User by, Supplier<T> task) {
    Objects.requireNonNull(by, "by");
    if (!Ids.isDocumentId(documentId)) {
      return CompletableFuture.failedFuture(new CollabException(ErrorCode.BAD_MESSAGE, "bad document id"));
    }
    return context.executors().inBackground(what, documentId, task);
  }

  /**
   * The owner of the document, after checking that {@code by} administers it. Without read access
   * the answer is the one for a missing document, so that nobody learns which ids exist.
   */
  private String requireAdmin(GrantStore grants, String documentId, User by) {
    String owner = grants.owner(documentId).orElse(null);
    Access access = context.access().access(by, documentId, true);
    if (owner == null || !access.allows(Access.READ)) {
      throw new CollabException(ErrorCode.UNKNOWN_DOCUMENT, "no document " + documentId);
    }
    if (!access.allows(Access.ADMIN)) {
      throw new CollabException(ErrorCode.FORBIDDEN, "only the owner and admins of document " + documentId + " share it");
    }
    return owner;
  }

  private static String requireGrantee(String userId, String owner) {
    if (userId == null || !Ids.isUserId(userId)) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, "bad user id");
    }
    if (userId.equals(owner)) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, "user " + userId + " owns the document and always has admin access");
    }
    return userId;
  }

  @Override
  public CompletionStage<Grant> grant(String documentId, String userId, Access access, User by) {
    if (access == null || access == Access.NONE) {
      return CompletableFuture.failedFuture(new CollabException(ErrorCode.BAD_MESSAGE,
          "a grant gives read, comment, write or admin; revoke it to give none"));
    }
    return inBackground("a grant", documentId, by, () -> {
      GrantStore grants = grants();
      String owner = requireAdmin(grants, documentId, by);
      requireGrantee(userId, owner);
      Access before = grants.findGrant(documentId, userId).map(Grant::access).orElse(Access.NONE);
      // Checked before the write, not atomically with it: concurrent new grants may pass it together.
      if (before == Access.NONE && grants.grants(documentId).size() >= Grant.MAX_PER_DOCUMENT) {
        throw new CollabException(ErrorCode.TOO_LARGE, "document " + documentId + " has " + Grant.MAX_PER_DOCUMENT
            + " grants, the most it may have; remove one first");
      }
      Grant grant = new Grant(documentId, userId, access, by.id(), context.now());
      if (!grants.saveGrant(grant)) {
        throw new CollabException(ErrorCode.UNKNOWN_DOCUMENT, "no document " + documentId);
      }
      changed(new AccessChange(documentId, userId, before, access, by.id()));
      return grant;
    });
  }

  @Override
  public CompletionStage<Boolean> revoke(String documentId, String userId, User by) {
    return inBackground("a revocation", documentId, by, () -> {
      GrantStore grants = grants();
      String owner = requireAdmin(grants, documentId, by);
      requireGrantee(userId, owner);
      Access before = grants.findGrant(documentId, userId).map(Grant::access).orElse(Access.NONE);
      boolean removed = grants.removeGrant(documentId, userId);
      if (removed) {
        changed(new AccessChange(documentId, userId, before, Access.NONE, by.id()));
      }
      return removed;
    });
  }

  @Override
  public CompletionStage<DocumentGrants> list(String documentId, User by) {
    return inBackground("a list of grants", documentId, by, () -> {
      GrantStore grants = grants();
      String owner = requireAdmin(grants, documentId, by);
      return new DocumentGrants(documentId, owner, grants.grants(documentId));
    });
  }

  @Override
  public Collab.Registration onChange(Consumer<AccessChange> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return () -> listeners.remove(listener);
  }

  /** Every node re-evaluates the user's access first, then the listeners hear of it. */
  private void changed(AccessChange change) {
    api.revoke(change.userId(), change.documentId());
    for (Consumer<AccessChange> listener : listeners) {
      try {
        listener.accept(change);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "collab: a listener of grants of document " + change.documentId()
            + " failed on the grant of user " + change.userId() + " (changed by user " + change.changedBy()
            + "); the change stands", e);
      }
    }
  }
}
