package dev.collab.tck;

import dev.collab.Collab;
import dev.collab.User;
import org.jspecify.annotations.Nullable;

/**
 * A real engine running the policy under test, for the revocation tests of
 * {@link AccessPolicyContractKit}: its application API (documents, {@link Collab#revoke}) and
 * connected sessions. The TCK depends on {@code collab-api} only, so it cannot build Collab's
 * engine itself; the implementer's test adapts Collab's public {@code EmbeddedEngine}
 * ({@code collab-impl}, {@code dev.collab.server.embedded}), whose session events have this
 * interface's {@link Event} shape: the adapter is about thirty lines, complete in the TCK's README.
 * Close it after the test.
 */
public interface PolicyEngine extends AutoCloseable {

  /**
   * The engine's application API: {@link Collab#create} and {@link Collab#revoke} are used.
   *
   * @return the engine's {@link Collab}, the same each call
   */
  Collab collab();

  /**
   * Opens a connected session of {@code user} with a client id of its own.
   *
   * @param user the user as {@link AccessPolicyContractKit#grant} returned it
   * @param client a fresh client id for the session
   * @return the session, past its {@code hello}; closed with the engine
   */
  Connection connect(User user, String client);

  /** Closes the sessions and the engine; called by the kit after each test. */
  @Override
  void close();

  /** One connected session: its requests and what the engine answered, in order. */
  interface Connection {
    /**
     * Joins a document; the answer arrives as an event ({@code joined} or {@code error}).
     *
     * @param documentId the document to join
     */
    void join(String documentId);

    /**
     * Submits a rich-text op (its JSON text) made on {@code base}; the answer arrives as an event
     * ({@code ack} or {@code error}).
     *
     * @param documentId the document, joined before
     * @param base the version the op was made on
     * @param seq the session's number for the submit, from 1
     * @param op the op's JSON text, a Delta's {@code ops} array
     */
    void submit(String documentId, long base, long seq, String op);

    /**
     * The next event of this session, waiting at most 10 seconds.
     *
     * @return the event, or null when none came in time
     * @throws InterruptedException when the waiting thread was interrupted
     */
    @Nullable Event poll() throws InterruptedException;
  }

  /**
   * What the engine told a session. {@code kind} is {@code joined} (detail: the access, as on the
   * wire), {@code ack} (seq; detail: the version), {@code op}, {@code error} (seq when it answers
   * a submit; detail: the error code, as on the wire), or {@code left}.
   *
   * @param kind {@code joined}, {@code ack}, {@code op}, {@code error} or {@code left}
   * @param documentId the document the event is about
   * @param seq the submit's number for {@code ack}, and for an {@code error} answering a submit;
   *     else null
   * @param detail the access for {@code joined}, the version for {@code ack}, the error code for
   *     {@code error}; else null
   */
  record Event(String kind, String documentId, @Nullable Long seq, @Nullable String detail) {}
}
