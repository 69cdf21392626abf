package dev.collab.server.internal.engine;

import dev.collab.spi.DocumentStore;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Which user a client id belongs to: asked of the store ({@link DocumentStore#bindClient}), or kept
 * on this node when the store does not bind ids. Thread-safe.
 */
final class ClientBindings {
  private static final System.Logger LOG = System.getLogger(ClientBindings.class.getName());
  private final DocumentStore store;
  /** Client ids bound on this node: used only when the store does not bind them ({@link #storeBinds}). */
  private final ConcurrentHashMap<String, String> localBindings = new ConcurrentHashMap<>();
  /** False once the store answered {@code bindClient} with UnsupportedOperationException. */
  private volatile boolean storeBinds = true;

  ClientBindings(DocumentStore store) {
    this.store = store;
  }

  /**
   * Whether the session's client id is bound to the session's user, binding it when nobody holds
   * it yet; true at once for a session bound before. Called on a worker thread (it may ask the
   * store), by a document's first join of the session.
   *
   * @throws RuntimeException when the store fails (the join is answered {@code internal})
   */
  boolean bind(Session session) {
    if (session.isBound()) {
      return true;
    }
    String userId = session.user().id();
    String owner = null;
    if (storeBinds) {
      try {
        owner = store.bindClient(session.client(), userId);
      } catch (UnsupportedOperationException unsupported) {
        storeBinds = false;
        LOG.log(System.Logger.Level.WARNING, "collab: the store " + store.getClass().getName() + " does not bind client ids"
            + " (DocumentStore.bindClient): client ids are bound to their users on this node only, for its lifetime;"
            + " first seen with client " + session.client() + " of user " + userId);
      }
    }
    if (owner == null) {
      String earlier = localBindings.putIfAbsent(session.client(), userId);
      owner = earlier != null ? earlier : userId;
    }
    if (!owner.equals(userId)) {
      return false;
    }
    session.markBound();
    return true;
  }

  /** Closes a session whose client id is another user's, and tells its connection. */
  static void refuse(Session session, @Nullable String documentId) {
    String reason = "client " + session.client() + " belongs to another user";
    session.close();
    session.listener().refused(documentId, reason);
  }
}
