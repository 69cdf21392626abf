package dev.collab.server.internal.engine;

import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.User;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

/**
 * The sessions of one node, by client id and user: opens them (replacing a session of the same
 * user and client id, refusing one whose id is another user's) and forgets them when they close.
 * Thread-safe.
 */
final class SessionRegistry {
  private static final System.Logger LOG = System.getLogger(SessionRegistry.class.getName());
  private final DocumentRegistry documents;
  private final ClientBindings bindings;
  private final EngineConfig config;
  private final EngineExecutors executors;
  private final EngineObserver observer;
  /**
   * Sessions of this node by client id, then by user id (an immutable map, swapped in
   * {@code compute}): a second connection of one user with one client id replaces the first.
   * Another user's session with the same id may stand beside an unbound one; its first join asks
   * the binding ({@link ClientBindings#bind}) and only one of them passes.
   */
  private final ConcurrentHashMap<String, Map<String, Session>> sessions = new ConcurrentHashMap<>();

  SessionRegistry(DocumentRegistry documents, ClientBindings bindings, EngineConfig config, EngineExecutors executors,
      EngineObserver observer) {
    this.observer = observer;
    this.documents = documents;
    this.bindings = bindings;
    this.config = config;
    this.executors = executors;
  }

  /** See {@link CollabEngine#openSession}. */
  Session open(User user, String client, SessionListener listener) {
    Session session = new Session(this, documents, config, user, client, RejectionCounter.wrap(listener, observer));
    Session[] replaced = new Session[1];
    sessions.compute(client, (id, byUser) -> {
      Map<String, Session> next = new HashMap<>();
      if (byUser != null) {
        for (Session other : byUser.values()) {
          if (other.isBound() && !other.user().id().equals(user.id())) {
            throw new CollabException(ErrorCode.FORBIDDEN, "client " + client + " belongs to another user");
          }
        }
        next.putAll(byUser);
      }
      replaced[0] = next.put(user.id(), session);
      return Map.copyOf(next);
    });
    if (replaced[0] != null) {
      if (replaced[0].isBound()) {
        session.markBound(); // the same user's id: nothing to ask
      }
      replaced[0].listener().replaced();
      replaced[0].close();
    }
    if (!session.isBound()) {
      try {
        // Early, off the connection's thread: another user's session is refused without a join.
        executors.workers().execute(() -> checkBinding(session));
      } catch (RejectedExecutionException closing) {
        LOG.log(System.Logger.Level.DEBUG, "engine closing; client " + client + " of user " + user.id()
            + " is checked at its first join, if any");
      }
    }
    return session;
  }

  /** Asks the binding for a new session; refuses it when the id is another user's. */
  private void checkBinding(Session session) {
    if (session.isClosed()) {
      return;
    }
    boolean bound;
    try {
      bound = bindings.bind(session);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "collab: binding client " + session.client() + " of user " + session.user().id()
          + " failed; its first join asks again", e);
      return;
    }
    if (!bound) {
      ClientBindings.refuse(session, null);
    }
  }

  /** A session closed: forgotten, unless another session of its user replaced it already. */
  void closed(Session session) {
    sessions.computeIfPresent(session.client(), (id, byUser) -> {
      if (byUser.get(session.user().id()) != session) {
        return byUser;
      }
      Map<String, Session> next = new HashMap<>(byUser);
      next.remove(session.user().id());
      return next.isEmpty() ? null : Map.copyOf(next);
    });
  }

  /** The engine closes: every session is closed. */
  void closeAll() {
    for (Map<String, Session> byUser : List.copyOf(sessions.values())) {
      byUser.values().forEach(Session::close);
    }
  }

  /** A simulated crash: every session is forgotten without being told. */
  void clear() {
    sessions.clear();
  }
}
