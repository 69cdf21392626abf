package dev.collab.tck;

import dev.collab.Collab;
import dev.collab.User;
import org.jspecify.annotations.Nullable;

/**
 * A real engine running the policy under test, for the revocation tests of
 * {@link AccessPolicyContractKit}: its application API (documents, {@link Collab#revoke}) and
 * connected sessions. The TCK depends on {@code collab-api} only, so it cannot build Collab's
 * engine itself; the implementer's test adapts it (about forty lines, shown in the TCK's README).
 * Close it after the test.
 */
public interface PolicyEngine extends AutoCloseable {

  /** The engine's application API: {@link Collab#create} and {@link Collab#revoke} are used. */
  Collab collab();

  /** Opens a connected session of {@code user} with a client id of its own. */
  Connection connect(User user, String client);

  @Override
  void close();

  /** One connected session: its requests and what the engine answered, in order. */
  interface Connection {
    void join(String documentId);

    /** Submits a rich-text op (its JSON text) made on {@code base}. */
    void submit(String documentId, long base, long seq, String op);

    /** The next event of this session, waiting at most 10 seconds; null when none came. */
    @Nullable Event poll() throws InterruptedException;
  }

  /**
   * What the engine told a session. {@code kind} is {@code joined} (detail: the access, as on the
   * wire), {@code ack} (seq; detail: the version), {@code op}, {@code error} (seq when it answers
   * a submit; detail: the error code, as on the wire), or {@code left}.
   */
  record Event(String kind, String documentId, @Nullable Long seq, @Nullable String detail) {}
}
