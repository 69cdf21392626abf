package dev.collab.server.internal.ws;

import dev.collab.CommittedOp;
import dev.collab.protocol.ProtocolCodec;
import dev.collab.protocol.ServerMessage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Encodes a committed op's {@code op} frame once for all its recipients. A document's sequencer
 * hands the same {@link CommittedOp} instance to each local subscriber in turn, so remembering the
 * last one per document (by identity) is enough: the first recipient encodes, the others reuse.
 * Thread-safe; holds one frame per document, until the document unloads ({@link
 * ConnectionRegistry#follow}).
 */
public final class OpFrames {
  private record Encoded(CommittedOp op, String frame) {}

  private final ConcurrentHashMap<String, Encoded> last = new ConcurrentHashMap<>();

  public String frame(CommittedOp op) {
    Encoded cached = last.get(op.document());
    if (cached != null && cached.op() == op) {
      return cached.frame();
    }
    String frame = ProtocolCodec.encodeOp(op.document(), op.version(), op.op(), op.client(), op.seq(),
        new ServerMessage.WireUser(op.userId(), op.userName()));
    last.put(op.document(), new Encoded(op, frame));
    return frame;
  }

  /** How many documents' frames are held. */
  int size() {
    return last.size();
  }

  /** Forgets a document (it was unloaded). */
  public void forget(String documentId) {
    last.remove(documentId);
  }
}
