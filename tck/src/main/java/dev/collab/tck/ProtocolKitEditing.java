package dev.collab.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.ErrorCode;
import dev.collab.ot.Delta;
import dev.collab.ot.JsonLimits;
import dev.collab.ot.RichText;
import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ServerMessage;
import dev.collab.tck.ProtocolConformanceKit.Participant;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Part of {@link ProtocolConformanceKit}: joining, submitting, presence and leaving.
 *
 * <p>The kit's tests are spread over this chain of package-private superclasses, in the order of
 * {@code docs/PROTOCOL.md}; an implementer extends {@link ProtocolConformanceKit} alone, and JUnit
 * runs the inherited tests as its own.
 */
abstract class ProtocolKitEditing extends ProtocolKitConnecting {

  // ------------------------------------------------------------------ joining

  @Test
  @DisplayName("join: a new document is a snapshot at version 0 of type rich-text with empty data and the user's access")
  void joinSnapshot() throws Exception {
    String doc = document();
    Session ann = session(Participant.WRITER);
    ServerMessage.Snapshot snapshot = ann.join(doc);
    assertThat(snapshot.doc()).isEqualTo(doc);
    assertThat(snapshot.version()).isZero();
    assertThat(snapshot.type()).isEqualTo("rich-text");
    assertThat(snapshot.data().toString()).isEqualTo("[]");
    assertThat(snapshot.access()).isIn("write", "admin");
    Session carol = session(Participant.READER);
    assertThat(carol.join(doc).access()).isIn("read", "comment");
  }

  @Test
  @DisplayName("join with from: the ops after from in version order with client, seq and user; empty at the head; version-ahead past it")
  void joinFrom() throws Exception {
    String doc = document();
    Session ann = session(Participant.WRITER);
    ann.join(doc);
    ann.commit(doc, 0, 1, "[{\"insert\":\"a\"}]");
    ann.commit(doc, 1, 2, "[{\"retain\":1},{\"insert\":\"b\"}]");
    Session later = session(Participant.READER);
    later.socket().send(new ClientMessage.Join(doc, 0L));
    ServerMessage.Ops ops = later.socket().next(ServerMessage.Ops.class);
    assertThat(ops.doc()).isEqualTo(doc);
    assertThat(ops.type()).isEqualTo("rich-text");
    assertThat(ops.ops()).extracting(ServerMessage.Entry::version).containsExactly(1L, 2L);
    assertThat(ops.ops()).extracting(ServerMessage.Entry::client).containsOnly(ann.client());
    assertThat(ops.ops()).extracting(ServerMessage.Entry::seq).containsExactly(1L, 2L);
    assertThat(ops.ops().get(0).user().id()).isEqualTo(ann.welcome().user().id());
    assertThat(ops.ops().get(1).op().toString()).isEqualTo("[{\"retain\":1},{\"insert\":\"b\"}]");
    later.socket().send(new ClientMessage.Join(doc, 2L));
    assertThat(later.socket().next(ServerMessage.Ops.class).ops()).isEmpty();
    later.socket().send(new ClientMessage.Join(doc, 3L));
    ServerMessage.Error ahead = later.error();
    assertThat(ahead.code()).isEqualTo(ErrorCode.VERSION_AHEAD);
    assertThat(ahead.doc()).isEqualTo(doc);
  }

  @Test
  @DisplayName("join: a document that does not exist is unknown-document, naming it")
  void joinUnknown() throws Exception {
    Session ann = session(Participant.WRITER);
    String doc = fresh("missing");
    ann.socket().send(new ClientMessage.Join(doc, null));
    ServerMessage.Error error = ann.error();
    assertThat(error.code()).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
    assertThat(error.doc()).isEqualTo(doc);
  }

  @Test
  @DisplayName("join: joining a document already joined is answered as a fresh join")
  void rejoin() throws Exception {
    String doc = document();
    Session ann = session(Participant.WRITER);
    ann.join(doc);
    ann.commit(doc, 0, 1, "[{\"insert\":\"x\"}]");
    ServerMessage.Snapshot again = ann.join(doc);
    assertThat(again.version()).isEqualTo(1);
    assertThat(again.data().toString()).isEqualTo("[{\"insert\":\"x\"}]");
  }

  // ------------------------------------------------------------------ submitting

  @Test
  @DisplayName("submit: the sender gets ack {doc, seq, version}, the others get op with client, seq and user, never the sender")
  void ackAndOp() throws Exception {
    String doc = document();
    Session ann = session(Participant.WRITER);
    Session carol = session(Participant.READER);
    ann.join(doc);
    carol.join(doc);
    ann.submit(doc, 0, 1, "[{\"insert\":\"hello\"}]");
    assertThat(ann.socket().next(ServerMessage.Ack.class)).isEqualTo(new ServerMessage.Ack(doc, 1, 1));
    ServerMessage.Op op = carol.socket().next(ServerMessage.Op.class);
    assertThat(op.doc()).isEqualTo(doc);
    assertThat(op.version()).isEqualTo(1);
    assertThat(op.client()).isEqualTo(ann.client());
    assertThat(op.seq()).isEqualTo(1);
    assertThat(op.user()).isEqualTo(ann.welcome().user());
    assertThat(op.op().toString()).isEqualTo("[{\"insert\":\"hello\"}]");
    ann.usable("the ack");
    assertThat(ann.socket().quiet(300)).noneMatch(m -> m instanceof ServerMessage.Op);
  }

  @Test
  @DisplayName("submit: a resubmitted seq is acknowledged again with its original version and not applied twice")
  void resubmission() throws Exception {
    String doc = document();
    Session ann = session(Participant.WRITER);
    ann.join(doc);
    long version = ann.commit(doc, 0, 1, "[{\"insert\":\"once\"}]").version();
    ann.submit(doc, 0, 1, "[{\"insert\":\"once\"}]");
    assertThat(ann.socket().next(ServerMessage.Ack.class)).isEqualTo(new ServerMessage.Ack(doc, 1, version));
    JsonObject head = head(doc);
    assertThat(head.getInt("version")).isEqualTo(1);
    assertThat(head.get("data").toString()).isEqualTo("[{\"insert\":\"once\"}]");
  }

  @Test
  @DisplayName("submit: concurrent ops on one base are both committed, transformed, and every party converges")
  void concurrentSubmits() throws Exception {
    String doc = document();
    Session ann = session(Participant.WRITER);
    Session ann2 = session(Participant.WRITER);
    ann.join(doc);
    ann2.join(doc);
    ann.submit(doc, 0, 1, "[{\"insert\":\"left\"}]");
    ann2.submit(doc, 0, 1, "[{\"insert\":\"right\"}]");
    // Each side gets its ack and the other's op, in version order, transformed to apply after its own.
    List<ServerMessage> toAnn = ackAndOp(ann.socket());
    List<ServerMessage> toAnn2 = ackAndOp(ann2.socket());
    long first = ((ServerMessage.Ack) toAnn.stream().filter(m -> m instanceof ServerMessage.Ack).findFirst().orElseThrow()).version();
    long second = ((ServerMessage.Ack) toAnn2.stream().filter(m -> m instanceof ServerMessage.Ack).findFirst().orElseThrow()).version();
    assertThat(List.of(first, second)).containsExactlyInAnyOrder(1L, 2L);
    assertThat(versions(toAnn)).as("ann's messages in version order").containsExactly(1L, 2L);
    assertThat(versions(toAnn2)).as("the other tab's messages in version order").containsExactly(1L, 2L);
    JsonObject head = head(doc);
    assertThat(head.getInt("version")).isEqualTo(2);
    String data = head.get("data").toString();
    assertThat(data).isIn("[{\"insert\":\"leftright\"}]", "[{\"insert\":\"rightleft\"}]");
    // Each tab applied its own op, then the other's as received: both hold what the server holds.
    RichText rich = RichText.INSTANCE;
    Delta annView = rich.apply(rich.decode("[{\"insert\":\"left\"}]", JsonLimits.STORAGE), theOp(toAnn));
    Delta ann2View = rich.apply(rich.decode("[{\"insert\":\"right\"}]", JsonLimits.STORAGE), theOp(toAnn2));
    assertThat(rich.encodeToString(annView)).isEqualTo(data);
    assertThat(rich.encodeToString(ann2View)).isEqualTo(data);
  }

  static Delta theOp(List<ServerMessage> messages) {
    ServerMessage.Op op = (ServerMessage.Op) messages.stream().filter(m -> m instanceof ServerMessage.Op).findFirst().orElseThrow();
    return RichText.INSTANCE.decode(op.op(), JsonLimits.STORAGE);
  }

  /** Reads until both an ack and an op arrived (at most 10 messages). */
  static List<ServerMessage> ackAndOp(WireSocket socket) throws InterruptedException {
    List<ServerMessage> got = new ArrayList<>();
    while (got.stream().noneMatch(m -> m instanceof ServerMessage.Ack) || got.stream().noneMatch(m -> m instanceof ServerMessage.Op)) {
      ServerMessage message = socket.next();
      if (message instanceof ServerMessage.Ack || message instanceof ServerMessage.Op) {
        got.add(message);
      }
      assertThat(got).hasSizeLessThan(10);
    }
    return got;
  }

  static List<Long> versions(List<ServerMessage> messages) {
    return messages.stream()
        .map(m -> m instanceof ServerMessage.Ack a ? a.version() : ((ServerMessage.Op) m).version()).toList();
  }

  @Test
  @DisplayName("submit: a reader's submit is forbidden, echoing doc and seq, and nothing is stored")
  void readerForbidden() throws Exception {
    String doc = document();
    Session carol = session(Participant.READER);
    assertThat(carol.join(doc).access()).isIn("read", "comment");
    carol.submit(doc, 0, 1, "[{\"insert\":\"x\"}]");
    ServerMessage.Error error = carol.error();
    assertThat(error.code()).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(error.doc()).isEqualTo(doc);
    assertThat(error.seq()).isEqualTo(1);
    assertThat(head(doc).getInt("version")).isZero();
    carol.usable("a forbidden submit");
  }

  // ------------------------------------------------------------------ presence, leave

  @Test
  @DisplayName("presence: relayed to the others with client, user, range and meta, never echoed; gone when the sender disconnects")
  void presence() throws Exception {
    String doc = document();
    Session ann = session(Participant.WRITER);
    Session carol = session(Participant.READER);
    ann.join(doc);
    carol.join(doc);
    ann.commit(doc, 0, 1, "[{\"insert\":\"abc\"}]");
    ann.socket().sendRaw("{\"t\":\"presence\",\"doc\":\"" + doc + "\",\"range\":{\"index\":1,\"length\":2},\"meta\":{\"color\":\"red\"}}");
    ServerMessage.Presence seen = carol.socket().next(ServerMessage.Presence.class);
    assertThat(seen.doc()).isEqualTo(doc);
    assertThat(seen.client()).isEqualTo(ann.client());
    assertThat(seen.user()).isEqualTo(ann.welcome().user());
    assertThat(seen.range().asJsonObject().getInt("index")).isEqualTo(1);
    assertThat(seen.range().asJsonObject().getInt("length")).isEqualTo(2);
    assertThat(seen.meta()).isNotNull();
    assertThat(seen.meta().getString("color")).isEqualTo("red");
    ann.usable("presence");
    assertThat(ann.socket().quiet(300)).noneMatch(m -> m instanceof ServerMessage.Presence);
    ann.socket().close();
    ServerMessage.PresenceGone gone = carol.socket().next(ServerMessage.PresenceGone.class);
    assertThat(gone.client()).isEqualTo(ann.client());
    assertThat(gone.doc()).isEqualTo(doc);
  }

  @Test
  @DisplayName("leave: answered by left; afterwards submit, presence and leave of that document are not-joined")
  void leave() throws Exception {
    String doc = document();
    Session ann = session(Participant.WRITER);
    ann.join(doc);
    ann.socket().send(new ClientMessage.Leave(doc));
    assertThat(ann.socket().next(ServerMessage.Left.class).doc()).isEqualTo(doc);
    ann.submit(doc, 0, 1, "[{\"insert\":\"x\"}]");
    ServerMessage.Error submit = ann.error();
    assertThat(submit.code()).isEqualTo(ErrorCode.NOT_JOINED);
    assertThat(submit.seq()).isEqualTo(1);
    ann.socket().sendRaw("{\"t\":\"presence\",\"doc\":\"" + doc + "\",\"range\":null}");
    assertThat(ann.error().code()).isEqualTo(ErrorCode.NOT_JOINED);
    ann.socket().send(new ClientMessage.Leave(doc));
    assertThat(ann.error().code()).isEqualTo(ErrorCode.NOT_JOINED);
    assertThat(head(doc).getInt("version")).isZero();
  }
}
