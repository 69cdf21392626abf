package dev.collab.server.internal.engine;

import dev.collab.server.defaults.InMemoryDocumentStore;

import dev.collab.Access;
import dev.collab.Collab;
import dev.collab.CommittedOp;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.spi.AccessPolicy;
import dev.collab.tck.PolicyEngine;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Collab's engine as the policy kit's {@link PolicyEngine}: an in-memory engine with the policy
 * under test, and sessions whose listener events become the kit's events. The adapter an
 * integrator copies to run the revocation tests against their own policy (tck/README.md).
 */
final class KitEngine implements PolicyEngine {
  private final CollabEngine engine;

  KitEngine(AccessPolicy policy) {
    engine = CollabEngine.builder().store(new InMemoryDocumentStore()).policy(policy).build();
  }

  @Override
  public Collab collab() {
    return engine;
  }

  @Override
  public Connection connect(User user, String client) {
    LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    Session session = engine.openSession(user, client, new SessionListener() {
      @Override
      public void joined(JoinReply reply) {
        Access access = reply instanceof JoinReply.SnapshotReply s ? s.access() : ((JoinReply.OpsReply) reply).access();
        events.add(new Event("joined", reply.documentId(), null, access.wire()));
      }

      @Override
      public void op(String documentId, CommittedOp op) {
        events.add(new Event("op", documentId, op.seq(), Long.toString(op.version())));
      }

      @Override
      public void ack(String documentId, long seq, long version) {
        events.add(new Event("ack", documentId, seq, Long.toString(version)));
      }

      @Override
      public void error(String documentId, @Nullable Long seq, ErrorCode code, String message) {
        events.add(new Event("error", documentId, seq, code.wire()));
      }

      @Override
      public void presence(String documentId, String c, String userId, String userName, JsonValue range, @Nullable JsonObject meta) {}

      @Override
      public void presenceGone(String documentId, String c, String userId, String userName) {}

      @Override
      public void left(String documentId) {
        events.add(new Event("left", documentId, null, null));
      }
    });
    return new Connection() {
      @Override
      public void join(String documentId) {
        session.join(documentId, null);
      }

      @Override
      public void submit(String documentId, long base, long seq, String op) {
        session.submit(documentId, base, seq, op);
      }

      @Override
      public @Nullable Event poll() throws InterruptedException {
        return events.poll(10, TimeUnit.SECONDS);
      }
    };
  }

  @Override
  public void close() {
    engine.close();
  }
}
