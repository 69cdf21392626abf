package dev.collab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.ot.Delta;
import dev.collab.protocol.ClientMessage;
import dev.collab.testing.RandomDeltas;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link CollabClient} against {@link FakeServer}: the client rules, reconnects and presence, without a network. */
class CollabClientTest {
  private static final URI URI_ = URI.create("ws://fake/collab/ws");
  private static final long SEED = Long.getLong("collab.seed", new Random().nextLong());

  private final FakeServer server = new FakeServer();
  private final List<CollabClient> clients = new ArrayList<>();

  @AfterEach
  void closeClients() {
    clients.forEach(CollabClient::close);
  }

  CollabClient.Builder builder(String id) {
    return CollabClient.builder(URI_).transport(server).clientId(id)
        .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200)).jitterSeed(SEED)
        .timeout(Duration.ofSeconds(10));
  }

  CollabClient connect(CollabClient.Builder builder) throws Exception {
    CollabClient client = builder.connect();
    clients.add(client);
    return client;
  }

  CollabClient connect(String id) throws Exception {
    return connect(builder(id));
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("waiting for " + what).isNegative();
      Thread.sleep(5);
    }
  }

  static Delta insert(int at, String text) {
    return Delta.builder().retain(at).insert(text).build();
  }

  /** Records what a document's listener hears. */
  /** A client's document whose edit was dropped, its recorder, and another client's copy. */
  record Dropped(SharedDocument<Delta> doc, Recorder recorder, SharedDocument<Delta> other) {}

  static final class Recorder implements DocumentListener<Delta> {
    final List<DocumentChange<Delta>> changes = new CopyOnWriteArrayList<>();
    final List<long[]> acks = new CopyOnWriteArrayList<>();
    final List<DocumentError> errors = new CopyOnWriteArrayList<>();
    final List<RemotePresence> presences = new CopyOnWriteArrayList<>();
    final List<Delta> resets = new CopyOnWriteArrayList<>();

    @Override
    public void onChange(DocumentChange<Delta> change) {
      changes.add(change);
    }

    @Override
    public void onAck(long seq, long version) {
      acks.add(new long[] {seq, version});
    }

    @Override
    public void onError(DocumentError error) {
      errors.add(error);
    }

    @Override
    public void onPresence(RemotePresence presence) {
      presences.add(presence);
    }

    @Override
    public void onReset(Delta document, long version) {
      resets.add(document);
    }
  }

  /** Records connection events. */
  static final class Connections implements CollabClient.Listener {
    final List<User> connected = new CopyOnWriteArrayList<>();
    final List<Integer> codes = new CopyOnWriteArrayList<>();
    final List<Duration> delays = new CopyOnWriteArrayList<>();
    final List<Throwable> closed = new CopyOnWriteArrayList<>();
    volatile boolean closedCalled;

    @Override
    public void onConnected(User user) {
      connected.add(user);
    }

    @Override
    public void onDisconnected(int code, String reason, Duration retryIn) {
      codes.add(code);
      delays.add(retryIn);
    }

    @Override
    public void onClosed(Throwable cause) {
      if (cause != null) {
        closed.add(cause);
      }
      closedCalled = true;
    }
  }

  @Nested
  @DisplayName("editing")
  class Editing {
    @Test
    @DisplayName("hello with the client id, a snapshot on open, and an edit acknowledged as the next version")
    void openEditAck() throws Exception {
      server.create("d", "hello\n");
      CollabClient client = connect("c1");
      assertThat(client.user().id()).isEqualTo("ann");
      SharedDocument<Delta> doc = client.open("d");
      Recorder recorder = new Recorder();
      doc.addListener(recorder);
      assertThat(doc.document().text()).isEqualTo("hello\n");
      assertThat(doc.version()).isZero();
      doc.edit(insert(5, " world"));
      assertThat(doc.document().text()).isEqualTo("hello world\n");
      assertThat(doc.whenSynced().get(5, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(server.head("d").text()).isEqualTo("hello world\n");
      assertThat(recorder.acks).singleElement().satisfies(a -> assertThat(a).containsExactly(1, 1));
      assertThat(server.received(ClientMessage.Hello.class)).singleElement()
          .satisfies(h -> assertThat(h.client()).isEqualTo("c1"));
    }

    @Test
    @DisplayName("one seq counter across documents, from 1; one submit in flight, later edits composed")
    void seqAcrossDocumentsAndOneInFlight() throws Exception {
      server.create("a", "\n");
      server.create("b", "\n");
      CollabClient client = connect("c1");
      SharedDocument<Delta> a = client.open("a");
      SharedDocument<Delta> b = client.open("b");
      // Edits made on the event thread in one go: the first is in flight, the next two compose.
      a.edit(d -> {
        a.edit(insert(0, "x"));
        a.edit(insert(1, "y"));
        return insert(2, "z");
      });
      b.edit(insert(0, "q"));
      a.whenSynced().get(5, TimeUnit.SECONDS);
      b.whenSynced().get(5, TimeUnit.SECONDS);
      List<ClientMessage.Submit> submits = server.received(ClientMessage.Submit.class);
      assertThat(submits).extracting(ClientMessage.Submit::seq).containsExactly(1L, 2L, 3L);
      assertThat(submits).extracting(ClientMessage.Submit::doc).containsExactly("a", "a", "b");
      assertThat(server.head("a").text()).isEqualTo("xyz\n");
      assertThat(a.version()).isEqualTo(2);
    }

    @Test
    @DisplayName("several clients editing at random converge, with the server coalescing frames into arrays")
    void clientsConverge() throws Exception {
      System.out.println("CollabClientTest seed: " + SEED + " (rerun with -Dcollab.seed=" + SEED + ")");
      server.create("d", "hello world\n");
      server.arrayFrames = true;
      List<SharedDocument<Delta>> docs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        docs.add(connect("c" + i).open("d"));
      }
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < docs.size(); i++) {
        SharedDocument<Delta> doc = docs.get(i);
        Random random = new Random(SEED + i);
        RandomDeltas deltas = new RandomDeltas(random);
        threads.add(new Thread(() -> {
          for (int k = 0; k < 60; k++) {
            doc.edit(deltas::edit);
            if (random.nextInt(4) == 0) {
              Thread.onSpinWait();
            }
          }
        }));
      }
      threads.forEach(Thread::start);
      for (Thread t : threads) {
        t.join(10_000);
      }
      for (SharedDocument<Delta> doc : docs) {
        doc.whenSynced().get(10, TimeUnit.SECONDS);
      }
      long head = server.docs.get("d").log.size();
      await("every client at the head", () -> docs.stream().allMatch(d -> d.version() == head));
      for (SharedDocument<Delta> doc : docs) {
        assertThat(doc.document()).as("seed " + SEED).isEqualTo(server.head("d"));
      }
    }

    @Test
    @DisplayName("a permanent refusal undoes the op and keeps later edits; a transient one resubmits the same seq")
    void refusals() throws Exception {
      server.create("d", "abc\n");
      CollabClient client = connect("c1");
      SharedDocument<Delta> doc = client.open("d");
      Recorder recorder = new Recorder();
      doc.addListener(recorder);
      server.fault(new FakeServer.Refuse(ErrorCode.INVALID_OP));
      doc.edit(d -> {
        doc.edit(insert(0, "X"));
        return insert(4, "Y");
      });
      doc.whenSynced().get(5, TimeUnit.SECONDS);
      assertThat(doc.document().text()).isEqualTo("abcY\n");
      assertThat(server.head("d").text()).isEqualTo("abcY\n");
      assertThat(recorder.changes).singleElement()
          .satisfies(c -> assertThat(c.kind()).isEqualTo(DocumentChange.Kind.UNDO));
      assertThat(recorder.errors).singleElement()
          .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OP));

      server.fault(new FakeServer.Refuse(ErrorCode.RATE_LIMITED));
      server.fault(new FakeServer.Refuse(ErrorCode.DRAINING));
      doc.edit(insert(0, "Z"));
      doc.whenSynced().get(5, TimeUnit.SECONDS);
      assertThat(server.head("d").text()).isEqualTo("ZabcY\n");
      List<ClientMessage.Submit> submits = server.received(ClientMessage.Submit.class);
      assertThat(submits.subList(submits.size() - 3, submits.size()))
          .extracting(ClientMessage.Submit::seq).containsOnly(3L);
      assertThat(recorder.errors).hasSize(1);
    }

    @Test
    @DisplayName("a submit answered not-joined makes the document rejoin and resubmit, not undo")
    void notJoinedRejoins() throws Exception {
      server.create("d", "abc\n");
      CollabClient client = connect("c1");
      SharedDocument<Delta> doc = client.open("d");
      server.fault(new FakeServer.Refuse(ErrorCode.NOT_JOINED));
      doc.edit(insert(0, "X"));
      doc.whenSynced().get(5, TimeUnit.SECONDS);
      assertThat(server.head("d").text()).isEqualTo("Xabc\n");
      assertThat(server.received(ClientMessage.Join.class)).extracting(ClientMessage.Join::from)
          .containsExactly(null, 0L);
      assertThat(server.received(ClientMessage.Submit.class)).extracting(ClientMessage.Submit::seq)
          .containsExactly(1L, 1L);
    }

    @Test
    @DisplayName("a document deleted while open is closed with unknown-document: no rejoin, no more edits")
    void deletedWhileOpen() throws Exception {
      server.create("d", "abc\n");
      CollabClient client = connect("c1");
      SharedDocument<Delta> doc = client.open("d");
      Recorder recorder = new Recorder();
      doc.addListener(recorder);
      server.delete("d");
      await("the document closed", () -> !doc.isOpen());
      assertThat(recorder.errors).extracting(DocumentError::code).containsExactly(ErrorCode.UNKNOWN_DOCUMENT);
      assertThatThrownBy(() -> doc.edit(insert(0, "X"))).isInstanceOf(IllegalStateException.class);
      assertThat(server.received(ClientMessage.Join.class)).as("no rejoin").hasSize(1);
      assertThat(server.received(ClientMessage.Submit.class)).isEmpty();
    }

    @Test
    @DisplayName("opening a missing document fails with the server's code")
    void unknownDocument() throws Exception {
      CollabClient client = connect("c1");
      assertThatThrownBy(() -> client.open("nope"))
          .isInstanceOf(CollabException.class)
          .satisfies(e -> assertThat(((CollabException) e).code()).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT));
    }
  }

  @Nested
  @DisplayName("reconnecting")
  class Reconnecting {
    @Test
    @DisplayName("with failover URIs, each reconnect dials the next node in turn and rejoins there")
    void failover() throws Exception {
      server.create("d", "abc\n");
      Connections connections = new Connections();
      URI b = URI.create("ws://fake-b/collab/ws");
      URI c = URI.create("ws://fake-c/collab/ws");
      CollabClient client = connect(builder("c1").failover(List.of(b, c)).listener(connections));
      SharedDocument<Delta> doc = client.open("d");
      for (int drop = 1; drop <= 3; drop++) {
        int expected = drop + 1;
        client.abortConnection();
        await("reconnected", () -> connections.connected.size() == expected && client.isConnected());
      }
      doc.edit(insert(0, "X"));
      doc.whenSynced().get(5, TimeUnit.SECONDS);
      assertThat(server.dialled).containsExactly(URI_, b, c, URI_);
      assertThat(server.head("d").text()).isEqualTo("Xabc\n");
    }

    @Test
    @DisplayName("after a drop with the in-flight op committed, the catch-up counts as its ack: nothing resubmitted")
    void inflightCommitted() throws Exception {
      server.create("d", "abc\n");
      server.arrayFrames = true;
      Connections connections = new Connections();
      CollabClient client = connect(builder("c1").listener(connections));
      SharedDocument<Delta> doc = client.open("d");
      Recorder recorder = new Recorder();
      doc.addListener(recorder);
      SharedDocument<Delta> other = connect("c2").open("d");
      server.fault(new FakeServer.CommitThenDrop());
      doc.edit(insert(0, "X"));
      await("reconnected", () -> connections.connected.size() == 2);
      other.edit(insert(3, "O"));
      doc.whenSynced().get(5, TimeUnit.SECONDS);
      await("the other op", () -> doc.version() == 2);
      assertThat(doc.document().text()).isEqualTo("XabOc\n");
      assertThat(server.head("d").text()).isEqualTo("XabOc\n");
      List<ClientMessage.Submit> mine = server.received(ClientMessage.Submit.class).stream()
          .filter(s -> s.seq() == 1 && s.doc().equals("d") && s.op().toString().contains("X")).toList();
      assertThat(mine).hasSize(1);
      assertThat(server.received(ClientMessage.Hello.class)).extracting(ClientMessage.Hello::client)
          .containsExactly("c1", "c2", "c1");
      assertThat(server.received(ClientMessage.Join.class)).extracting(ClientMessage.Join::from)
          .containsExactly(null, null, 0L);
      assertThat(recorder.acks).singleElement().satisfies(a -> assertThat(a).containsExactly(1, 1));
    }

    @Test
    @DisplayName("after a drop with the in-flight op not committed, it is resubmitted with its seq, then the buffer")
    void inflightNotCommitted() throws Exception {
      server.create("d", "abc\n");
      Connections connections = new Connections();
      CollabClient client = connect(builder("c1").listener(connections)
          .reconnectBackoff(Duration.ofMillis(300), Duration.ofMillis(300)));
      SharedDocument<Delta> doc = client.open("d");
      SharedDocument<Delta> other = connect("c2").open("d");
      server.fault(new FakeServer.DropWithoutCommit());
      doc.edit(insert(0, "X"));
      await("dropped", () -> connections.codes.size() == 1);
      // While disconnected: a local edit (buffered) and someone else's op.
      doc.edit(insert(4, "Y"));
      other.edit(insert(2, "O"));
      other.whenSynced().get(5, TimeUnit.SECONDS);
      doc.whenSynced().get(5, TimeUnit.SECONDS);
      await("converged", () -> other.version() == 3 && doc.version() == 3);
      assertThat(server.head("d").text()).isEqualTo("XabOcY\n");
      assertThat(doc.document()).isEqualTo(server.head("d"));
      assertThat(other.document()).isEqualTo(server.head("d"));
      List<ClientMessage.Submit> submits = server.received(ClientMessage.Submit.class);
      assertThat(submits).extracting(ClientMessage.Submit::seq).containsExactly(1L, 1L, 1L, 2L);
      // The resubmission of seq 1 is based on the version before the other op; the server transforms.
      assertThat(server.docs.get("d").seqs).containsExactly(1L, 1L, 2L);
      assertThat(server.docs.get("d").clients).containsExactly("c2", "c1", "c1");
    }

    @Test
    @DisplayName("close 1001 reconnects promptly; 1013 backs off; the backoff grows while connecting fails")
    void closeCodes() throws Exception {
      server.create("d", "\n");
      Connections connections = new Connections();
      CollabClient client = connect(builder("c1").listener(connections)
          .reconnectBackoff(Duration.ofMillis(40), Duration.ofMillis(1000)));
      SharedDocument<Delta> doc = client.open("d");
      server.dropAll(1001);
      await("reconnected after 1001", () -> connections.connected.size() == 2);
      assertThat(connections.delays.get(0)).isLessThanOrEqualTo(Duration.ofMillis(40));
      server.dropAll(1013);
      await("reconnected after 1013", () -> connections.connected.size() == 3);
      assertThat(connections.delays.get(1)).isGreaterThanOrEqualTo(Duration.ofMillis(80));
      server.refuseConnections = 3;
      server.dropAll(1006);
      await("reconnected after refusals", () -> connections.connected.size() == 4);
      List<Duration> delays = connections.delays.subList(2, 6);
      for (int i = 0; i < delays.size(); i++) {
        Backoff backoff = new Backoff(Duration.ofMillis(40), Duration.ofMillis(1000));
        // Attempt numbers continue from the 1013 step (the connection was not up for 10 s).
        assertThat(delays.get(i).toMillis()).isLessThanOrEqualTo(backoff.stepMillis(10));
      }
      assertThat(delays.get(3)).isGreaterThanOrEqualTo(delays.get(0).dividedBy(4));
      doc.edit(insert(0, "x"));
      assertThat(doc.whenSynced().get(5, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    @DisplayName("giving up after maxReconnectAttempts, and close 1008, close the client for good")
    void finalFailures() throws Exception {
      Connections first = new Connections();
      CollabClient a = connect(builder("c1").listener(first).maxReconnectAttempts(2));
      server.refuseConnections = 100;
      server.dropAll(1006);
      await("gave up", () -> first.closedCalled);
      assertThat(a.isClosed()).isTrue();
      assertThat(first.closed).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("gave up"));
      assertThat(server.connects).isEqualTo(1 + 2);

      server.refuseConnections = 0;
      Connections second = new Connections();
      CollabClient b = connect(builder("c2").listener(second));
      int connects = server.connects;
      server.dropAll(1008);
      await("closed", () -> second.closedCalled);
      assertThat(b.isClosed()).isTrue();
      Thread.sleep(100);
      assertThat(server.connects).isEqualTo(connects);
    }

    @Test
    @DisplayName("closing the client stops reconnecting")
    void closeStops() throws Exception {
      Connections connections = new Connections();
      CollabClient client = connect(builder("c1").listener(connections)
          .reconnectBackoff(Duration.ofMillis(200), Duration.ofMillis(200)));
      server.dropAll(1006);
      await("dropped", () -> connections.codes.size() == 1);
      client.close();
      Thread.sleep(400);
      assertThat(server.connects).isEqualTo(1);
      assertThatThrownBy(() -> client.open("d")).isInstanceOf(IllegalStateException.class);
    }

    /**
     * c1 and c2 have "d" ("abc") open, c1's with a recorder; c1's next edit ("X") is lost with its
     * connection, uncommitted, and {@code breakRejoin} decides how the rejoin goes wrong. Returns
     * once c1's document was reset.
     */
    private Dropped dropAnEdit(java.util.function.Consumer<FakeServer> breakRejoin) throws Exception {
      server.create("d", "abc\n");
      SharedDocument<Delta> doc = connect(builder("c1").listener(new Connections())).open("d");
      Recorder recorder = new Recorder();
      doc.addListener(recorder);
      SharedDocument<Delta> other = connect("c2").open("d");
      server.fault(new FakeServer.DropWithoutCommit());
      synchronized (server) {
        breakRejoin.accept(server);
      }
      doc.edit(insert(0, "X"));
      await("reset", () -> !recorder.resets.isEmpty());
      assertThat(doc.hasPending()).isFalse();
      assertThat(doc.document().text()).isEqualTo("abc\n");
      return new Dropped(doc, recorder, other);
    }

    /** After the reset the document works: a new edit reaches the server and the other client. */
    private void stillWorks(Dropped dropped) throws Exception {
      dropped.doc().edit(insert(0, "Y"));
      dropped.doc().whenSynced().get(5, TimeUnit.SECONDS);
      await("the other sees it", () -> dropped.other().document().text().equals("Yabc\n"));
      assertThat(server.head("d").text()).isEqualTo("Yabc\n");
    }

    @Test
    @DisplayName("a rejoin answered with a snapshot (history gone) drops pending edits and says so")
    void historyGone() throws Exception {
      Dropped dropped = dropAnEdit(s -> s.docs.get("d").historyStart = 5);
      assertThat(dropped.recorder().errors).singleElement()
          .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.HISTORY_GONE));
      stillWorks(dropped);
    }

    @Test
    @DisplayName("a catch-up that does not fit (a gap) makes the document join afresh: dropped edits are reported, listeners get the fresh contents")
    void badCatchUp() throws Exception {
      Dropped dropped = dropAnEdit(s -> s.gapInNextCatchUp = true);
      assertThat(dropped.recorder().resets).singleElement().satisfies(d -> assertThat(d.text()).isEqualTo("abc\n"));
      assertThat(dropped.recorder().errors).singleElement().satisfies(e -> {
        assertThat(e.code()).isEqualTo(ErrorCode.HISTORY_GONE);
        assertThat(e.message()).contains("catch-up did not fit");
      });
      assertThat(server.received(ClientMessage.Join.class)).extracting(ClientMessage.Join::from)
          .containsExactly(null, null, 0L, null);
      stillWorks(dropped);
    }

    @Test
    @DisplayName("abortConnection drops the connection and the client comes back with its edits")
    void abort() throws Exception {
      server.create("d", "\n");
      Connections connections = new Connections();
      CollabClient client = connect(builder("c1").listener(connections));
      SharedDocument<Delta> doc = client.open("d");
      for (int i = 0; i < 20; i++) {
        doc.edit(insert(0, "x"));
        if (i % 5 == 0) {
          client.abortConnection();
        }
      }
      doc.whenSynced().get(5, TimeUnit.SECONDS);
      assertThat(server.head("d").text()).isEqualTo("x".repeat(20) + "\n");
      assertThat(connections.connected.size()).isGreaterThan(1);
    }
  }

  @Nested
  @DisplayName("presence")
  class PresenceTests {
    @Test
    @DisplayName("sent at most once per interval, the latest winning, relayed to others, and resent after a reconnect")
    void throttled() throws Exception {
      server.create("d", "hello\n");
      server.presenceIntervalMs = 300;
      Connections connections = new Connections();
      CollabClient client = connect(builder("c1").listener(connections));
      SharedDocument<Delta> doc = client.open("d");
      SharedDocument<Delta> other = connect("c2").open("d");
      Recorder seen = new Recorder();
      other.addListener(seen);
      long start = System.nanoTime();
      for (int i = 0; i < 10; i++) {
        doc.presence(new Selection(i % 6, 0), null);
      }
      assertThat(server.received(ClientMessage.Presence.class)).hasSize(1);
      await("the latest", () -> server.received(ClientMessage.Presence.class).size() == 2);
      assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(290));
      Thread.sleep(400);
      List<ClientMessage.Presence> sent = server.received(ClientMessage.Presence.class);
      assertThat(sent).hasSize(2);
      assertThat(((JsonObject) sent.get(1).range()).getInt("index")).isEqualTo(9 % 6);
      await("relayed", () -> seen.presences.size() == 2);
      assertThat(seen.presences.get(1).range()).isEqualTo(new Selection(3, 0));
      assertThat(seen.presences.get(1).client()).isEqualTo("c1");

      server.dropAll(1001);
      await("resent after reconnect", () -> server.received(ClientMessage.Presence.class).size() >= 3);
      assertThat(connections.connected).hasSize(2);
    }
  }
}
