package dev.collab.server.internal.engine;

import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.comments.Anchor;
import dev.collab.comments.CommentThread;
import dev.collab.ot.OtType;
import dev.collab.protocol.CommentJson;
import dev.collab.spi.CommentStore;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a document's comment threads ({@link DocumentThreads}) in step with the store and the other
 * nodes, on the document's turn: loads them with their anchors moved to the head, reads one again
 * after a conflict, sends them after a join, takes the {@code thread} messages of other nodes, reads
 * them all again after the bus lost messages, and rebases the stored anchors after a snapshot.
 *
 * @param <O> the document's op type
 */
final class ThreadSync<O> {
  private static final System.Logger LOG = System.getLogger(ThreadSync.class.getName());

  private final DocumentSequencer<O> turn;
  private final DocumentContext context;
  private final String id;
  private final DocumentState<O> state;
  private final FanOut fanOut;
  private final BusRelay bus;

  ThreadSync(DocumentSequencer<O> turn, DocumentContext context, String id, DocumentState<O> state, FanOut fanOut,
      BusRelay bus) {
    this.turn = turn;
    this.context = context;
    this.id = id;
    this.state = state;
    this.fanOut = fanOut;
    this.bus = bus;
  }

  CommentStore store() {
    try {
      return context.store().comments();
    } catch (UnsupportedOperationException e) {
      throw new CollabException(ErrorCode.FORBIDDEN, "this server keeps no comments (its document store has none)");
    }
  }

  private boolean storeKeepsComments() {
    try {
      context.store().comments();
      return true;
    } catch (UnsupportedOperationException e) {
      return false;
    }
  }

  // ------------------------------------------------------------------ loading

  /** Reads the threads from the store, their anchors moved to the head, unless they are loaded. */
  DocumentThreads<O> ensureLoaded() {
    turn.checkTurn();
    DocumentThreads<O> threads = state.threads();
    if (!threads.isLoaded()) {
      List<CommentThread> stored = store().threads(id);
      Map<String, Long> versions = new HashMap<>();
      long newest = 0;
      for (CommentThread thread : stored) {
        versions.put(thread.id(), thread.anchor().version());
        newest = Math.max(newest, thread.anchor().version());
      }
      bus.catchUp(newest); // a thread written by a node ahead of this one
      threads.load(atHead(stored), versions);
    }
    return threads;
  }

  /** The threads with their anchors moved over the ops committed since their versions. */
  private List<CommentThread> atHead(List<CommentThread> threads) {
    Map<Long, List<O>> opsSince = new HashMap<>();
    List<CommentThread> moved = new ArrayList<>(threads.size());
    for (CommentThread thread : threads) {
      moved.add(thread.withAnchor(moveToHead(thread.anchor(), opsSince)));
    }
    return moved;
  }

  Anchor moveToHead(Anchor anchor, Map<Long, List<O>> opsSince) {
    long head = state.head();
    if (anchor.version() >= head) {
      return anchor;
    }
    OtType<O> type = state.type();
    List<O> ops;
    try {
      ops = opsSince.computeIfAbsent(anchor.version(), state::decodedAfter);
    } catch (CollabException e) {
      if (e.code() != ErrorCode.HISTORY_GONE) {
        throw e;
      }
      // Only when an application pruned history past an anchor the snapshots had not rebased yet.
      LOG.log(System.Logger.Level.WARNING, "collab: the ops after version " + anchor.version() + " of document " + id
          + " are gone; a comment anchored there is kept as detached");
      return new Anchor(Math.min(anchor.index(), state.document().length()), 0, head, true);
    }
    for (O op : ops) {
      anchor = anchor.moved(type, op);
    }
    return anchor;
  }

  /**
   * Reads one thread again (after a write lost to another node's): when it changed, or went, this
   * node's clients are told, since the other node's bus message for it may come later or not at all
   * (and is then skipped as known).
   */
  @Nullable CommentThread reload(String threadId) {
    CommentThread known = state.threads().get(threadId);
    Optional<CommentThread> stored = store().thread(id, threadId);
    if (stored.isEmpty()) {
      state.threads().remove(threadId);
      if (known != null) {
        fanOut.tellSubscribers(listener -> listener.threadDeleted(id, state.head(), threadId));
      }
      return null;
    }
    CommentThread thread = stored.get();
    bus.catchUp(thread.anchor().version());
    CommentThread moved = thread.withAnchor(moveToHead(thread.anchor(), new HashMap<>()));
    state.threads().put(moved, thread.anchor().version(), state.head());
    if (known == null || known.revision() != moved.revision()) {
      fanOut.tellSubscribers(listener -> listener.thread(id, state.head(), moved));
    }
    return moved;
  }

  // ------------------------------------------------------------------ joins, resyncs

  /** After a join's reply: the document's threads, when it has any. */
  void afterJoin(Session session) {
    if (!storeKeepsComments()) {
      return;
    }
    try {
      List<CommentThread> all = ensureLoaded().all();
      if (!all.isEmpty()) {
        session.listener().threads(id, state.head(), all);
      }
    } catch (RuntimeException e) {
      // The join itself stands: the text is there; the threads come with the next change or join.
      LOG.log(System.Logger.Level.WARNING, "collab: the comment threads of document " + id + " could not be read for client "
          + session.client() + " (user " + session.user().id() + "); it joined without them", e);
    }
  }

  /** After the bus lost messages: the threads are read again (see {@link #refresh}) if they were loaded. */
  void resync() {
    if (state.threads().isLoaded()) {
      refresh();
    }
  }

  /**
   * Reads the threads from the store again (the truth, whatever this node missed on the bus); when
   * any differs from what this node had, every joined client gets the whole list.
   *
   * @return the threads, anchors at the head
   */
  List<CommentThread> refresh() {
    turn.checkTurn();
    boolean wasLoaded = state.threads().isLoaded();
    Map<String, Long> before = revisions(state.threads().all());
    state.threads().unload();
    List<CommentThread> all = ensureLoaded().all();
    if (wasLoaded && !before.equals(revisions(all))) {
      fanOut.tellSubscribers(listener -> listener.threads(id, state.head(), all));
    }
    return all;
  }

  private static Map<String, Long> revisions(List<CommentThread> threads) {
    Map<String, Long> revisions = new HashMap<>();
    for (CommentThread thread : threads) {
      revisions.put(thread.id(), thread.revision());
    }
    return revisions;
  }

  // ------------------------------------------------------------------ other nodes, snapshots

  /**
   * A {@code thread} message of another node, or its {@code head} announcement with the digest of
   * its threads: when that differs from this node's, this node missed a change (or has one the other
   * has not heard of yet) and reads the threads again.
   */
  void onBus(JsonObject message) {
    if (context.nodeId().equals(message.getString("node", "")) || !state.threads().isLoaded()) {
      return; // our own; or not loaded here: read from the store when needed
    }
    if ("head".equals(message.getString("t", ""))) {
      if (message.getJsonNumber("threads").longValue() != state.threads().digest()) {
        refresh();
      }
      return;
    }
    long version = message.getJsonNumber("version").longValueExact();
    bus.catchUp(version);
    DocumentThreads<O> threads = state.threads();
    JsonObject json = message.getJsonObject("thread");
    String threadId = json.getString("id");
    if (message.getBoolean("deleted", false)) {
      if (threads.get(threadId) != null) {
        threads.remove(threadId);
        fanOut.tellSubscribers(listener -> listener.threadDeleted(id, state.head(), threadId));
      }
      return;
    }
    CommentThread thread = CommentJson.decodeThread(id, version, json);
    CommentThread known = threads.get(threadId);
    if (known != null && known.revision() >= thread.revision()) {
      return;
    }
    CommentThread moved = thread.withAnchor(moveToHead(thread.anchor(), new HashMap<>()));
    threads.put(moved, version, state.head());
    if (message.getBoolean("rebase", false) && known != null && known.revision() == thread.revision() - 1) {
      return; // what this node had, written again at a later version: its clients have it
    }
    fanOut.tellSubscribers(listener -> listener.thread(id, state.head(), moved));
  }

  /**
   * A snapshot was saved at {@code version}: threads stored with older anchors are written again at
   * the head, so that the ops before the snapshot (which retention may drop) are never needed to
   * place them. A conflict means another node wrote the thread meanwhile, at a newer anchor.
   */
  void rebase(long version) {
    if (!state.threads().isLoaded()) {
      return;
    }
    try {
      for (CommentThread old : state.threads().storedBefore(version)) {
        // As it is now: reading one thread again after a conflict catches up, which moves the others.
        CommentThread thread = state.threads().get(old.id());
        if (thread == null) {
          continue;
        }
        CommentThread next = new CommentThread(id, thread.id(), thread.anchor(), thread.comments(), thread.resolved(),
            thread.resolvedBy(), thread.resolvedAt(), thread.revision() + 1);
        if (store().save(next) == CommentStore.SaveResult.SAVED) {
          long head = state.head();
          state.threads().put(next, head, head);
          context.publish(id, () -> BusMessages.rebased(context.nodeId(), id, head, CommentJson.thread(next)));
        } else {
          reload(thread.id());
        }
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "collab: the comment anchors of document " + id + " were not rebased at version "
          + version + "; the next snapshot tries again", e);
    }
  }
}
