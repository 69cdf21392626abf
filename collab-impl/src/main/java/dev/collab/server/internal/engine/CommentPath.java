package dev.collab.server.internal.engine;

import dev.collab.Access;
import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.comments.Anchor;
import dev.collab.comments.CommentChange;
import dev.collab.comments.CommentThread;
import dev.collab.comments.Mention;
import dev.collab.protocol.ClientMessage.CommentAction;
import dev.collab.protocol.CommentJson;
import dev.collab.spi.CommentStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Changes of comment threads on the document's turn: carrying out {@link CommentRequest}s (the rules in {@link ThreadEdits}, the write a compare-and-set on the
 * thread's revision in the {@link CommentStore}, retried over a fresh read when another node came
 * first), and telling everyone: the joined clients ({@code thread}), the other nodes (the bus
 * message {@code thread}) and the application's listeners. {@link ThreadSync} loads the threads
 * and keeps them in step with the store and the other nodes. A change is answered only after the
 * store has it: acknowledged means durable, as for edits.
 *
 * <p>The store is called on the turn: a comment is rare next to edits, and a thread's write is one
 * small row.
 *
 * @param <O> the document's op type
 */
final class CommentPath<O> {
  private static final System.Logger LOG = System.getLogger(CommentPath.class.getName());
  /** Writes of one request before it is answered {@code retry-exhausted}. */
  static final int ATTEMPTS = 5;

  private final DocumentSequencer<O> turn;
  private final DocumentContext context;
  private final String id;
  private final DocumentState<O> state;
  private final FanOut fanOut;
  private final BusRelay bus;
  private final ThreadSync<O> sync;

  CommentPath(DocumentSequencer<O> turn, DocumentContext context, String id, DocumentState<O> state, FanOut fanOut,
      BusRelay bus, ThreadSync<O> sync) {
    this.turn = turn;
    this.context = context;
    this.id = id;
    this.state = state;
    this.fanOut = fanOut;
    this.bus = bus;
    this.sync = sync;
  }

  // ------------------------------------------------------------------ requests

  /**
   * The threads as the store has them, for {@code by} with read access (asked afresh): this node
   * catches up to the store's head first, and reads the threads again ({@link #refresh}).
   */
  void list(User by, DocumentLifecycle<O> lifecycle, CompletableFuture<List<CommentThread>> result) {
    try {
      lifecycle.ensureLoaded();
      if (!context.access().access(by, id, true).allows(Access.READ)) {
        throw new CollabException(ErrorCode.UNKNOWN_DOCUMENT, "no document " + id);
      }
      bus.catchUp(context.store().head(id));
      result.complete(sync.refresh());
    } catch (RuntimeException e) {
      lifecycle.closeIfUnused();
      result.completeExceptionally(e);
    }
  }

  /** Carries out {@code request} once the document is loaded (a document that cannot load fails it). */
  void handle(CommentRequest request, DocumentLifecycle<O> lifecycle) {
    try {
      lifecycle.ensureLoaded();
    } catch (CollabException e) {
      lifecycle.closeIfUnused();
      fail(request, e);
      return;
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "collab: document " + id + " did not load for a comment of user "
          + request.user().id() + (request.session() != null ? " (client " + request.session().client() + ")" : ""), e);
      lifecycle.closeIfUnused();
      fail(request, new CollabException(ErrorCode.INTERNAL, "the document could not be loaded"));
      return;
    }
    handle(request);
  }

  void handle(CommentRequest request) {
    turn.checkTurn();
    try {
      Access access = context.access().access(request.user(), id, request.freshAccess());
      if (!access.allows(Access.READ)) {
        throw new CollabException(request.session() == null ? ErrorCode.UNKNOWN_DOCUMENT : ErrorCode.FORBIDDEN,
            request.session() == null ? "no document " + id : "no access to document " + id);
      }
      DocumentThreads<O> threads = sync.ensureLoaded();
      for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
        CommentThread before = threads.get(request.threadId());
        Anchor anchor = request.action() == CommentAction.CREATE && before == null ? anchorOf(request) : null;
        Instant now = context.now();
        ThreadEdits.Outcome outcome = ThreadEdits.apply(request, before, anchor, access, threads.size(), id, now);
        if (outcome.unchanged()) {
          answer(request, outcome.after());
          return;
        }
        if (write(before, outcome)) {
          changed(request, before, outcome, now);
          answer(request, outcome.after());
          return;
        }
        sync.reload(request.threadId()); // another node wrote it first: apply the request to what it wrote
      }
      throw new CollabException(ErrorCode.RETRY_EXHAUSTED, "thread " + request.threadId() + " of document " + id
          + " kept changing on other nodes; try again");
    } catch (CollabException e) {
      fail(request, e);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "collab: a comment " + request.action().wire() + " on thread " + request.threadId()
          + " of document " + id + " by user " + request.user().id()
          + (request.session() != null ? " (client " + request.session().client() + ")" : "") + " failed", e);
      fail(request, new CollabException(ErrorCode.INTERNAL, "the comment could not be stored"));
    }
  }

  /** The range of a new thread, taken at {@code base}, moved to the head. */
  private Anchor anchorOf(CommentRequest request) {
    long head = state.head();
    if (request.base() > head) {
      throw new CollabException(ErrorCode.VERSION_AHEAD, "comment on version " + request.base() + " but the document is at " + head);
    }
    Anchor anchor = new Anchor(request.index(), request.length(), request.base(), false);
    int lengthAtBase = request.base() == head ? state.document().length() : -1;
    anchor = sync.moveToHead(anchor, new HashMap<>());
    int end = anchor.index() + anchor.length();
    if ((lengthAtBase >= 0 && request.index() + (long) request.length() > lengthAtBase) || end > state.document().length()) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, "the range " + request.index() + "+" + request.length()
          + " is not within the document");
    }
    return anchor;
  }

  /** Writes the outcome: true when stored, false when another write came first. */
  private boolean write(@Nullable CommentThread before, ThreadEdits.Outcome outcome) {
    CommentThread after = outcome.after();
    if (after == null) {
      return before == null || sync.store().delete(id, before.id(), before.revision());
    }
    // The thread is written with its anchor at the head: a write is also a rebase.
    switch (sync.store().save(after)) {
      case SAVED:
        return true;
      case CONFLICT:
        return false;
      default:
        throw new CollabException(ErrorCode.UNKNOWN_DOCUMENT, "no document " + id);
    }
  }

  private void changed(CommentRequest request, @Nullable CommentThread before, ThreadEdits.Outcome outcome, Instant now) {
    CommentThread after = outcome.after();
    String threadId = request.threadId();
    long head = state.head();
    if (after == null) {
      state.threads().remove(threadId);
      fanOut.tellSubscribers(listener -> listener.threadDeleted(id, head, threadId));
      context.publish(id, () -> BusMessages.threadDeleted(context.nodeId(), id, head, threadId));
    } else {
      state.threads().put(after, head, head);
      fanOut.tellSubscribers(listener -> listener.thread(id, head, after));
      context.publish(id, () -> BusMessages.thread(context.nodeId(), id, head, CommentJson.thread(after)));
    }
    bus.threadsChanged();
    if (!context.comments().isEmpty()) {
      CommentChange change = new CommentChange(id, threadId, outcome.kind(), outcome.commentId(), after, request.user(), now);
      List<Mention> mentions = mentions(request, before, after, now);
      context.executors().inBackground("the comment listeners", id, () -> {
        context.comments().fire(change, mentions);
        return null;
      });
    }
  }

  /** The users a new or edited comment mentions, less those its text mentioned before the edit. */
  private List<Mention> mentions(CommentRequest request, @Nullable CommentThread before, @Nullable CommentThread after,
      Instant now) {
    String text = request.text();
    String commentId = request.commentId();
    if (after == null || text == null || commentId == null) {
      return List.of();
    }
    Set<String> users = Mention.usersIn(text);
    if (request.action() == CommentAction.EDIT && before != null && before.comment(commentId) != null) {
      users.removeAll(Mention.usersIn(before.comment(commentId).text()));
    }
    users.remove(request.user().id());
    List<Mention> mentions = new ArrayList<>();
    for (String user : users) {
      mentions.add(new Mention(id, after.id(), commentId, user, request.user(), text, now));
    }
    return mentions;
  }

  private void answer(CommentRequest request, @Nullable CommentThread thread) {
    Session session = request.session();
    if (session != null) {
      session.answered(id);
      session.listener().commented(id, request.seq(), request.threadId());
    }
    request.result().complete(Optional.ofNullable(thread));
  }

  private void fail(CommentRequest request, CollabException e) {
    Session session = request.session();
    if (session != null) {
      session.answered(id);
      session.listener().error(id, request.seq(), e.code(), e.getMessage());
    }
    request.result().completeExceptionally(e);
  }

}
