package dev.collab.server.internal.engine;

import dev.collab.Collab;
import dev.collab.User;
import dev.collab.server.embedded.EmbeddedEngine;
import dev.collab.spi.AccessPolicy;
import dev.collab.tck.PolicyEngine;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Collab's engine as the policy kit's {@link PolicyEngine}, through the public {@link
 * EmbeddedEngine}: the adapter of tck/README.md, line for line (an integrator writes the same).
 */
final class KitEngine implements PolicyEngine {
  private final EmbeddedEngine engine;

  KitEngine(AccessPolicy policy) {
    engine = EmbeddedEngine.builder().policy(policy).build();
  }

  /** An engine on {@code store}, for a policy that reads it (the grants of {@code GrantAccessPolicy}). */
  KitEngine(dev.collab.spi.DocumentStore store, AccessPolicy policy) {
    engine = EmbeddedEngine.builder().store(store).policy(policy).build();
  }

  @Override
  public Collab collab() {
    return engine.collab();
  }

  @Override
  public Connection connect(User user, String client) {
    LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    EmbeddedEngine.Session session =
        engine.connect(user, client, (kind, documentId, seq, detail) -> events.add(new Event(kind, documentId, seq, detail)));
    return new Connection() {
      @Override
      public void join(String documentId) {
        session.join(documentId);
      }

      @Override
      public void submit(String documentId, long base, long seq, String op) {
        session.submit(documentId, base, seq, op);
      }

      @Override
      public Event poll() throws InterruptedException {
        return events.poll(10, TimeUnit.SECONDS);
      }
    };
  }

  @Override
  public void close() {
    engine.close();
  }
}
