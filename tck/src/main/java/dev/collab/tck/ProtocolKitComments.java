package dev.collab.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.collab.ErrorCode;
import dev.collab.comments.Anchor;
import dev.collab.comments.Comment;
import dev.collab.comments.CommentThread;
import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ClientMessage.CommentAction;
import dev.collab.protocol.ServerMessage;
import dev.collab.tck.ProtocolConformanceKit.Participant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Part of {@link ProtocolConformanceKit}: comment threads, an extension of the protocol
 * ({@code comment}, answered {@code thread} to every joined client and {@code commented} to the
 * sender; {@code threads} after a join reply). Every test is tagged {@code comments} and skipped,
 * with the reason, for a server whose {@link #supportsComments()} is false.
 *
 * <p>The kit's tests are spread over this chain of package-private superclasses, in the order of
 * {@code docs/PROTOCOL.md}; an implementer extends {@link ProtocolConformanceKit} alone, and JUnit
 * runs the inherited tests as its own. Threads are opened by the {@link Participant#WRITER}, who
 * may write and so may comment; whether the {@link Participant#READER} may comment is the server's
 * policy (read-only access may or may not include {@code comment}), read from its join reply.
 */
abstract class ProtocolKitComments extends ProtocolKitBadInput {

  /** The text the comment tests start from (version 1): "world" is at 6, 5 units long. */
  static final String TEXT = "Hello world, and more.\\n";

  /** Skips the test, with the reason on the report, for a server without comment threads. */
  void requireComments() {
    assumeTrue(supportsComments(), "the server under test does not implement comment threads (supportsComments() is false)");
  }

  /** A document holding {@link #TEXT} at version 1, joined by {@code ann}. */
  String textDocument(Session ann) throws Exception {
    String doc = document();
    ann.join(doc);
    ann.commit(doc, 0, 1, "[{\"insert\":\"" + TEXT + "\"}]");
    return doc;
  }

  static void create(Session who, String doc, long seq, String thread, String comment, long base, int index, int length,
      String text) {
    who.socket().send(new ClientMessage.Comment(doc, seq, CommentAction.CREATE, thread, comment, (Long) base, index, length, text));
  }

  static void act(Session who, String doc, long seq, CommentAction action, String thread, @Nullable String comment,
      @Nullable String text) {
    who.socket().send(new ClientMessage.Comment(doc, seq, action, thread, comment, null, null, null, text));
  }

  /** The next message that is not presence (another client's cursor may come at any time). */
  static ServerMessage nextAnswer(Session who) throws InterruptedException {
    ServerMessage message = who.socket().next();
    while (message instanceof ServerMessage.Presence || message instanceof ServerMessage.PresenceGone) {
      message = who.socket().next();
    }
    return message;
  }

  /** The sender's answers to a change: {@code thread}, then {@code commented} with its seq. */
  static <M extends ServerMessage> M changed(Session who, String doc, long seq, String thread, Class<M> type)
      throws InterruptedException {
    ServerMessage first = nextAnswer(who);
    assertThat(first).as("the first answer to comment seq %d", seq).isInstanceOf(type);
    ServerMessage then = nextAnswer(who);
    assertThat(then).as("the answer after the thread message, to comment seq %d", seq)
        .isEqualTo(new ServerMessage.Commented(doc, seq, thread));
    return type.cast(first);
  }

  /** {@link #changed} for a thread that is still there: the thread as the message shows it. */
  static CommentThread changed(Session who, String doc, long seq, String thread) throws InterruptedException {
    ServerMessage.ThreadChanged message = changed(who, doc, seq, thread, ServerMessage.ThreadChanged.class);
    assertThat(message.doc()).isEqualTo(doc);
    assertThat(message.thread().id()).isEqualTo(thread);
    return message.thread();
  }

  /** An {@code error} with this code, echoing doc and seq, and the connection still usable. */
  static void refused(Session who, String doc, long seq, ErrorCode code, String why) throws InterruptedException {
    ServerMessage.Error error = who.error();
    assertThat(error.code()).as(why).isEqualTo(code);
    assertThat(error.doc()).as(why + ": doc echoed").isEqualTo(doc);
    assertThat(error.seq()).as(why + ": seq echoed").isEqualTo(seq);
    assertThat(error.message()).as(why + ": a message").isNotBlank();
    who.usable(why);
  }

  /**
   * A new joiner's view: the {@code threads} message that must follow its join reply, at the
   * reply's version. (Not checked against a {@code ping}: a server may answer a ping at once,
   * before the threads its join is still reading.)
   */
  List<CommentThread> threadsOfNewJoiner(String doc) throws Exception {
    Session late = session(Participant.READER);
    ServerMessage.Snapshot snapshot = late.join(doc);
    ServerMessage after = nextAnswer(late);
    assertThat(after).as("the message after the join reply").isInstanceOf(ServerMessage.Threads.class);
    ServerMessage.Threads threads = (ServerMessage.Threads) after;
    assertThat(threads.doc()).isEqualTo(doc);
    assertThat(threads.version()).as("the threads' version: the join reply's").isEqualTo(snapshot.version());
    assertThat(threads.threads()).as("threads is sent only for a document that has some").isNotEmpty();
    return threads.threads();
  }

  /** A new joiner gets no {@code threads} message (within half a second of its join reply). */
  void noThreadsForNewJoiner(String doc, String why) throws Exception {
    Session late = session(Participant.READER);
    late.join(doc);
    assertThat(late.socket().quiet(500)).as(why).noneMatch(m -> m instanceof ServerMessage.Threads);
  }

  static CommentThread only(List<CommentThread> threads, String id) {
    assertThat(threads).extracting(CommentThread::id).as("the threads' ids").containsOnlyOnce(id);
    return threads.stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
  }

  // ------------------------------------------------------------------ opening a thread

  @Test
  @Tag("comments")
  @DisplayName("comments (extension): create is answered thread (anchor as sent, not detached, the comment with its user and text) then commented with its seq; another joined client gets the same thread; a later joiner gets threads after its join reply")
  void commentCreate() throws Exception {
    requireComments();
    Session ann = session(Participant.WRITER);
    String doc = textDocument(ann);
    Session carol = session(Participant.READER);
    carol.join(doc);
    String id = fresh("thread");
    create(ann, doc, 2, id, "c-1", 1, 6, 5, "Which world? Grüße 😀");
    CommentThread thread = changed(ann, doc, 2, id);
    assertThat(thread.anchor()).isEqualTo(new Anchor(6, 5, 1, false));
    assertThat(thread.comments()).hasSize(1);
    Comment first = thread.first();
    assertThat(first.id()).isEqualTo("c-1");
    assertThat(first.userId()).isEqualTo(ann.welcome().user().id());
    assertThat(first.text()).isEqualTo("Which world? Grüße 😀");
    assertThat(first.edited()).isNull();
    assertThat(thread.resolved()).isFalse();
    ServerMessage.ThreadChanged seen = carol.socket().next(ServerMessage.ThreadChanged.class);
    assertThat(seen).as("the thread as the other joined client sees it").isEqualTo(new ServerMessage.ThreadChanged(doc, 1, thread));
    assertThat(carol.socket().quiet(300)).as("the other client is not answered commented")
        .noneMatch(m -> m instanceof ServerMessage.Commented);
    CommentThread listed = only(threadsOfNewJoiner(doc), id);
    assertThat(listed.anchor()).isEqualTo(new Anchor(6, 5, 1, false));
    assertThat(listed.comments()).isEqualTo(thread.comments());
  }

  @Test
  @Tag("comments")
  @DisplayName("comments (extension): the anchor follows the text (inserts before it and at its start stay outside); a range taken at an older base is moved to the head; deleting all of its text detaches it (length 0) and keeps the thread")
  void commentAnchorFollowsText() throws Exception {
    requireComments();
    Session ann = session(Participant.WRITER);
    String doc = textDocument(ann);
    String world = fresh("thread");
    create(ann, doc, 2, world, "c-1", 1, 6, 5, "Which world?");
    changed(ann, doc, 2, world);
    ann.commit(doc, 1, 3, "[{\"insert\":\"Oh. \"}]"); // before it
    ann.commit(doc, 2, 4, "[{\"retain\":10},{\"insert\":\"big \"}]"); // at its start: stays outside
    assertThat(head(doc).get("data").toString()).isEqualTo("[{\"insert\":\"Oh. Hello big world, and more.\\n\"}]");
    assertThat(only(threadsOfNewJoiner(doc), world).anchor()).as("'world' after the inserts")
        .isEqualTo(new Anchor(14, 5, 3, false));

    String hello = fresh("thread");
    create(ann, doc, 5, hello, "c-1", 1, 0, 5, "Hello at version 1");
    assertThat(changed(ann, doc, 5, hello).anchor()).as("'Hello', taken at version 1, at the head")
        .isEqualTo(new Anchor(4, 5, 3, false));

    ann.commit(doc, 3, 6, "[{\"retain\":12},{\"delete\":14}]"); // all of 'world', and more
    List<CommentThread> threads = threadsOfNewJoiner(doc);
    assertThat(threads).extracting(CommentThread::id).as("both threads kept, in the order opened").containsExactly(world, hello);
    CommentThread detached = only(threads, world);
    assertThat(detached.anchor()).isEqualTo(new Anchor(12, 0, 4, true));
    assertThat(detached.comments()).extracting(Comment::text).containsExactly("Which world?");
    assertThat(only(threads, hello).anchor()).isEqualTo(new Anchor(4, 5, 4, false));
  }

  // ------------------------------------------------------------------ a thread's life

  @Test
  @Tag("comments")
  @DisplayName("comments (extension): reply, edit of one's own comment (edited set), resolve and reopen (resolvedBy), delete of a reply, a repeated create answered commented without a copy, delete of the first comment deletes the thread")
  void commentThreadLife() throws Exception {
    requireComments();
    Session ann = session(Participant.WRITER);
    String doc = textDocument(ann);
    Session carol = session(Participant.READER);
    carol.join(doc);
    String id = fresh("thread");
    String annId = ann.welcome().user().id();
    create(ann, doc, 2, id, "c-1", 1, 0, 5, "Greeting?");
    changed(ann, doc, 2, id);
    create(ann, doc, 3, id, "c-1", 1, 0, 5, "Greeting?"); // sent again, after a reconnect say
    assertThat(ann.socket().next(ServerMessage.Commented.class)).isEqualTo(new ServerMessage.Commented(doc, 3, id));
    assertThat(threadsOfNewJoiner(doc)).as("one thread after the repeated create").hasSize(1);

    act(ann, doc, 4, CommentAction.REPLY, id, "r-1", "Yes.");
    CommentThread thread = changed(ann, doc, 4, id);
    assertThat(thread.comments()).extracting(Comment::id).containsExactly("c-1", "r-1");
    assertThat(thread.comment("r-1").text()).isEqualTo("Yes.");
    assertThat(thread.comment("r-1").userId()).isEqualTo(annId);
    act(ann, doc, 5, CommentAction.REPLY, id, "r-1", "Yes."); // a repeated reply
    assertThat(ann.socket().next(ServerMessage.Commented.class)).isEqualTo(new ServerMessage.Commented(doc, 5, id));

    act(ann, doc, 6, CommentAction.EDIT, id, "r-1", "Yes, a greeting.");
    thread = changed(ann, doc, 6, id);
    assertThat(thread.comments()).hasSize(2);
    assertThat(thread.comment("r-1").text()).isEqualTo("Yes, a greeting.");
    assertThat(thread.comment("r-1").edited()).as("edited, once changed").isNotNull();
    assertThat(thread.comment("c-1").edited()).as("the first comment, never edited").isNull();

    act(ann, doc, 7, CommentAction.RESOLVE, id, null, null);
    thread = changed(ann, doc, 7, id);
    assertThat(thread.resolved()).isTrue();
    assertThat(thread.resolvedBy()).isEqualTo(annId);
    assertThat(thread.resolvedAt()).isNotNull();
    act(ann, doc, 8, CommentAction.REOPEN, id, null, null);
    thread = changed(ann, doc, 8, id);
    assertThat(thread.resolved()).isFalse();
    assertThat(thread.resolvedBy()).isNull();

    act(ann, doc, 9, CommentAction.DELETE, id, "r-1", null);
    thread = changed(ann, doc, 9, id);
    assertThat(thread.comments()).extracting(Comment::id).containsExactly("c-1");
    assertThat(only(threadsOfNewJoiner(doc), id).comments()).extracting(Comment::text).containsExactly("Greeting?");

    act(ann, doc, 10, CommentAction.DELETE, id, "c-1", null);
    ServerMessage.ThreadDeleted deleted = changed(ann, doc, 10, id, ServerMessage.ThreadDeleted.class);
    assertThat(deleted.doc()).isEqualTo(doc);
    assertThat(deleted.thread()).isEqualTo(id);
    // The other joined client saw every change, in order, and the deletion last.
    for (int change = 0; change < 6; change++) {
      assertThat(carol.socket().next(ServerMessage.ThreadChanged.class).thread().id()).isEqualTo(id);
    }
    assertThat(carol.socket().next(ServerMessage.ThreadDeleted.class).thread()).isEqualTo(id);
    noThreadsForNewJoiner(doc, "no threads sent for a document without threads");
  }

  // ------------------------------------------------------------------ refusals

  @Test
  @Tag("comments")
  @DisplayName("comments (extension): refusals echo doc and seq: text over 4,000 too-large (4,000 accepted), blank text, a range past the end, an unknown action, a bad thread id bad-message; a base ahead version-ahead; a document not joined not-joined")
  void commentRefusals() throws Exception {
    requireComments();
    Session ann = session(Participant.WRITER);
    String doc = textDocument(ann);
    create(ann, doc, 2, fresh("thread"), "c-1", 1, 0, 5, "x".repeat(Comment.MAX_TEXT_LENGTH + 1));
    refused(ann, doc, 2, ErrorCode.TOO_LARGE, "a text of 4,001 units");
    create(ann, doc, 3, fresh("thread"), "c-1", 1, 0, 5, " \n\t ");
    refused(ann, doc, 3, ErrorCode.BAD_MESSAGE, "a blank text");
    create(ann, doc, 4, fresh("thread"), "c-1", 1, 20, 10, "past the end");
    refused(ann, doc, 4, ErrorCode.BAD_MESSAGE, "a range past the end of the document at base");
    create(ann, doc, 5, fresh("thread"), "c-1", 2, 0, 5, "from the future");
    refused(ann, doc, 5, ErrorCode.VERSION_AHEAD, "a base past the head");
    String comment = "{\"t\":\"comment\",\"doc\":\"" + doc + "\",";
    ann.socket().sendRaw(comment + "\"seq\":6,\"action\":\"dance\",\"thread\":\"t-1\",\"comment\":\"c-1\",\"text\":\"x\"}");
    refused(ann, doc, 6, ErrorCode.BAD_MESSAGE, "an unknown action");
    ann.socket().sendRaw(comment + "\"seq\":7,\"action\":\"create\",\"thread\":\"bad id!\",\"comment\":\"c-1\","
        + "\"base\":1,\"range\":{\"index\":0,\"length\":5},\"text\":\"x\"}");
    refused(ann, doc, 7, ErrorCode.BAD_MESSAGE, "a malformed thread id");
    String other = document();
    create(ann, other, 8, fresh("thread"), "c-1", 0, 0, 1, "not joined");
    refused(ann, other, 8, ErrorCode.NOT_JOINED, "a comment on a document not joined");
    noThreadsForNewJoiner(doc, "nothing stored by the refused comments");

    String longest = fresh("thread");
    create(ann, doc, 9, longest, "c-1", 1, 0, 5, "x".repeat(Comment.MAX_TEXT_LENGTH));
    assertThat(changed(ann, doc, 9, longest).first().text()).hasSize(Comment.MAX_TEXT_LENGTH);
  }

  @Test
  @Tag("comments")
  @DisplayName("comments (extension): a reader without comment access is forbidden to open a thread (skipped when the server lets the READER comment) but hears of threads")
  void commentReaderForbidden() throws Exception {
    requireComments();
    Session ann = session(Participant.WRITER);
    String doc = textDocument(ann);
    Session carol = session(Participant.READER);
    String access = carol.join(doc).access();
    String id = fresh("thread");
    create(ann, doc, 2, id, "c-1", 1, 0, 5, "for readers too");
    changed(ann, doc, 2, id);
    assertThat(carol.socket().next(ServerMessage.ThreadChanged.class).thread().id()).as("a reader hears of threads").isEqualTo(id);
    assumeTrue(access.equals("read"), "the READER's access on this server is " + access
        + ", which allows commenting: a forbidden comment cannot be provoked");
    create(carol, doc, 1, fresh("thread"), "c-1", 1, 0, 5, "not allowed");
    refused(carol, doc, 1, ErrorCode.FORBIDDEN, "a reader's create");
    act(carol, doc, 2, CommentAction.REPLY, id, "r-1", "not allowed either");
    refused(carol, doc, 2, ErrorCode.FORBIDDEN, "a reader's reply");
    assertThat(only(threadsOfNewJoiner(doc), id).comments()).as("nothing the reader sent").hasSize(1);
  }

  @Test
  @Tag("comments")
  @DisplayName("comments (extension): only its author edits a comment (another user, even an admin, is forbidden); an admin may delete another's reply")
  void commentOnlyAuthorEdits() throws Exception {
    requireComments();
    Participant other = credentials(Participant.ADMIN) != null ? Participant.ADMIN : Participant.READER;
    Session ann = session(Participant.WRITER);
    String doc = textDocument(ann);
    String id = fresh("thread");
    create(ann, doc, 2, id, "c-1", 1, 0, 5, "mine");
    changed(ann, doc, 2, id);
    act(ann, doc, 3, CommentAction.REPLY, id, "r-1", "also mine");
    changed(ann, doc, 3, id);
    Session dave = session(other);
    String access = dave.join(doc).access();
    act(dave, doc, 1, CommentAction.EDIT, id, "c-1", "mine now");
    refused(dave, doc, 1, ErrorCode.FORBIDDEN, "an edit of another user's comment by the " + other + " (access " + access + ")");
    assertThat(only(threadsOfNewJoiner(doc), id).first().text()).isEqualTo("mine");
    if (access.equals("admin")) {
      act(dave, doc, 2, CommentAction.DELETE, id, "r-1", null);
      assertThat(changed(dave, doc, 2, id).comments()).as("after an admin deleted the reply")
          .extracting(Comment::id).containsExactly("c-1");
    }
  }
}
