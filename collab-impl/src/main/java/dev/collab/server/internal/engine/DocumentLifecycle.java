package dev.collab.server.internal.engine;

import dev.collab.CollabException;
import dev.collab.DocumentInfo;
import dev.collab.ErrorCode;
import dev.collab.ot.OtType;

/**
 * The lifecycle of one document on this node: load (metadata, snapshot, ops, bus subscription),
 * resync after a storage failure, unload when unused, drop when deleted, close. A closed sequencer
 * serves nobody: requests that reach it afterwards go to a new one ({@link DocumentSequencer}).
 *
 * <p>Confined to the document's turn, except {@link #isClosed} (any thread).
 *
 * @param <O> the document's op type
 */
final class DocumentLifecycle<O> {
  private static final System.Logger LOG = System.getLogger(DocumentLifecycle.class.getName());
  private final DocumentSequencer<O> turn;
  private final DocumentContext context;
  private final String id;
  private final DocumentState<O> state;
  private final FanOut fanOut;
  private final PresenceRelay presence;
  private final BusRelay bus;
  private final SubmitPath<O> submits;
  /** Written on the turn only; volatile so that a session holding this document sees it closed. */
  private volatile boolean closed;
  // ---- guarded by the document's turn ----
  private boolean loaded;
  /**
   * Closed because the document was deleted: a submit that reaches this sequencer afterwards was
   * made on the deleted document, so it is refused rather than passed to a new copy (which may be
   * a document created again with the same id).
   */
  private boolean deleted;

  DocumentLifecycle(DocumentSequencer<O> turn, DocumentContext context, String id, DocumentState<O> state,
      FanOut fanOut, PresenceRelay presence, BusRelay bus, SubmitPath<O> submits) {
    this.turn = turn;
    this.context = context;
    this.id = id;
    this.state = state;
    this.fanOut = fanOut;
    this.presence = presence;
    this.bus = bus;
    this.submits = submits;
  }

  boolean isClosed() {
    return closed;
  }

  boolean isLoaded() {
    turn.checkTurn();
    return loaded;
  }

  boolean isDeleted() {
    turn.checkTurn();
    return deleted;
  }

  /** Loads the document on first use: metadata, latest snapshot, the ops after it, the bus. */
  @SuppressWarnings("unchecked")
  void ensureLoaded() {
    turn.checkTurn();
    if (loaded) {
      return;
    }
    DocumentInfo found = context.store().find(id).orElse(null);
    if (found == null) {
      throw new CollabException(ErrorCode.UNKNOWN_DOCUMENT, "no document " + id);
    }
    state.identify(found, (OtType<O>) context.types().get(found.type()));
    // Subscribed before the store is read, so that nothing committed meanwhile is missed; a load
    // that fails closes the subscription again (the next attempt subscribes anew).
    bus.subscribe(turn::onBusMessage);
    try {
      state.rebuild();
    } catch (RuntimeException | Error e) {
      bus.unsubscribe();
      throw e;
    }
    loaded = true;
  }

  /** After a storage failure: rebuild at the store's head and deliver what was missed. */
  void resync() {
    turn.checkTurn();
    try {
      long before = state.head();
      state.rebuildAt(before);
      bus.catchUp(Math.max(before, context.store().head(id)));
    } catch (RuntimeException e) {
      // The store is still failing: the document loads afresh at the next request.
      LOG.log(System.Logger.Level.WARNING, "collab: document " + id + " could not be rebuilt from the store after"
          + " a failed append; it loads afresh at its next request", e);
      loaded = false;
      bus.unsubscribe();
    }
  }

  /**
   * Whether this copy is of a document the store no longer holds: the store's head is below this
   * copy's, or the document there was created at another time (deleted and created again).
   */
  boolean isStale(long storeHead) {
    turn.checkTurn();
    if (storeHead < state.head()) {
      return true;
    }
    DocumentInfo current = context.store().find(id).orElse(null);
    DocumentInfo info = state.info();
    return current == null || info == null || !current.created().equals(info.created());
  }

  /**
   * The document is gone from the store (deleted, perhaps created again since): this copy must not
   * serve anyone. Submits not yet committed are refused with {@code unknown-document}; every
   * joined client is told ({@code unknown-document}, then {@code left}, as for a revoked reader) and
   * may join again, which loads the store's document afresh; then the sequencer closes, with its
   * application listeners.
   */
  void dropDeleted() {
    turn.checkTurn();
    deleted = true;
    String message = "document " + id + " was deleted";
    submits.failPending(ErrorCode.UNKNOWN_DOCUMENT, message);
    for (Session session : fanOut.subscribers()) {
      session.dropped(id);
      session.listener().error(id, null, ErrorCode.UNKNOWN_DOCUMENT, message);
      session.listener().left(id);
    }
    int told = fanOut.clearSubscribers();
    LOG.log(System.Logger.Level.DEBUG, "collab: document {0} was deleted; node {1} unloaded it and told {2} client(s)",
        id, context.nodeId(), told);
    presence.clear();
    close();
  }

  /**
   * Drops this sequencer at once when a request failed before the document loaded (an id that names
   * no document, or one the user may not read) and nothing else uses it: made-up ids must not fill
   * the node with sequencers until the idle sweep.
   */
  void closeIfUnused() {
    turn.checkTurn();
    if (!loaded && !closed && fanOut.isUnused() && !submits.hasWork()) {
      close();
    }
  }

  /** Whether nothing uses the document now (no subscriber, listener or submit): it may be unloaded. */
  boolean isUnused() {
    turn.checkTurn();
    return !closed && fanOut.isUnused() && !submits.hasWork();
  }

  /** Drops all state (node shutdown, unload, delete). Requests that arrive later go to a new sequencer. */
  void close() {
    turn.checkTurn();
    closed = true;
    turn.registry().removed(turn);
    bus.unsubscribe();
    submits.failPending(ErrorCode.DRAINING, "the document was unloaded; resubmit");
  }
}
