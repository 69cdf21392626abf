package dev.collab.client;

import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.comments.Anchor;
import dev.collab.comments.Comment;
import dev.collab.comments.CommentThread;
import dev.collab.ot.OtType;
import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ClientMessage.CommentAction;
import dev.collab.protocol.ServerMessage;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The comment threads of one {@link SharedDocument} ({@link SharedDocument#comments()}), and the
 * commands that change them (docs/COMMENTS.md).
 *
 * <p><b>Anchors.</b> The server sends each thread with its anchor at this client's confirmed
 * version; the client moves it with every op committed after that (its own once acknowledged, and
 * everyone else's), by {@link Anchor#moved}, exactly as the server does. {@link #threads()} shows
 * them in <em>display space</em>: that anchor moved over this client's pending edits, so that it
 * fits {@link SharedDocument#document()}; such an anchor's {@code version} is {@link
 * SharedDocument#version()}. An editor re-reads {@link #threads()} after each change of the document
 * to place its highlights; {@link DocumentListener#onThreads} says when the threads themselves
 * changed.
 *
 * <p><b>Commands.</b> {@link #createThread}, {@link #reply}, {@link #editComment}, {@link
 * #deleteComment}, {@link #resolve} and {@link #reopen} send a {@code comment} message and return a
 * stage completed once the server answers {@code commented} (the change is durable, and the {@code
 * thread} message showing it has arrived), or failed with a {@link CollabException} carrying the
 * code of the {@code error} that answers it. Threads are not shown before the server has them.
 * Commands go out in the order they were made, each with a {@code seq} from the client's counter
 * (submit's) when it goes. A new thread waits until no local edit is pending: its range, taken in
 * {@link SharedDocument#document()} and moved with every change of it meanwhile, is then a range of
 * the confirmed version, sent as {@code base} (later commands wait behind it). Commands sent but not
 * answered when the connection is lost are sent again as they were, same {@code seq} and ids, after
 * the rejoin (the server answers a thread or reply it already has {@code commented} without a second
 * copy), then the others. This mirrors the browser client ({@code client/comments.js}).
 *
 * <p>The server sends a document's threads right after the snapshot that completes {@link
 * CollabClient#open}: just after the open, {@link #threads()} may still be empty; {@link
 * DocumentListener#onThreads} tells when they arrive.
 *
 * <p>Threads: every method may be called from any thread; the stages complete on the client's event
 * thread. The state is confined to that thread; {@link #threads()} reads an immutable view.
 *
 * @param <O> the op type of the document's {@link OtType}
 */
public final class ClientComments<O> {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A command not yet answered: sent ({@code message} set) or waiting its turn. */
  private static final class Command {
    final CommentAction action;
    final String thread;
    final @Nullable String comment;
    final @Nullable String text;
    final CompletableFuture<String> result = new CompletableFuture<>();
    /** For create, until sent: the range in display space, moved with every change of the document. */
    @Nullable Anchor range;
    /** The message as sent (and as sent again after a rejoin); null until it went. */
    ClientMessage.@Nullable Comment message;

    Command(CommentAction action, String thread, @Nullable String comment, @Nullable String text) {
      this.action = action;
      this.thread = thread;
      this.comment = comment;
      this.text = text;
    }
  }

  private final Connector client;
  private final OtType<O> type;
  private final String id;
  private final BooleanSupplier live;
  private final ClientThreads<O> threads;
  /** The commands not yet answered, in the order they were made. */
  private final List<Command> queue = new ArrayList<>();
  private @Nullable ClientDocument<O> doc;
  /** A join was answered: the next message is the {@code threads}, or the document has none. */
  private boolean replacing;
  private boolean closed;

  ClientComments(Connector client, OtType<O> type, String id, SharedDocument<O> owner, BooleanSupplier live) {
    this.client = client;
    this.type = type;
    this.id = id;
    this.live = live;
    this.threads = new ClientThreads<>(client, type, id, owner);
  }

  /**
   * The document's threads in the order they were opened, anchors in display space (they fit
   * {@link SharedDocument#document()}). Any thread.
   *
   * @return an immutable list, empty before the document is open
   */
  public List<CommentThread> threads() {
    return threads.view();
  }

  /**
   * Opens a thread on {@code length} units from {@code index} of {@link SharedDocument#document()}
   * as it is now, with its first comment.
   *
   * @param index the range's first unit
   * @param length the range's length, 1 or more
   * @param text the first comment ({@link Comment#checkText})
   * @return a stage completed with the new thread's id once the server has it; failed with {@code
   *     bad-message} if all the text of the range is deleted before it could be sent
   * @throws IllegalArgumentException when the range is not within the document or the text is refused
   * @throws IllegalStateException when the document is closed or not open yet, or the client is closed
   */
  public CompletionStage<String> createThread(int index, int length, String text) {
    Comment.checkText(text);
    return client.loop().onLoop(() -> {
      ClientDocument<O> d = requireOpen();
      int size = type.length(d.document());
      if (index < 0 || length < 1 || index > size - length) {
        throw new IllegalArgumentException("range " + index + "+" + length + " is not within the document (" + size + " units)");
      }
      Command c = new Command(CommentAction.CREATE, newId(), newId(), text);
      c.range = new Anchor(index, length, 0, false);
      return start(c);
    });
  }

  /**
   * Adds a reply to a thread.
   *
   * @param threadId the thread
   * @param text the reply ({@link Comment#checkText})
   * @return a stage completed with the reply's id once the server has it
   * @throws IllegalArgumentException for a malformed id or a refused text
   * @throws IllegalStateException when the document is closed or not open yet, or the client is closed
   */
  public CompletionStage<String> reply(String threadId, String text) {
    Comment.checkText(text);
    return command(CommentAction.REPLY, threadId, newId(), text);
  }

  /**
   * Changes the text of one of this user's comments.
   *
   * @param threadId the thread
   * @param commentId the comment
   * @param text the new text ({@link Comment#checkText})
   * @return a stage completed (with the comment's id) once the server has the change
   * @throws IllegalArgumentException for a malformed id or a refused text
   * @throws IllegalStateException when the document is closed or not open yet, or the client is closed
   */
  public CompletionStage<String> editComment(String threadId, String commentId, String text) {
    Comment.checkText(text);
    return command(CommentAction.EDIT, threadId, checkId(commentId), text);
  }

  /**
   * Deletes a comment (this user's, or any as an admin); deleting a thread's first comment deletes
   * the thread.
   *
   * @param threadId the thread
   * @param commentId the comment
   * @return a stage completed (with the comment's id) once the server has the change
   * @throws IllegalArgumentException for a malformed id
   * @throws IllegalStateException when the document is closed or not open yet, or the client is closed
   */
  public CompletionStage<String> deleteComment(String threadId, String commentId) {
    return command(CommentAction.DELETE, threadId, checkId(commentId), null);
  }

  /**
   * Marks a thread resolved.
   *
   * @param threadId the thread
   * @return a stage completed (with the thread's id) once the server has the change
   * @throws IllegalArgumentException for a malformed id
   * @throws IllegalStateException when the document is closed or not open yet, or the client is closed
   */
  public CompletionStage<String> resolve(String threadId) {
    return command(CommentAction.RESOLVE, threadId, null, null);
  }

  /**
   * Opens a resolved thread again.
   *
   * @param threadId the thread
   * @return a stage completed (with the thread's id) once the server has the change
   * @throws IllegalArgumentException for a malformed id
   * @throws IllegalStateException when the document is closed or not open yet, or the client is closed
   */
  public CompletionStage<String> reopen(String threadId) {
    return command(CommentAction.REOPEN, threadId, null, null);
  }

  private CompletionStage<String> command(CommentAction action, String threadId, @Nullable String commentId,
      @Nullable String text) {
    checkId(threadId);
    return client.loop().onLoop(() -> {
      requireOpen();
      return start(new Command(action, threadId, commentId, text));
    });
  }

  private CompletionStage<String> start(Command c) {
    queue.add(c);
    pump();
    return c.result.copy();
  }

  // ---------------------------------------------------------------- for DocumentSync (event thread)

  /**
   * A join was answered ({@code snapshot} when the document was replaced): commits go through
   * {@link ClientThreads#committed} from now on, the next message shows the server's threads, the
   * commands sent before are sent again as they were, then the others.
   */
  void joined(ClientDocument<O> joined, boolean snapshot) {
    if (snapshot) {
      joined.onCommitted(threads::committed);
      threads.clear();
    }
    doc = joined;
    replacing = true;
    for (Command c : queue) {
      if (c.message != null) {
        client.send(c.message);
      }
    }
    pump();
    threads.refresh(joined);
  }

  /** Handles the comment messages; first, ends a replacement that no {@code threads} answered. */
  boolean onMessage(ServerMessage message) {
    ClientDocument<O> d = doc;
    if (d == null) {
      return false;
    }
    if (replacing && !(message instanceof ServerMessage.Snapshot || message instanceof ServerMessage.Ops)) {
      replacing = false;
      if (message instanceof ServerMessage.Threads) {
        threads.replace(((ServerMessage.Threads) message).threads(), d);
        return true;
      }
      threads.replace(List.of(), d);
    }
    if (message instanceof ServerMessage.ThreadChanged) {
      threads.put(((ServerMessage.ThreadChanged) message).thread(), d);
    } else if (message instanceof ServerMessage.ThreadDeleted) {
      threads.remove(((ServerMessage.ThreadDeleted) message).thread(), d);
    } else if (message instanceof ServerMessage.Threads) {
      threads.replace(((ServerMessage.Threads) message).threads(), d);
    } else if (message instanceof ServerMessage.Commented) {
      Command c = answered(((ServerMessage.Commented) message).seq());
      if (c != null) {
        c.result.complete(c.action == CommentAction.CREATE || c.comment == null ? c.thread : c.comment);
      }
    } else {
      return false;
    }
    return true;
  }

  /** An {@code error} with a seq: true when it answers one of the commands (which fails). */
  boolean onError(ServerMessage.Error e) {
    Command c = e.seq() == null ? null : answered(e.seq());
    if (c == null) {
      return false;
    }
    fail(c, e.code(), e.message());
    return true;
  }

  /** What the user sees changed by {@code op} (a local edit, a remote op, an undo). */
  void displayed(O op) {
    for (Command c : queue) {
      if (c.range != null && c.message == null) {
        c.range = c.range.moved(type, op);
      }
    }
    ClientDocument<O> d = doc;
    if (d != null) {
      threads.refresh(d);
    }
  }

  /** Pending edits were acknowledged or undone: a new thread waiting for them may go now. */
  void settled() {
    ClientDocument<O> d = doc;
    if (d != null) {
      pump();
      threads.refresh(d);
    }
  }

  /** The document closed: every command fails. */
  void close(Throwable why) {
    closed = true;
    List<Command> all = List.copyOf(queue);
    queue.clear();
    all.forEach(c -> c.result.completeExceptionally(why));
  }

  // ---------------------------------------------------------------- internals

  /** Sends the commands not sent yet, in order; stops at a new thread while local edits are pending. */
  private void pump() {
    ClientDocument<O> d = doc;
    if (d == null || !live.getAsBoolean()) {
      return;
    }
    for (Command c : List.copyOf(queue)) {
      if (c.message != null) {
        continue;
      }
      Long base = null;
      Integer index = null;
      Integer length = null;
      Anchor range = c.range;
      if (range != null) {
        if (d.hasPending()) {
          return;
        }
        if (range.detached()) {
          queue.remove(c);
          fail(c, ErrorCode.BAD_MESSAGE, "the text to comment on was deleted before the thread was opened");
          continue;
        }
        base = d.version();
        index = range.index();
        length = range.length();
      }
      c.message = new ClientMessage.Comment(id, client.nextSeq(), c.action, c.thread, c.comment, base, index, length, c.text);
      client.send(c.message);
    }
  }

  /** Removes and returns the command sent with {@code seq}, or null. */
  private @Nullable Command answered(long seq) {
    for (Command c : queue) {
      if (c.message != null && c.message.seq() == seq) {
        queue.remove(c);
        return c;
      }
    }
    return null;
  }

  private void fail(Command c, ErrorCode code, String message) {
    c.result.completeExceptionally(new CollabException(code, "document " + id + ": " + message));
  }

  private ClientDocument<O> requireOpen() {
    ClientDocument<O> d = doc;
    if (closed || d == null) {
      throw new IllegalStateException("document " + id + " is " + (closed ? "closed" : "not open yet"));
    }
    return d;
  }

  private static String checkId(String id) {
    if (!Comment.isId(id)) {
      throw new IllegalArgumentException("bad id: letters, digits, - and _, 1 to 64");
    }
    return id;
  }

  private static String newId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
