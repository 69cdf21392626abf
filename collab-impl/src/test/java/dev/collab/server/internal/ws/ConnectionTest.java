package dev.collab.server.internal.ws;

import dev.collab.server.internal.config.WireConfig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.CommittedOp;
import dev.collab.User;
import dev.collab.ot.JsonLimits;
import dev.collab.ot.RichText;
import dev.collab.protocol.ProtocolCodec;
import dev.collab.protocol.ServerMessage;
import dev.collab.server.internal.engine.CollabEngine;
import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.RoleAccessPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The protocol handling of one connection, over a fake transport. */
class ConnectionTest {
  final InMemoryDocumentStore store = new InMemoryDocumentStore();
  final CollabEngine engine = CollabEngine.builder().store(store).policy(new RoleAccessPolicy(true)).build();
  final User ann = User.of("ann");

  @AfterEach
  void close() {
    engine.close();
  }

  /**
   * Records frames; sends complete at once unless {@link #stall} is set, as a container does that
   * queues them without bound. Pings are answered as a client that reads answers them, unless
   * {@link #deaf} is set (a client that stopped reading).
   */
  static final class FakeTransport implements Connection.Transport {
    final LinkedBlockingQueue<ServerMessage> received = new LinkedBlockingQueue<>();
    final List<Integer> closes = new ArrayList<>();
    volatile boolean stall;
    volatile boolean deaf;
    volatile @Nullable Connection connection;
    final List<byte[]> unanswered = new java.util.concurrent.CopyOnWriteArrayList<>();
    int frames;
    long chars;

    @Override
    public boolean ping(byte[] payload) {
      Connection target = connection;
      if (deaf || target == null) {
        unanswered.add(payload);
      } else {
        target.onPong(java.nio.ByteBuffer.wrap(payload));
      }
      return true;
    }

    @Override
    public synchronized void send(String frame, Consumer<@Nullable Throwable> done) {
      frames++;
      chars += frame.length();
      received.addAll(ProtocolCodec.decodeServerFrame(frame, JsonLimits.STORAGE));
      if (!stall) {
        done.accept(null);
      }
    }

    @Override
    public synchronized void close(int code, String reason) {
      closes.add(code);
    }

    ServerMessage next() throws InterruptedException {
      ServerMessage m = received.poll(10, TimeUnit.SECONDS);
      assertThat(m).as("a message within 10 s").isNotNull();
      return m;
    }
  }

  Connection connect(FakeTransport transport, WireConfig config) {
    Connection connection = new Connection(engine, config, ann, transport, new OpFrames(),
        new RateWindows(config.maxMessagesPerSecondPerUser()));
    transport.connection = connection;
    return connection;
  }

  @Test
  @DisplayName("hello, join, submit: welcome, snapshot, ack; bad input is answered and the connection stays usable")
  void conversation() throws Exception {
    engine.create("d", RichText.NAME, "Doc", Map.of(), ann);
    FakeTransport transport = new FakeTransport();
    Connection connection = connect(transport, WireConfig.DEFAULTS);
    connection.onMessage("{\"t\":\"join\",\"doc\":\"d\"}");
    ServerMessage.Error early = (ServerMessage.Error) transport.next();
    assertThat(early.message()).contains("hello");
    assertThat(early.doc()).isEqualTo("d");
    connection.onMessage("{\"t\":\"hello\",\"protocol\":2,\"client\":\"tab\"}");
    assertThat(((ServerMessage.Error) transport.next()).code().wire()).isEqualTo("unsupported-protocol");
    connection.onMessage("{\"t\":\"hello\",\"protocol\":1,\"client\":\"tab\"}");
    ServerMessage.Welcome welcome = (ServerMessage.Welcome) transport.next();
    assertThat(welcome.user().id()).isEqualTo("ann");
    assertThat(welcome.limits().maxMessagesPerSecond()).isEqualTo(100);
    connection.onMessage("{\"t\":\"hello\",\"protocol\":1,\"client\":\"tab\"}");
    assertThat(((ServerMessage.Error) transport.next()).message()).contains("second hello");
    connection.onMessage("not json");
    assertThat(((ServerMessage.Error) transport.next()).code().wire()).isEqualTo("bad-message");
    connection.onMessage("[{\"t\":\"join\",\"doc\":\"d\"},{\"t\":\"ping\"}]");
    List<ServerMessage> replies = List.of(transport.next(), transport.next());
    assertThat(replies).anySatisfy(m -> assertThat(m).isInstanceOf(ServerMessage.Snapshot.class));
    assertThat(replies).anySatisfy(m -> assertThat(m).isInstanceOf(ServerMessage.Pong.class));
    connection.onMessage("{\"t\":\"submit\",\"doc\":\"d\",\"base\":0,\"seq\":1,\"op\":[{\"insert\":\"hi\"}]}");
    assertThat(transport.next()).isEqualTo(new ServerMessage.Ack("d", 1, 1));
    connection.onMessage("{\"t\":\"submit\",\"doc\":\"d\",\"base\":5,\"seq\":2,\"op\":[{\"insert\":\"x\"}]}");
    ServerMessage.Error ahead = (ServerMessage.Error) transport.next();
    assertThat(ahead.code().wire()).isEqualTo("version-ahead");
    assertThat(ahead.seq()).isEqualTo(2L);
    assertThat(transport.closes).isEmpty();
    assertThat(store.head("d")).isEqualTo(1);
  }

  @Test
  @DisplayName("idle timeout: a client that sent nothing for longer than collab.idle-timeout is closed with 1000, once; a frame or a pong starts the wait again")
  void silentClientIsClosed() throws Exception {
    FakeTransport transport = new FakeTransport();
    Connection connection = connect(transport, WireConfig.DEFAULTS);
    Duration timeout = Duration.ofMinutes(2);
    long start = System.nanoTime();
    assertThat(connection.closeIfSilent(start + timeout.toNanos() - 1_000_000_000L, timeout)).as("just before").isFalse();
    connection.onMessage("{\"t\":\"hello\",\"protocol\":1,\"client\":\"tab\"}");
    long heard = System.nanoTime();
    assertThat(connection.closeIfSilent(start + timeout.toNanos() + 1, timeout)).as("a frame came since").isFalse();
    connection.onPong(java.nio.ByteBuffer.allocate(0));
    long ponged = System.nanoTime();
    assertThat(connection.closeIfSilent(heard + timeout.toNanos() + 1, timeout)).as("a pong came since").isFalse();
    assertThat(transport.closes).isEmpty();
    assertThat(connection.closeIfSilent(ponged + timeout.toNanos() + 1, timeout)).isTrue();
    assertThat(connection.closeIfSilent(ponged + timeout.toNanos() * 2, timeout)).as("closed already").isFalse();
    assertThat(transport.closes).containsExactly(1000);
  }

  @Test
  @DisplayName("past the message rate a message is refused with rate-limited; flooding for 5 s closes with 1008")
  void rateLimit() throws Exception {
    FakeTransport transport = new FakeTransport();
    Connection connection = connect(transport, WireConfig.DEFAULTS.withMaxMessagesPerSecond(5, 1_000));
    for (int i = 0; i < 6; i++) {
      connection.onMessage("{\"t\":\"ping\"}");
    }
    for (int i = 0; i < 5; i++) {
      assertThat(transport.next()).isInstanceOf(ServerMessage.Pong.class);
    }
    assertThat(((ServerMessage.Error) transport.next()).code().wire()).isEqualTo("rate-limited");
    assertThat(transport.closes).isEmpty();
  }

  @Test
  @DisplayName("what is sent inside a batch (batches may nest) goes out as one array frame when the outermost one ends")
  void batchIsOneFrame() throws Exception {
    FakeTransport transport = new FakeTransport();
    Connection connection = connect(transport, WireConfig.DEFAULTS);
    connection.onMessage("{\"t\":\"hello\",\"protocol\":1,\"client\":\"tab\"}");
    transport.next();
    int before = transport.frames;
    CommittedOp op = new CommittedOp("d", 7, "[{\"insert\":\"x\"}]", "other", 3, "bob", "Bob", Instant.EPOCH);
    connection.beginBatch();
    connection.op("d", op);
    connection.beginBatch(); // another document's commit, overlapping
    connection.ack("e", 1, 2);
    connection.endBatch();
    connection.ack("d", 4, 8);
    assertThat(transport.frames).as("nothing sent while a batch is open").isEqualTo(before);
    connection.endBatch();
    assertThat(transport.frames).isEqualTo(before + 1);
    assertThat(transport.next()).isInstanceOf(ServerMessage.Op.class);
    assertThat(transport.next()).isEqualTo(new ServerMessage.Ack("e", 1, 2));
    assertThat(transport.next()).isEqualTo(new ServerMessage.Ack("d", 4, 8));
    connection.onMessage("{\"t\":\"ping\"}");
    assertThat(transport.next()).isInstanceOf(ServerMessage.Pong.class);
    assertThat(transport.frames).as("outside a batch, a message goes at once").isEqualTo(before + 2);
  }

  @Test
  @DisplayName("a client that does not read is closed with 1013 once its queue passes the bound")
  void slowClient() throws Exception {
    engine.create("d", RichText.NAME, "Doc", Map.of(), ann);
    FakeTransport transport = new FakeTransport();
    Connection slow = connect(transport, WireConfig.DEFAULTS.withMaxQueued(20, 1 << 20));
    slow.onMessage("{\"t\":\"hello\",\"protocol\":1,\"client\":\"slow\"}");
    transport.next();
    slow.onMessage("{\"t\":\"join\",\"doc\":\"d\"}");
    transport.next();
    transport.stall = true;
    for (int i = 0; i < 30; i++) {
      engine.edit("d", User.of("bob"), "[{\"insert\":\"x\"}]").toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    assertThat(transport.closes).containsExactly(Connection.TRY_LATER);
    assertThat(slow.isClosed()).isTrue();
    assertThat(store.head("d")).isEqualTo(30);
  }

  /** Edits {@code d} as bob with {@code size}-character inserts until {@code transport} closes, at most {@code max} times. */
  private int editUntilClosed(FakeTransport transport, int size, int max) throws Exception {
    int edits = 0;
    while (edits < max && transport.closes.isEmpty()) {
      engine.edit("d", User.of("bob"), "[{\"insert\":\"" + "y".repeat(size) + "\"}]").toCompletableFuture().get(10, TimeUnit.SECONDS);
      edits++;
    }
    return edits;
  }

  private Connection joined(FakeTransport transport, WireConfig config) throws Exception {
    Connection connection = connect(transport, config);
    connection.onMessage("{\"t\":\"hello\",\"protocol\":1,\"client\":\"reader\"}");
    transport.next();
    connection.onMessage("{\"t\":\"join\",\"doc\":\"d\"}");
    assertThat(transport.next()).isInstanceOf(ServerMessage.Snapshot.class);
    return connection;
  }

  @Test
  @DisplayName("on a container that takes every send at once, a client that stops reading is closed with 1013 after about the bound")
  void nonReadingClientOnAnEagerContainer() throws Exception {
    engine.create("d", RichText.NAME, "Doc", Map.of(), ann);
    FakeTransport transport = new FakeTransport();
    int bound = 64 * 1024;
    Connection connection = joined(transport, WireConfig.DEFAULTS.withMaxQueued(10_000, bound));
    transport.deaf = true;
    long before = transport.chars;
    editUntilClosed(transport, 1_000, 1_000);
    assertThat(transport.closes).as("closed for not keeping up").containsExactly(Connection.TRY_LATER);
    assertThat(connection.isClosed()).isTrue();
    assertThat(transport.chars - before).as("what the container was given for the deaf client")
        .isLessThanOrEqualTo(bound + 2_000L);
    assertThat(transport.unanswered).as("it was asked to confirm").isNotEmpty();
  }

  @Test
  @DisplayName("a client that reads (answers the pings) is never cut, however much it receives")
  void readingClientIsNotCut() throws Exception {
    engine.create("d", RichText.NAME, "Doc", Map.of(), ann);
    FakeTransport transport = new FakeTransport();
    int bound = 16 * 1024;
    joined(transport, WireConfig.DEFAULTS.withMaxQueued(10_000, bound));
    int edits = editUntilClosed(transport, 1_000, 200);
    assertThat(transport.closes).isEmpty();
    assertThat(edits).isEqualTo(200);
    assertThat(transport.chars).as("twelve times the bound went through").isGreaterThan(12L * bound);
  }

  @Test
  @DisplayName("a pong that does not echo the ping in flight confirms nothing")
  void madeUpPongsConfirmNothing() throws Exception {
    engine.create("d", RichText.NAME, "Doc", Map.of(), ann);
    FakeTransport transport = new FakeTransport();
    int bound = 32 * 1024;
    Connection connection = joined(transport, WireConfig.DEFAULTS.withMaxQueued(10_000, bound));
    transport.deaf = true;
    for (int i = 0; i < 200 && transport.closes.isEmpty(); i++) {
      engine.edit("d", User.of("bob"), "[{\"insert\":\"" + "z".repeat(1_000) + "\"}]").toCompletableFuture().get(10, TimeUnit.SECONDS);
      java.nio.ByteBuffer forged = java.nio.ByteBuffer.allocate(16).putLong(Long.MAX_VALUE).putLong(i);
      connection.onPong(forged.flip());
      connection.onPong(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}));
    }
    assertThat(transport.closes).containsExactly(Connection.TRY_LATER);
  }

  @Test
  @DisplayName("a join reply larger than the bound is delivered to a client that reads; the bound then holds again")
  void largeJoinReplyIsDeliverable() throws Exception {
    engine.create("d", RichText.NAME, "Doc", Map.of(), ann);
    int bound = 16 * 1024;
    // U+0001 is written as a six-character escape: 20,000 of them make a 120,000-character snapshot
    engine.edit("d", User.of("bob"), "[{\"insert\":\"" + "\\u0001".repeat(20_000) + "\"}]").toCompletableFuture().get(10, TimeUnit.SECONDS);
    FakeTransport transport = new FakeTransport();
    Connection connection = connect(transport, WireConfig.DEFAULTS.withMaxQueued(10_000, bound));
    connection.onMessage("{\"t\":\"hello\",\"protocol\":1,\"client\":\"reader\"}");
    transport.next();
    connection.onMessage("{\"t\":\"join\",\"doc\":\"d\"}");
    ServerMessage.Snapshot snapshot = (ServerMessage.Snapshot) transport.next();
    assertThat(snapshot.data().toString().length()).isGreaterThan(4 * bound);
    assertThat(transport.closes).isEmpty();
    int edits = editUntilClosed(transport, 1_000, 50);
    assertThat(edits).isEqualTo(50);
    assertThat(transport.closes).isEmpty();
    transport.deaf = true;
    editUntilClosed(transport, 1_000, 200);
    assertThat(transport.closes).as("a client that then stops reading is cut again").containsExactly(Connection.TRY_LATER);
  }
}
