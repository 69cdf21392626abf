package dev.collab.server.embedded;

import dev.collab.Access;
import dev.collab.Collab;
import dev.collab.CommittedOp;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.internal.engine.CollabEngine;
import dev.collab.server.internal.engine.JoinReply;
import dev.collab.server.internal.engine.SessionListener;
import dev.collab.spi.AccessPolicy;
import dev.collab.spi.ClusterBus;
import dev.collab.spi.DocumentStore;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Collab's engine in the caller's JVM, for tests: the application API ({@link #collab()}) and
 * connected sessions ({@link #connect}) that report what the engine answered as {@link Listener}
 * events, the shape of the TCK's {@code PolicyEngine.Event}. With the TCK's kits:
 *
 * <pre>{@code
 * // ClusterBusContractKit
 * protected Optional<Collab> node(String nodeId, ClusterBus bus, DocumentStore store) {
 *   return Optional.of(EmbeddedEngine.builder().nodeId(nodeId).bus(bus).store(store).build().collab());
 * }
 * }</pre>
 *
 * <p>The {@link Collab} it returns is {@link AutoCloseable}: closing it closes the engine, as
 * {@link #close()} does.
 */
public final class EmbeddedEngine implements AutoCloseable {
  private final CollabEngine engine;

  private EmbeddedEngine(CollabEngine engine) {
    this.engine = engine;
  }

  /**
   * A builder with Collab's defaults: an in-memory store, a one-node bus, the role-based policy.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Assembles an {@link EmbeddedEngine}; every part is optional. */
  public static final class Builder {
    private @Nullable DocumentStore store;
    private @Nullable ClusterBus bus;
    private @Nullable AccessPolicy policy;
    private @Nullable String nodeId;

    private Builder() {}

    /**
     * The store; default a new in-memory store.
     *
     * @param store the engine's store
     * @return this builder
     */
    public Builder store(DocumentStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * The cluster bus; default a one-node bus in the JVM.
     *
     * @param bus the engine's bus
     * @return this builder
     */
    public Builder bus(ClusterBus bus) {
      this.bus = Objects.requireNonNull(bus, "bus");
      return this;
    }

    /**
     * The access policy; default the role-based policy ({@code collab-writer} writes, a user
     * without roles reads).
     *
     * @param policy the engine's policy
     * @return this builder
     */
    public Builder policy(AccessPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * This node's id; default random. Nodes sharing a bus need distinct ids.
     *
     * @param nodeId the id
     * @return this builder
     */
    public Builder nodeId(String nodeId) {
      this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
      return this;
    }

    /**
     * Starts the engine.
     *
     * @return the running engine; close it after the test
     */
    public EmbeddedEngine build() {
      CollabEngine.Builder builder = CollabEngine.builder().store(store != null ? store : new InMemoryDocumentStore());
      if (bus != null) {
        builder.bus(bus);
      }
      if (policy != null) {
        builder.policy(policy);
      }
      if (nodeId != null) {
        builder.nodeId(nodeId);
      }
      return new EmbeddedEngine(builder.build());
    }
  }

  /**
   * The engine's application API, the same each call. It is also {@link AutoCloseable}, closing the
   * engine.
   *
   * @return the engine's {@link Collab}
   */
  public Collab collab() {
    return engine;
  }

  /**
   * Opens a connected session of {@code user}, as a WebSocket connection past its {@code hello}
   * would be. Closed with the engine, or by {@link Session#close()}.
   *
   * @param user the session's user, with the roles the policy reads
   * @param client the session's client id, fresh for the session
   * @param listener told what the engine answers, on the engine's threads
   * @return the session
   */
  public Session connect(User user, String client, Listener listener) {
    Objects.requireNonNull(listener, "listener");
    dev.collab.server.internal.engine.Session session = engine.openSession(user, client, new Events(listener));
    return new Session() {
      @Override
      public void join(String documentId) {
        session.join(documentId, null);
      }

      @Override
      public void submit(String documentId, long base, long seq, String op) {
        session.submit(documentId, base, seq, op);
      }

      @Override
      public void leave(String documentId) {
        session.leave(documentId);
      }

      @Override
      public void close() {
        session.close();
      }
    };
  }

  /** Closes every session and the engine. Idempotent. */
  @Override
  public void close() {
    engine.close();
  }

  /** A connected session's requests; each is answered through its {@link Listener}. */
  public interface Session extends AutoCloseable {
    /**
     * Joins a document at its head; answered {@code joined} or {@code error}.
     *
     * @param documentId the document
     */
    void join(String documentId);

    /**
     * Submits an op (a Delta's {@code ops} array, as JSON text) made on {@code base}; answered
     * {@code ack} or {@code error}.
     *
     * @param documentId the document, joined before
     * @param base the version the op was made on
     * @param seq the session's number for the submit, from 1
     * @param op the op's JSON text
     */
    void submit(String documentId, long base, long seq, String op);

    /**
     * Leaves a document; answered {@code left}.
     *
     * @param documentId the document
     */
    void leave(String documentId);

    /** Closes the session, as a closed connection would. */
    @Override
    void close();
  }

  /** What the engine tells a session, one event at a time. */
  @FunctionalInterface
  public interface Listener {
    /**
     * One answer of the engine.
     *
     * @param kind {@code joined}, {@code op}, {@code ack}, {@code error}, {@code access} (the access
     *     of a joined document was re-evaluated, after a revocation or a change of a grant, and still
     *     allows reading), {@code left}, {@code thread} (a comment thread opened or changed),
     *     {@code thread-deleted} or {@code commented} (a comment message of this session is done)
     * @param documentId the document the event is about
     * @param seq the submit's number for {@code ack} and for an {@code error} answering a submit,
     *     the op's for {@code op}; else null
     * @param detail the access for {@code joined} ({@link Access#wire()}), the version for {@code
     *     ack} and {@code op}, the error code for {@code error} ({@link ErrorCode#wire()}), the new
     *     level for {@code access} ({@link Access#wire()}), the thread's id for {@code thread},
     *     {@code thread-deleted} and {@code commented} (whose {@code seq} is the comment message's);
     *     else null
     */
    void event(String kind, String documentId, @Nullable Long seq, @Nullable String detail);
  }

  /** The engine's session listener, reporting the events a test reads. */
  private record Events(Listener listener) implements SessionListener {
    @Override
    public void joined(JoinReply reply) {
      Access access = reply instanceof JoinReply.SnapshotReply snapshot ? snapshot.access() : ((JoinReply.OpsReply) reply).access();
      listener.event("joined", reply.documentId(), null, access.wire());
    }

    @Override
    public void op(String documentId, CommittedOp op) {
      listener.event("op", documentId, op.seq(), Long.toString(op.version()));
    }

    @Override
    public void ack(String documentId, long seq, long version) {
      listener.event("ack", documentId, seq, Long.toString(version));
    }

    @Override
    public void error(String documentId, @Nullable Long seq, ErrorCode code, String message) {
      listener.event("error", documentId, seq, code.wire());
    }

    @Override
    public void presence(String documentId, String client, String userId, String userName, JsonValue range, @Nullable JsonObject meta) {}

    @Override
    public void presenceGone(String documentId, String client, String userId, String userName) {}

    @Override
    public void accessChanged(String documentId, Access access) {
      listener.event("access", documentId, null, access.wire());
    }

    @Override
    public void left(String documentId) {
      listener.event("left", documentId, null, null);
    }

    @Override
    public void thread(String documentId, long version, dev.collab.comments.CommentThread thread) {
      listener.event("thread", documentId, null, thread.id());
    }

    @Override
    public void threadDeleted(String documentId, long version, String threadId) {
      listener.event("thread-deleted", documentId, null, threadId);
    }

    @Override
    public void commented(String documentId, long seq, String threadId) {
      listener.event("commented", documentId, seq, threadId);
    }
  }
}
