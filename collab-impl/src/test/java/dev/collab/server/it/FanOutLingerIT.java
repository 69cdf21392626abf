package dev.collab.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ServerMessage;
import dev.collab.tck.WireSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code collab.fan-out-linger} over the real wire (Jetty, 100 ms here, the longest allowed; the
 * message rate raised for the writer's 100 submits): a
 * client that edits as fast as its acks come back has every op acknowledged one by one, while the
 * document's other client gets the same ops, all of them and in order, in far fewer frames.
 */
class FanOutLingerIT {
  private static final int OPS = 100;
  private static SettingsApp app;

  @BeforeAll
  static void boot() throws Exception {
    app = SettingsApp.start(Map.of("collab.fan-out-linger", "PT0.1S",
        "collab.max-messages-per-second", "1000")); // 100 submits in well under a second
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) {
      app.close();
    }
  }

  @Test
  @DisplayName("a busy writer's 100 ops reach the other client in order, in at most half as many frames; each ack comes on its own")
  void busyDocumentSharesFrames() throws Exception {
    assertThat(app.create("ann", "busy").statusCode()).isEqualTo(201);
    WireSocket reader = app.connect("ann");
    reader.hello("reader");
    reader.send(new ClientMessage.Join("busy", null));
    reader.expect(ServerMessage.Snapshot.class);
    WireSocket writer = app.connect("ann");
    writer.hello("writer");
    writer.send(new ClientMessage.Join("busy", null));
    writer.expect(ServerMessage.Snapshot.class);

    long framesBefore = reader.framesReceived();
    for (int seq = 1; seq <= OPS; seq++) {
      writer.sendRaw("{\"t\":\"submit\",\"doc\":\"busy\",\"base\":" + (seq - 1) + ",\"seq\":" + seq
          + ",\"op\":[{\"insert\":\"x\"}]}");
      ServerMessage.Ack ack = writer.next(ServerMessage.Ack.class);
      assertThat(ack.seq()).isEqualTo(seq);
      assertThat(ack.version()).isEqualTo(seq);
    }
    List<Long> versions = new ArrayList<>();
    while (versions.size() < OPS) {
      ServerMessage.Op op = reader.next(ServerMessage.Op.class);
      assertThat(op.client()).isEqualTo("writer");
      versions.add(op.version());
    }
    long frames = reader.framesReceived() - framesBefore;
    System.out.println("FanOutLingerIT: " + OPS + " ops reached the reader in " + frames + " frames");
    assertThat(versions).as("every op, in version order").isEqualTo(
        java.util.stream.LongStream.rangeClosed(1, OPS).boxed().toList());
    assertThat(frames).as("frames the reader got for " + OPS + " ops").isBetween(1L, (long) OPS / 2);
    assertThat(reader.quiet(300)).as("nothing after the last op").isEmpty();
  }
}
