package dev.collab.client;

import static dev.collab.client.CollabClientTest.await;
import static dev.collab.client.CollabClientTest.insert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.comments.Anchor;
import dev.collab.comments.CommentThread;
import dev.collab.ot.Delta;
import dev.collab.protocol.ClientMessage;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link ClientComments} against {@link FakeServer}: commands, anchors in display space, errors and reconnects. */
class ClientCommentsTest {
  private final FakeServer server = new FakeServer();
  private final List<CollabClient> clients = new ArrayList<>();

  @AfterEach
  void closeClients() {
    clients.forEach(CollabClient::close);
  }

  private SharedDocument<Delta> open(String clientId) throws Exception {
    CollabClient client = CollabClient.builder(URI.create("ws://fake/collab/ws")).transport(server).clientId(clientId)
        .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200)).jitterSeed(7).timeout(Duration.ofSeconds(10)).connect();
    clients.add(client);
    return client.open("d");
  }

  private static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static ErrorCode failure(CompletionStage<?> stage) {
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> get(stage));
    assertThat(e.getCause()).isInstanceOf(CollabException.class);
    return ((CollabException) e.getCause()).code();
  }

  private static Anchor anchor(SharedDocument<Delta> doc, String threadId) {
    return doc.comments().threads().stream().filter(t -> t.id().equals(threadId)).findFirst().orElseThrow().anchor();
  }

  private CommentThread serverThread(String threadId) {
    synchronized (server) {
      return server.docs.get("d").threads.get(threadId);
    }
  }

  /** Records the threads each onThreads call gave. */
  static final class Threads implements DocumentListener<Delta> {
    final List<List<CommentThread>> calls = new CopyOnWriteArrayList<>();

    @Override
    public void onThreads(List<CommentThread> threads) {
      calls.add(threads);
    }
  }

  @Test
  @DisplayName("a thread opened on one client shows on both, anchored on its text; replies, edits, resolve, reopen and delete follow")
  void wholeLife() throws Exception {
    server.create("d", "Hello world\n");
    SharedDocument<Delta> ann = open("c1");
    SharedDocument<Delta> other = open("c2");
    Threads heard = new Threads();
    other.addListener(heard);

    String threadId = get(ann.comments().createThread(6, 5, "Which world?"));
    assertThat(ann.comments().threads()).singleElement().satisfies(t -> {
      assertThat(t.id()).isEqualTo(threadId);
      assertThat(t.anchor()).isEqualTo(new Anchor(6, 5, 0, false));
      assertThat(t.first().text()).isEqualTo("Which world?");
    });
    await("the other client hears of the thread", () -> !heard.calls.isEmpty());
    assertThat(other.comments().threads()).hasSize(1);
    assertThat(heard.calls).last().satisfies(list -> assertThat(list).hasSize(1));

    String replyId = get(other.comments().reply(threadId, "This one."));
    assertThat(other.comments().threads().get(0).comments()).hasSize(2);
    await("ann hears the reply", () -> ann.comments().threads().get(0).comments().size() == 2);
    assertThat(get(other.comments().editComment(threadId, replyId, "This one!"))).isEqualTo(replyId);
    assertThat(other.comments().threads().get(0).comment(replyId).text()).isEqualTo("This one!");
    assertThat(other.comments().threads().get(0).comment(replyId).edited()).isNotNull();
    get(ann.comments().resolve(threadId));
    assertThat(ann.comments().threads().get(0).resolved()).isTrue();
    get(ann.comments().reopen(threadId));
    assertThat(ann.comments().threads().get(0).resolved()).isFalse();
    get(other.comments().deleteComment(threadId, replyId));
    await("ann hears the delete", () -> ann.comments().threads().get(0).comments().size() == 1);
    get(ann.comments().deleteComment(threadId, ann.comments().threads().get(0).first().id()));
    assertThat(ann.comments().threads()).isEmpty();
    await("the other client sees the thread go", () -> other.comments().threads().isEmpty());

    List<ClientMessage.Comment> sent = server.received(ClientMessage.Comment.class);
    assertThat(sent).extracting(ClientMessage.Comment::action).containsExactly(ClientMessage.CommentAction.CREATE,
        ClientMessage.CommentAction.REPLY, ClientMessage.CommentAction.EDIT, ClientMessage.CommentAction.RESOLVE,
        ClientMessage.CommentAction.REOPEN, ClientMessage.CommentAction.DELETE, ClientMessage.CommentAction.DELETE);
    assertThat(sent.get(0).base()).isZero();
  }

  @Test
  @DisplayName("anchors move with remote ops and local edits as the server moves them: inside joins, at the edges stays out, all deleted detaches")
  void anchorsMove() throws Exception {
    server.create("d", "Hello world\n");
    SharedDocument<Delta> ann = open("c1");
    SharedDocument<Delta> other = open("c2");
    String threadId = get(ann.comments().createThread(6, 5, "Which world?"));
    await("the other client has the thread", () -> other.comments().threads().size() == 1);

    other.edit(insert(0, "Oh, "));
    get(other.whenSynced());
    await("the remote op moves ann's anchor", () -> anchor(ann, threadId).equals(new Anchor(10, 5, 1, false)));

    // A local edit moves the anchor at once, acknowledged or not.
    ann.edit(insert(15, "!"));
    assertThat(anchor(ann, threadId).index()).isEqualTo(10);
    assertThat(anchor(ann, threadId).length()).isEqualTo(5);
    get(ann.whenSynced());
    ann.edit(insert(12, "-"));
    assertThat(anchor(ann, threadId).length()).isEqualTo(6);
    get(ann.whenSynced());
    assertThat(anchor(ann, threadId)).isEqualTo(new Anchor(10, 6, 3, false));
    await("the other client converges", () -> anchor(other, threadId).equals(new Anchor(10, 6, 3, false)));
    assertThat(serverThread(threadId).anchor()).isEqualTo(new Anchor(10, 6, 3, false));

    other.edit(Delta.builder().retain(9).delete(8).build());
    get(other.whenSynced());
    await("ann sees the text go", () -> anchor(ann, threadId).equals(new Anchor(9, 0, 4, true)));
    assertThat(ann.comments().threads().get(0).comments()).hasSize(1);
  }

  @Test
  @DisplayName("while an edit is not acknowledged the anchor is shown over it; once committed the client agrees with the server")
  void pendingEditsShown() throws Exception {
    server.create("d", "Hello world\n");
    SharedDocument<Delta> ann = open("c1");
    String threadId = get(ann.comments().createThread(6, 5, "Which world?"));
    server.fault(new FakeServer.DropWithoutCommit());
    ann.edit(insert(0, ">> "));
    // Shown over the pending edit, whether or not it is committed yet.
    assertThat(anchor(ann, threadId).index()).isEqualTo(9);
    get(ann.whenSynced());
    assertThat(anchor(ann, threadId)).isEqualTo(new Anchor(9, 5, 1, false));
    assertThat(serverThread(threadId).anchor()).isEqualTo(new Anchor(9, 5, 1, false));
  }

  @Test
  @DisplayName("a thread opened on text not yet acknowledged is sent once it is, on the range that text got")
  void createOnPendingText() throws Exception {
    server.create("d", "Hello world\n");
    SharedDocument<Delta> ann = open("c1");
    server.fault(new FakeServer.DropWithoutCommit());
    ann.edit(insert(5, " brave new"));
    String threadId = get(ann.comments().createThread(6, 5, "Brave?"));
    assertThat(server.head("d").text()).isEqualTo("Hello brave new world\n");
    assertThat(serverThread(threadId).anchor()).isEqualTo(new Anchor(6, 5, 1, false));
    assertThat(anchor(ann, threadId)).isEqualTo(new Anchor(6, 5, 1, false));
    // Sent once, after the text it is on was acknowledged, at that version.
    assertThat(server.received(ClientMessage.Comment.class)).singleElement()
        .satisfies(c -> assertThat(List.of(c.base(), (long) c.index(), (long) c.length())).containsExactly(1L, 6L, 5L));
  }

  @Test
  @DisplayName("a thread on text partly not yet acknowledged waits for the acknowledgement, then goes at that version")
  void createOverPendingEdit() throws Exception {
    server.create("d", "Hello world\n");
    SharedDocument<Delta> ann = open("c1");
    server.fault(new FakeServer.DropWithoutCommit());
    ann.edit(insert(2, "X"));
    String threadId = get(ann.comments().createThread(0, 6, "HeXllo?"));
    assertThat(server.head("d").text()).isEqualTo("HeXllo world\n");
    assertThat(serverThread(threadId).anchor()).isEqualTo(new Anchor(0, 6, 1, false));
    assertThat(anchor(ann, threadId)).isEqualTo(new Anchor(0, 6, 1, false));
    assertThat(server.received(ClientMessage.Comment.class)).singleElement()
        .satisfies(c -> assertThat(List.of(c.base(), (long) c.index(), (long) c.length())).containsExactly(1L, 0L, 6L));
  }

  @Test
  @DisplayName("a thread waiting for its text to be acknowledged fails when that text is deleted meanwhile; later commands still go")
  void waitingThreadLosesItsText() throws Exception {
    server.create("d", "Hello world\n");
    SharedDocument<Delta> ann = open("c1");
    String kept = get(ann.comments().createThread(0, 5, "Hello?"));
    server.fault(new FakeServer.DropWithoutCommit());
    ann.edit(insert(5, " brave"));
    CompletionStage<String> lost = ann.comments().createThread(6, 5, "Brave?");
    CompletionStage<String> reply = ann.comments().reply(kept, "Still here.");
    ann.edit(Delta.builder().retain(5).delete(6).build());
    assertThat(failure(lost)).isEqualTo(ErrorCode.BAD_MESSAGE);
    get(reply);
    assertThat(ann.comments().threads()).singleElement().satisfies(t -> assertThat(t.comments()).hasSize(2));
    assertThat(server.received(ClientMessage.Comment.class)).extracting(ClientMessage.Comment::action)
        .containsExactly(ClientMessage.CommentAction.CREATE, ClientMessage.CommentAction.REPLY);
  }

  @Test
  @DisplayName("a refused command fails its stage with the error's code; bad arguments are refused before anything is sent")
  void errors() throws Exception {
    server.create("d", "Hello world\n");
    SharedDocument<Delta> ann = open("c1");
    synchronized (server) {
      server.commentFaults.add(new FakeServer.Refuse(ErrorCode.FORBIDDEN));
    }
    assertThat(failure(ann.comments().createThread(0, 5, "Not allowed"))).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(failure(ann.comments().reply("nosuchthread", "Hello?"))).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(ann.comments().threads()).isEmpty();
    assertThatThrownBy(() -> ann.comments().createThread(0, 0, "empty")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ann.comments().createThread(10, 5, "past the end")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ann.comments().createThread(0, 5, "x".repeat(4001))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ann.comments().createThread(0, 5, " ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ann.comments().reply("bad id", "x")).isInstanceOf(IllegalArgumentException.class);
    assertThat(server.received(ClientMessage.Comment.class)).hasSize(2);
    ann.close();
    assertThatThrownBy(() -> ann.comments().resolve("t1")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("commands whose answer was lost with the connection are sent again after the rejoin and done once")
  void resentAfterReconnect() throws Exception {
    server.create("d", "Hello world\n");
    SharedDocument<Delta> ann = open("c1");
    synchronized (server) {
      server.commentFaults.add(new FakeServer.CommitThenDrop());
    }
    String threadId = get(ann.comments().createThread(6, 5, "Which world?"));
    synchronized (server) {
      server.commentFaults.add(new FakeServer.DropWithoutCommit());
    }
    String replyId = get(ann.comments().reply(threadId, "Any."));
    synchronized (server) {
      server.commentFaults.add(new FakeServer.CommitThenDrop());
    }
    get(ann.comments().deleteComment(threadId, replyId));
    assertThat(serverThread(threadId).comments()).hasSize(1);
    assertThat(ann.comments().threads()).singleElement().satisfies(t -> assertThat(t.comments()).hasSize(1));
    List<ClientMessage.Comment> sent = server.received(ClientMessage.Comment.class);
    assertThat(sent).extracting(ClientMessage.Comment::action).containsExactly(
        ClientMessage.CommentAction.CREATE, ClientMessage.CommentAction.CREATE,
        ClientMessage.CommentAction.REPLY, ClientMessage.CommentAction.REPLY,
        ClientMessage.CommentAction.DELETE, ClientMessage.CommentAction.DELETE);
    assertThat(sent.get(1).seq()).isEqualTo(sent.get(0).seq());
  }

  @Test
  @DisplayName("a client that opens a document with threads gets them after the snapshot; one it did not see deleted is dropped on rejoin")
  void threadsOnJoin() throws Exception {
    server.create("d", "Hello world\n");
    SharedDocument<Delta> ann = open("c1");
    String first = get(ann.comments().createThread(0, 5, "Hello?"));
    String second = get(ann.comments().createThread(6, 5, "World?"));
    SharedDocument<Delta> late = open("c2");
    // The threads message follows the snapshot, which completed the open.
    await("the threads after the snapshot", () -> late.comments().threads().size() == 2);
    assertThat(late.comments().threads()).extracting(CommentThread::id).containsExactly(first, second);

    Threads heard = new Threads();
    late.addListener(heard);
    synchronized (server) {
      server.docs.get("d").threads.remove(first); // deleted where this client could not hear it
      server.dropAll(1001);
    }
    await("the rejoin drops the thread", () -> late.comments().threads().size() == 1);
    assertThat(late.comments().threads().get(0).id()).isEqualTo(second);
    assertThat(heard.calls).isNotEmpty();
  }
}
