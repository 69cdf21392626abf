package dev.collab.server.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.Access;
import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.comments.Anchor;
import dev.collab.comments.Comment;
import dev.collab.comments.CommentChange;
import dev.collab.comments.CommentThread;
import dev.collab.comments.Mention;
import dev.collab.ot.Delta;
import dev.collab.ot.DeltaJson;
import dev.collab.ot.JsonLimits;
import dev.collab.ot.RichText;
import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ClientMessage.CommentAction;
import dev.collab.server.defaults.GrantAccessPolicy;
import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.LocalClusterBus;
import dev.collab.server.defaults.RoleAccessPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Comment threads ({@link dev.collab.Collab#comments()}) on two engines sharing an in-memory store
 * over an in-JVM bus, with the shipped {@link GrantAccessPolicy}: alice owns the document, bob may
 * write, carol may comment, rita may read, dave has nothing.
 */
class CommentsTest {
  private static final String DOC = "notes";
  private static final User ALICE = User.of("alice");
  private static final User BOB = User.of("bob");
  private static final User CAROL = User.of("carol");
  private static final User RITA = User.of("rita");
  private static final User DAVE = User.of("dave");

  private final InMemoryDocumentStore store = new InMemoryDocumentStore();
  private final LocalClusterBus bus = new LocalClusterBus();
  private final GrantAccessPolicy policy = new GrantAccessPolicy(store.grants(), new RoleAccessPolicy(false));
  private final List<CollabEngine> engines = new ArrayList<>();
  private final CollabEngine node0 = engine("node0");
  private final CollabEngine node1 = engine("node1");

  private CollabEngine engine(String node) {
    CollabEngine engine = CollabEngine.builder().store(store).bus(bus).policy(policy).nodeId(node).build();
    engines.add(engine);
    return engine;
  }

  @BeforeEach
  void document() throws Exception {
    node0.create(DOC, RichText.NAME, "Notes", Map.of(), ALICE);
    get(node0.sharing().grant(DOC, "bob", Access.WRITE, ALICE));
    get(node0.sharing().grant(DOC, "carol", Access.COMMENT, ALICE));
    get(node0.sharing().grant(DOC, "rita", Access.READ, ALICE));
    edit(node0, "[{\"insert\":\"Hello world, and more.\\n\"}]");
  }

  @AfterEach
  void close() {
    engines.forEach(CollabEngine::close);
  }

  private static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static CollabException failure(CompletionStage<?> stage) {
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> get(stage));
    assertThat(e.getCause()).isInstanceOf(CollabException.class);
    return (CollabException) e.getCause();
  }

  private long edit(CollabEngine node, String op) throws Exception {
    return get(node.edit(DOC, BOB, op)).version();
  }

  private String text(CollabEngine node) throws Exception {
    return DeltaJson.decodeDocument(get(node.read(DOC)).data(), JsonLimits.STORAGE).text();
  }

  private String anchored(CollabEngine node, CommentThread thread) throws Exception {
    Anchor a = thread.anchor();
    return text(node).substring(a.index(), a.index() + a.length());
  }

  private CommentThread listed(CollabEngine node, String threadId) throws Exception {
    return get(node.comments().list(DOC, RITA)).stream().filter(t -> t.id().equals(threadId)).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("a thread follows its text under edits before, at the edges of and inside it, on both nodes; deleting its text detaches it and keeps it")
  void anchorFollowsText() throws Exception {
    CommentThread thread = get(node0.comments().create(DOC, 1, 6, 5, "Which world?", CAROL));
    assertThat(anchored(node0, thread)).isEqualTo("world");
    assertThat(thread.first().userId()).isEqualTo("carol");

    edit(node1, "[{\"insert\":\"Oh. \"}]"); // before it
    edit(node0, "[{\"retain\":10},{\"insert\":\"big \"}]"); // at its start: stays outside
    edit(node1, "[{\"retain\":19},{\"insert\":\"!\"}]"); // at its end: stays outside
    assertThat(text(node0)).startsWith("Oh. Hello big world!");
    for (CollabEngine node : engines) {
      CommentThread moved = listed(node, thread.id());
      assertThat(anchored(node, moved)).as(node.nodeId()).isEqualTo("world");
      assertThat(moved.anchor().version()).isEqualTo(get(node.read(DOC)).version());
    }

    edit(node0, "[{\"retain\":16},{\"insert\":\"-wide \"}]"); // inside it: joins it
    assertThat(anchored(node1, listed(node1, thread.id()))).isEqualTo("wo-wide rld");

    edit(node1, "[{\"retain\":12},{\"delete\":14}]"); // all of its text, and more
    for (CollabEngine node : engines) {
      CommentThread detached = listed(node, thread.id());
      assertThat(detached.anchor().detached()).as(node.nodeId()).isTrue();
      assertThat(detached.anchor().length()).isZero();
      assertThat(detached.anchor().index()).isEqualTo(12);
      assertThat(detached.comments()).extracting(Comment::text).containsExactly("Which world?");
    }
    // Typing where it was does not bring it back.
    edit(node0, "[{\"retain\":12},{\"insert\":\"world\"}]");
    assertThat(listed(node0, thread.id()).anchor().detached()).isTrue();
  }

  @Test
  @DisplayName("replies, edits of one's own comment, resolve and reopen; who commented when is kept")
  void threadLife() throws Exception {
    CommentThread thread = get(node0.comments().create(DOC, 1, 0, 5, "Greeting?", CAROL));
    thread = get(node1.comments().reply(DOC, thread.id(), "Yes.", BOB));
    String reply = thread.comments().get(1).id();
    thread = get(node0.comments().edit(DOC, thread.id(), reply, "Yes, a greeting.", BOB));
    assertThat(thread.comment(reply).text()).isEqualTo("Yes, a greeting.");
    assertThat(thread.comment(reply).edited()).isNotNull();
    assertThat(failure(node0.comments().edit(DOC, thread.id(), reply, "mine now", CAROL)).code()).isEqualTo(ErrorCode.FORBIDDEN);

    thread = get(node1.comments().resolve(DOC, thread.id(), true, CAROL));
    assertThat(thread.resolved()).isTrue();
    assertThat(thread.resolvedBy()).isEqualTo("carol");
    assertThat(listed(node0, thread.id()).resolved()).isTrue();
    thread = get(node0.comments().resolve(DOC, thread.id(), false, BOB));
    assertThat(thread.resolved()).isFalse();
    assertThat(thread.revision()).isEqualTo(5);

    // carol may not delete bob's reply; alice (the owner, an admin) may
    assertThat(failure(node0.comments().delete(DOC, thread.id(), reply, CAROL)).code()).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(get(node0.comments().delete(DOC, thread.id(), reply, ALICE)).orElseThrow().comments()).hasSize(1);
    // deleting the first comment deletes the thread
    assertThat(get(node1.comments().delete(DOC, thread.id(), thread.first().id(), CAROL))).isEmpty();
    assertThat(get(node0.comments().list(DOC, RITA))).isEmpty();
    assertThat(store.comments().threads(DOC)).isEmpty();
  }

  @Test
  @DisplayName("readers see threads but may not comment; a user without access is told the document does not exist")
  void access() throws Exception {
    get(node0.comments().create(DOC, 1, 0, 5, "Seen by readers", CAROL));
    assertThat(get(node0.comments().list(DOC, RITA))).hasSize(1);
    assertThat(failure(node0.comments().create(DOC, 1, 0, 5, "not allowed", RITA)).code()).isEqualTo(ErrorCode.FORBIDDEN);
    CollabException none = failure(node1.comments().list(DOC, DAVE));
    assertThat(none.code()).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
    assertThat(none.getMessage()).isEqualTo(failure(node1.comments().list("no-such-doc", DAVE)).getMessage().replace("no-such-doc", DOC));
    assertThat(failure(node0.comments().create(DOC, 1, 0, 5, "hi", DAVE)).code()).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
  }

  @Test
  @DisplayName("every limit: text length, blank text, a range outside the document, a version ahead, comments per thread, threads per document")
  void limits() throws Exception {
    assertThat(failure(node0.comments().create(DOC, 1, 0, 5, "x".repeat(Comment.MAX_TEXT_LENGTH + 1), CAROL)).code())
        .isEqualTo(ErrorCode.TOO_LARGE);
    assertThat(get(node0.comments().create(DOC, 1, 0, 5, "x".repeat(Comment.MAX_TEXT_LENGTH), CAROL)).first().text())
        .hasSize(Comment.MAX_TEXT_LENGTH);
    assertThat(failure(node0.comments().create(DOC, 1, 0, 5, "  \n ", CAROL)).code()).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(failure(node0.comments().create(DOC, 1, 20, 10, "past the end", CAROL)).code()).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(failure(node0.comments().create(DOC, 1, 0, 0, "empty", CAROL)).code()).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(failure(node0.comments().create(DOC, 9, 0, 5, "future", CAROL)).code()).isEqualTo(ErrorCode.VERSION_AHEAD);

    CommentThread thread = get(node0.comments().create(DOC, 1, 0, 5, "long thread", CAROL));
    for (int i = 1; i < CommentThread.MAX_COMMENTS; i++) {
      thread = get(node0.comments().reply(DOC, thread.id(), "reply " + i, BOB));
    }
    assertThat(thread.comments()).hasSize(CommentThread.MAX_COMMENTS);
    assertThat(failure(node1.comments().reply(DOC, thread.id(), "one too many", BOB)).code()).isEqualTo(ErrorCode.TOO_LARGE);

    for (int i = get(node0.comments().list(DOC, RITA)).size(); i < CommentThread.MAX_PER_DOCUMENT; i++) {
      get(node0.comments().create(DOC, 1, i % 20, 1, "thread " + i, CAROL));
    }
    assertThat(failure(node1.comments().create(DOC, 1, 0, 1, "one too many", CAROL)).code()).isEqualTo(ErrorCode.TOO_LARGE);
    assertThat(store.comments().count(DOC)).isEqualTo(CommentThread.MAX_PER_DOCUMENT);
  }

  @Test
  @DisplayName("over the wire: the thread reaches every joined client on both nodes before the answer, a late joiner gets them all, a repeat is answered without a copy")
  void wire() throws Exception {
    RecordingListener bob = new RecordingListener();
    node1.openSession(BOB, "bob-tab", bob).join(DOC, null);
    bob.next("joined");
    RecordingListener carol = new RecordingListener();
    Session carolSession = node0.openSession(CAROL, "carol-tab", carol);
    carolSession.join(DOC, null);
    carol.next("joined");

    ClientMessage.Comment create = new ClientMessage.Comment(DOC, 1, CommentAction.CREATE, "t-1", "c-1", 1L, 6, 5, "@bob look");
    carolSession.comment(create);
    RecordingListener.Event own = carol.next("thread");
    assertThat(carol.next(e -> !e.kind().equals("presence"), "answer").kind()).isEqualTo("commented");
    CommentThread seen = (CommentThread) bob.next("thread").b();
    assertThat(seen).isEqualTo(own.b());
    assertThat(seen.anchor()).isEqualTo(new Anchor(6, 5, 1, false));

    carolSession.comment(create); // sent again after a reconnect, say
    RecordingListener.Event repeat = carol.next("commented");
    assertThat(repeat.a()).isEqualTo(1L);
    assertThat(store.comments().threads(DOC)).hasSize(1);

    carolSession.submit(DOC, 1, 2, "[{\"insert\":\"x\"}]");
    assertThat(carol.next("error").b()).isEqualTo(ErrorCode.FORBIDDEN);
    carolSession.comment(new ClientMessage.Comment(DOC, 3, CommentAction.EDIT, "t-1", "c-1", null, null, null, "x".repeat(5000)));
    RecordingListener.Event tooLong = carol.next("error");
    assertThat(tooLong.a()).isEqualTo(3L);
    assertThat(tooLong.b()).isEqualTo(ErrorCode.TOO_LARGE);

    edit(node0, "[{\"insert\":\"Hi. \"}]");
    RecordingListener late = new RecordingListener();
    node1.openSession(RITA, "rita-tab", late).join(DOC, null);
    late.next("joined");
    RecordingListener.Event all = late.next("threads");
    assertThat(all.a()).isEqualTo(2L);
    @SuppressWarnings("unchecked")
    List<CommentThread> threads = (List<CommentThread>) all.b();
    assertThat(threads).singleElement().satisfies(t -> assertThat(t.anchor()).isEqualTo(new Anchor(10, 5, 2, false)));
  }

  @Test
  @DisplayName("listeners hear every change and every user mentioned, not the author, and an edit only the users it adds")
  void eventsAndMentions() throws Exception {
    List<CommentChange> changes = new CopyOnWriteArrayList<>();
    List<Mention> mentions = new CopyOnWriteArrayList<>();
    node0.comments().onChange(changes::add);
    node0.comments().onMention(mentions::add);
    CommentThread thread = get(node0.comments().create(DOC, 1, 0, 5, "@bob and @rita, see; mail@example.com is not one; @carol", CAROL));
    thread = get(node0.comments().reply(DOC, thread.id(), "ok", BOB));
    String reply = thread.comments().get(1).id();
    get(node0.comments().edit(DOC, thread.id(), reply, "ok @rita @dave", BOB));
    get(node0.comments().resolve(DOC, thread.id(), true, CAROL));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (changes.size() < 4 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(changes).extracting(CommentChange::kind).containsExactly(CommentChange.Kind.CREATED,
        CommentChange.Kind.REPLIED, CommentChange.Kind.EDITED, CommentChange.Kind.RESOLVED);
    assertThat(changes.get(3).thread().resolved()).isTrue();
    assertThat(mentions).extracting(Mention::userId).containsExactly("bob", "rita", "rita", "dave");
    assertThat(mentions.get(0).by().id()).isEqualTo("carol");
    assertThat(mentions.get(3).commentId()).isEqualTo(reply);
  }

  @Test
  @DisplayName("acknowledged means stored: a new engine on the same store lists the threads, anchors moved to its head")
  void durable() throws Exception {
    CommentThread thread = get(node0.comments().create(DOC, 1, 6, 5, "kept", CAROL));
    edit(node1, "[{\"insert\":\"Start. \"}]");
    engines.forEach(CollabEngine::close);
    engines.clear();
    CollabEngine restarted = engine("node2");
    CommentThread again = get(restarted.comments().list(DOC, ALICE)).get(0);
    assertThat(again.id()).isEqualTo(thread.id());
    assertThat(anchored(restarted, again)).isEqualTo("world");
  }
}
