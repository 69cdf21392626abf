package dev.collab.server.internal.engine;

import dev.collab.Access;
import dev.collab.CommittedOp;
import java.util.List;

/** The answer to a join: the document at its head, or the ops the client missed. */
public sealed interface JoinReply {
  String documentId();

  /** The document at {@code version}, in its type's JSON form. */
  record SnapshotReply(String documentId, long version, String type, String data, Access access)
      implements JoinReply {}

  /** The ops after the client's {@code from}, in version order (empty when it is up to date). */
  record OpsReply(String documentId, List<CommittedOp> ops, String type, Access access)
      implements JoinReply {}
}
