package dev.collab.server.internal.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.CommittedOp;
import dev.collab.User;
import dev.collab.protocol.ServerMessage;
import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.RoleAccessPolicy;
import dev.collab.server.internal.config.WireConfig;
import dev.collab.server.internal.engine.CollabEngine;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code collab.fan-out-linger} on one connection, over a fake transport: other clients' ops and
 * cursors wait for company on a busy connection, everything else goes at once and takes them along.
 * The linger here is the longest allowed (100 ms), so that "not sent yet" is checked well inside it.
 */
class FanOutLingerTest {
  static final Duration LINGER = WireConfig.MAX_FAN_OUT_LINGER;
  final CollabEngine engine = CollabEngine.builder().store(new InMemoryDocumentStore())
      .policy(new RoleAccessPolicy(true)).build();

  @AfterEach
  void close() {
    engine.close();
  }

  ConnectionTest.FakeTransport transport = new ConnectionTest.FakeTransport();

  Connection connect(WireConfig config) throws InterruptedException {
    Connection connection = new Connection(engine, config, User.of("ann"), transport, new OpFrames(),
        new RateWindows(config.maxMessagesPerSecondPerUser()));
    transport.connection = connection;
    connection.onMessage("{\"t\":\"hello\",\"protocol\":1,\"client\":\"tab\"}");
    assertThat(transport.next()).isInstanceOf(ServerMessage.Welcome.class);
    return connection;
  }

  static CommittedOp op(long version) {
    return new CommittedOp("d", version, "[{\"insert\":\"x\"}]", "other", version, "bob", "Bob", Instant.EPOCH);
  }

  /** Waits out the linger since the last frame: the connection is quiet again. */
  static void quiet() throws InterruptedException {
    TimeUnit.MILLISECONDS.sleep(LINGER.toMillis() + 100);
  }

  List<Long> opVersions(int count) throws InterruptedException {
    List<Long> versions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      versions.add(((ServerMessage.Op) transport.next()).version());
    }
    return versions;
  }

  @Test
  @DisplayName("linger off (PT0S): every op is a frame of its own, at once")
  void off() throws Exception {
    Connection connection = connect(WireConfig.DEFAULTS.withFanOutLinger(Duration.ZERO));
    int before = transport.frames;
    for (int v = 1; v <= 5; v++) {
      connection.op("d", op(v));
      assertThat(transport.frames).isEqualTo(before + v);
    }
    assertThat(opVersions(5)).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  @DisplayName("the first op after a quiet moment goes at once; the ones right behind it wait and share one frame, in order")
  void busyConnectionWaits() throws Exception {
    Connection connection = connect(WireConfig.DEFAULTS.withFanOutLinger(LINGER));
    quiet();
    int before = transport.frames;
    connection.op("d", op(1));
    assertThat(transport.frames).as("after a quiet moment, at once").isEqualTo(before + 1);
    connection.op("d", op(2));
    connection.op("d", op(3));
    connection.presence("d", "other", "bob", "Bob", JsonValue.NULL, null);
    assertThat(transport.frames).as("within the linger of the last frame").isEqualTo(before + 1);
    assertThat(opVersions(3)).containsExactly(1L, 2L, 3L);
    assertThat(transport.next()).isInstanceOf(ServerMessage.Presence.class);
    assertThat(transport.frames).as("ops 2 and 3 and the cursor in one frame").isEqualTo(before + 2);
  }

  @Test
  @DisplayName("an ack, an error or a pong goes at once and takes the waiting ops along, before it")
  void urgentTakesThemAlong() throws Exception {
    Connection connection = connect(WireConfig.DEFAULTS.withFanOutLinger(LINGER));
    int before = transport.frames;
    connection.op("d", op(1)); // just after the welcome: it waits
    connection.op("d", op(2));
    assertThat(transport.frames).isEqualTo(before);
    connection.ack("d", 9, 3);
    assertThat(transport.frames).as("the ack did not wait").isEqualTo(before + 1);
    assertThat(opVersions(2)).containsExactly(1L, 2L);
    assertThat(transport.next()).isEqualTo(new ServerMessage.Ack("d", 9, 3));
    connection.op("d", op(4));
    connection.onMessage("{\"t\":\"ping\"}");
    assertThat(transport.frames).isEqualTo(before + 2);
    assertThat(opVersions(1)).containsExactly(4L);
    assertThat(transport.next()).isInstanceOf(ServerMessage.Pong.class);
  }

  @Test
  @DisplayName("the end of a commit's batch sends its ops when the linger allows, its ack at once")
  void batchRelease() throws Exception {
    Connection connection = connect(WireConfig.DEFAULTS.withFanOutLinger(LINGER));
    int before = transport.frames;
    connection.beginBatch();
    connection.op("d", op(1));
    connection.op("d", op(2));
    connection.endBatch();
    assertThat(transport.frames).as("only fan-out, within the linger: it waits").isEqualTo(before);
    assertThat(opVersions(2)).containsExactly(1L, 2L);
    assertThat(transport.frames).isEqualTo(before + 1);
    connection.beginBatch();
    connection.op("d", op(3));
    connection.ack("d", 5, 4);
    connection.endBatch();
    assertThat(transport.frames).as("the batch holds an ack: at once").isEqualTo(before + 2);
    assertThat(opVersions(1)).containsExactly(3L);
    assertThat(transport.next()).isEqualTo(new ServerMessage.Ack("d", 5, 4));
  }

  @Test
  @DisplayName("what waits stays below a quarter of collab.max-queued-messages and of collab.max-queued-bytes: past it, it goes at once")
  void waitingIsBounded() throws Exception {
    Connection connection = connect(WireConfig.DEFAULTS.withFanOutLinger(LINGER).withMaxQueued(12, 1 << 20));
    int before = transport.frames;
    connection.op("d", op(1));
    connection.op("d", op(2));
    assertThat(transport.frames).as("2 of 12 wait").isEqualTo(before);
    connection.op("d", op(3));
    assertThat(transport.frames).as("the third is a quarter of 12: all go").isEqualTo(before + 1);
    assertThat(opVersions(3)).containsExactly(1L, 2L, 3L);

    transport = new ConnectionTest.FakeTransport();
    int bound = 4_000; // a quarter: 1,000 characters
    connection = connect(WireConfig.DEFAULTS.withFanOutLinger(LINGER).withMaxQueued(10_000, bound));
    before = transport.frames;
    String large = "[{\"insert\":\"" + "z".repeat(600) + "\"}]";
    connection.op("d", new CommittedOp("d", 1, large, "other", 1, "bob", "Bob", Instant.EPOCH));
    assertThat(transport.frames).as("600 characters wait").isEqualTo(before);
    connection.op("d", new CommittedOp("d", 2, large, "other", 2, "bob", "Bob", Instant.EPOCH));
    assertThat(transport.frames).as("1,200 characters: over a quarter of the bound, they go").isEqualTo(before + 1);
    assertThat(opVersions(2)).containsExactly(1L, 2L);
    assertThat(transport.closes).isEmpty();
  }

  @Test
  @DisplayName("a linger outside 0 to 100 ms is refused")
  void bounds() {
    assertThat(WireConfig.DEFAULTS.fanOutLinger()).isEqualTo(Duration.ofMillis(5));
    assertThat(WireConfig.DEFAULTS.withFanOutLinger(WireConfig.MAX_FAN_OUT_LINGER).fanOutLinger())
        .isEqualTo(Duration.ofMillis(100));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> WireConfig.DEFAULTS.withFanOutLinger(Duration.ofMillis(101)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fanOutLinger");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> WireConfig.DEFAULTS.withFanOutLinger(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fanOutLinger");
  }
}
