package dev.collab.client;

import dev.collab.CollabException;
import dev.collab.Ids;
import dev.collab.User;
import dev.collab.ot.Delta;
import dev.collab.ot.OtType;
import dev.collab.ot.RichText;
import dev.collab.protocol.ServerMessage;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A Java client of a Collab server over one WebSocket ({@code collab.v1}), built on the JDK's
 * {@code java.net.http} alone. It multiplexes any number of {@link SharedDocument}s, follows the
 * protocol's client rules, and survives connection loss:
 *
 * <ul>
 *   <li>On an unexpected close or error it reconnects with exponential backoff and jitter (bounded
 *       by {@link Builder#reconnectBackoff} and {@link Builder#maxReconnectAttempts}); promptly
 *       after close 1001 (a draining server); after 1009 or 1013 it starts at a later step. The
 *       backoff starts over once a connection stayed up for 10 s. Close 1008
 *       (policy: flooding, or another connection took over this client id) and a handshake refused
 *       with HTTP 4xx are final: reconnecting would not help, so the client closes.
 *   <li>After reconnecting it sends {@code hello} with the same client id and rejoins each open
 *       document with {@code from} = its last version; the {@code ops} reply goes to
 *       {@link ClientDocument#catchUp}, which recognises the in-flight op if it was committed, and
 *       what it returns is sent (the in-flight op again with its original {@code seq}, then the
 *       buffer). A {@code snapshot} reply (history gone) replaces the document and drops pending
 *       edits, reported to {@link DocumentListener#onError} and {@link DocumentListener#onReset}.
 *   <li>A ping every {@link Builder#pingInterval}; a connection that received nothing since the
 *       previous ping is considered dead and replaced.
 * </ul>
 *
 * <p>Threads: one event thread per client ({@code collab-client-<id>}) owns all protocol state;
 * transport callbacks are handed to it. Listeners run on it and must not block. Public methods may
 * be called from any thread; the blocking ones ({@link #open}) must not be called from a listener.
 *
 * <p>This class is the public face: its {@link Listener}, {@link Builder} and methods. The work is
 * done by package-private parts of one concern each: the settings and the wiring of the parts
 * ({@code ClientSettings}), the connection's state machine ({@code Connector}), the event thread
 * ({@code EventLoop}), reconnect timing and failover ({@code ReconnectPolicy}), the open documents
 * ({@code OpenDocuments}); per-document logic lives in {@link SharedDocument}.
 */
public final class CollabClient implements AutoCloseable {
  /** Hears about the connection; called on the client's event thread. */
  public interface Listener {
    /**
     * A {@code welcome} arrived: the connection is ready (first connect or a reconnect). The
     * default does nothing.
     *
     * @param user the user the server authenticated
     */
    default void onConnected(User user) {}

    /**
     * The connection was lost with {@code code}; a reconnect follows after {@code retryIn}. The
     * default does nothing.
     *
     * @param code the WebSocket close code (1006 when the connection failed without a close)
     * @param reason the close reason, possibly empty
     * @param retryIn the delay before the next reconnect attempt
     */
    default void onDisconnected(int code, String reason, Duration retryIn) {}

    /**
     * The client stopped for good. The default does nothing.
     *
     * @param cause null after {@link #close()}, else why it gave up (a final close code, a refused
     *     handshake, too many failed reconnects)
     */
    default void onClosed(@Nullable Throwable cause) {}

    /**
     * An {@code error} from the server about no document (e.g. {@code bad-message}). The default
     * does nothing.
     *
     * @param error the server's code and message
     */
    default void onError(DocumentError error) {}
  }

  /** The connection's state machine; everything but this class's public surface lives there. */
  private final Connector core;

  private CollabClient(Builder b) {
    this.core = b.settings.connector();
  }

  /**
   * Starts building a client of the WebSocket at {@code uri} (e.g. {@code ws://host/app/collab/ws}).
   *
   * @param uri the server's WebSocket endpoint, {@code ws:} or {@code wss:}
   * @return a builder with the defaults; {@link Builder#connect()} connects
   * @throws NullPointerException when {@code uri} is null
   */
  public static Builder builder(URI uri) {
    return new Builder(uri);
  }

  /**
   * A new random client id, from a {@link SecureRandom}.
   *
   * @return 22 characters of letters, digits, '-' and '_' (128 random bits)
   */
  public static String newClientId() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * This client's id, the same across reconnects.
   *
   * @return the id the builder was given, or the one it generated
   */
  public String clientId() {
    return core.clientId();
  }

  /**
   * The user the server authenticated, as of the last {@code welcome}.
   *
   * @return the user; never null once {@link Builder#connect()} returned
   */
  public User user() {
    return core.user();
  }

  /**
   * The server's limits, as of the last {@code welcome}.
   *
   * @return the limits; never null once {@link Builder#connect()} returned
   */
  public ServerMessage.Limits limits() {
    return core.limits();
  }

  /**
   * Whether the client is connected now.
   *
   * @return true while a connection is up and welcomed; false while reconnecting or closed
   */
  public boolean isConnected() {
    return core.isReady();
  }

  /**
   * Whether the client stopped for good.
   *
   * @return true after {@link #close()} or after the client gave up reconnecting
   */
  public boolean isClosed() {
    return core.isClosed();
  }

  /**
   * Adds a connection listener; any thread.
   *
   * @param listener called on the event thread for every later connection event
   */
  public void addListener(Listener listener) {
    core.addListener(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Removes a connection listener; nothing happens when it was not added. Any thread.
   *
   * @param listener the listener to remove
   */
  public void removeListener(Listener listener) {
    core.removeListener(listener);
  }

  /**
   * Opens a rich-text document; see {@link #open(String, OtType)}.
   *
   * @param doc the document's id
   * @return the open document, its snapshot applied
   * @throws InterruptedException if the calling thread was interrupted while waiting
   * @throws TimeoutException if the snapshot did not arrive within the client's timeout
   */
  public SharedDocument<Delta> open(String doc) throws InterruptedException, TimeoutException {
    return open(doc, RichText.INSTANCE);
  }

  /**
   * Joins document {@code doc} and returns once its snapshot arrived (within the client's
   * timeout). Must not be called from a listener; use {@link #openAsync} there.
   *
   * @param <O> the op type of the document's OT type
   * @param doc the document's id ({@link Ids#requireDocumentId})
   * @param type the document's OT type; it must be the server's type for the document
   * @return the open document, its snapshot applied
   * @throws CollabException with the server's code if the join was refused (e.g.
   *     {@code unknown-document}, {@code forbidden})
   * @throws IllegalArgumentException if {@code doc} is not a document id
   * @throws IllegalStateException if the document is already open on this client, or the client is
   *     closed, or this is called on the event thread
   * @throws InterruptedException if the calling thread was interrupted while waiting
   * @throws TimeoutException if the snapshot did not arrive within the client's timeout
   */
  public <O> SharedDocument<O> open(String doc, OtType<O> type) throws InterruptedException, TimeoutException {
    return core.open(doc, type);
  }

  /**
   * Opens a rich-text document; completes when its snapshot arrived. See {@link #openAsync(String,
   * OtType)}.
   *
   * @param doc the document's id
   * @return a future completed with the open document, or exceptionally
   */
  public CompletableFuture<SharedDocument<Delta>> openAsync(String doc) {
    return openAsync(doc, RichText.INSTANCE);
  }

  /**
   * Joins {@code doc}; completes (on the event thread) when its snapshot arrived, or exceptionally.
   * May be called from a listener.
   *
   * @param <O> the op type of the document's OT type
   * @param doc the document's id ({@link Ids#requireDocumentId})
   * @param type the document's OT type
   * @return a future completed with the open document, or exceptionally with a {@link
   *     CollabException} carrying the server's code when the join was refused
   * @throws IllegalArgumentException if {@code doc} is not a document id
   * @throws IllegalStateException if the document is already open on this client, or the client is
   *     closed
   */
  public <O> CompletableFuture<SharedDocument<O>> openAsync(String doc, OtType<O> type) {
    Ids.requireDocumentId(doc);
    Objects.requireNonNull(type, "type");
    return core.openAsync(doc, type);
  }

  /**
   * Drops the current connection abruptly, as a network failure would, and reconnects as after
   * one. For tests and fault-injection tools.
   */
  public void abortConnection() {
    core.abortConnection();
  }

  /**
   * Leaves every document, closes the connection and stops reconnecting. Pending edits are
   * abandoned. Idempotent; waits briefly for the event thread to finish.
   */
  @Override
  public void close() {
    core.close();
  }

  /** Configures and connects a {@link CollabClient}. */
  public static final class Builder {
    private final ClientSettings settings;

    private Builder(URI uri) {
      this.settings = new ClientSettings(Objects.requireNonNull(uri, "uri"));
    }

    /**
     * An extra handshake header, e.g. {@code Authorization} or {@code Cookie}; a second call with
     * the same name replaces the value.
     *
     * @param name the header's name
     * @param value the header's value
     * @return this builder
     */
    public Builder header(String name, String value) {
      settings.headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Other nodes of the same cluster (servers sharing one store and one bus), for failover: after
     * a lost connection each reconnect attempt dials the next URI of the list [{@code uri},
     * {@code others}...] in turn, round robin, and rejoins there as on any reconnect (same client
     * id, in-flight op resubmitted with its original {@code seq}). The first connection is always
     * to {@code uri}. Default: none, every reconnect goes to {@code uri}.
     *
     * @param others the other nodes' WebSocket endpoints, added to those of earlier calls
     * @return this builder
     */
    public Builder failover(List<URI> others) {
      for (URI other : others) {
        settings.failover.add(Objects.requireNonNull(other, "failover uri"));
      }
      return this;
    }

    /**
     * The client id (default: {@link #newClientId()}); keep it for the life of one "tab".
     *
     * @param id a client id ({@link Ids#requireClientId}); the server binds it to the user
     * @return this builder
     * @throws IllegalArgumentException if {@code id} is not a client id
     */
    public Builder clientId(String id) {
      settings.clientId = Ids.requireClientId(id);
      return this;
    }

    /**
     * Reconnect delays: the n-th consecutive attempt waits a random time in
     * {@code [s/2, s]} with {@code s = min(max, initial * 2^n)}. Also used between resubmits of an
     * op refused for a transient reason. Default 500 ms and 30 s.
     *
     * @param initial the first step; positive
     * @param max the longest step; at least {@code initial}
     * @return this builder
     * @throws IllegalArgumentException if {@code initial} is not positive or {@code max} is less
     */
    public Builder reconnectBackoff(Duration initial, Duration max) {
      new Backoff(initial, max);
      settings.initialBackoff = initial;
      settings.maxBackoff = max;
      return this;
    }

    /**
     * Consecutive failed reconnects before the client gives up and closes (default 30).
     *
     * @param attempts 0 or more; 0 closes the client at the first lost connection (a close 1001,
     *     from a draining server, is always followed by a prompt reconnect and counts no attempt)
     * @return this builder
     * @throws IllegalArgumentException if {@code attempts} is negative
     */
    public Builder maxReconnectAttempts(int attempts) {
      if (attempts < 0) {
        throw new IllegalArgumentException("maxReconnectAttempts must be 0 or more, was " + attempts);
      }
      settings.maxReconnectAttempts = attempts;
      return this;
    }

    /**
     * Resubmits of one op refused as rate-limited, retry-exhausted, draining or internal before it
     * is undone (default 5).
     *
     * @param retries 0 or more; 0 undoes such an op at its first refusal
     * @return this builder
     * @throws IllegalArgumentException if {@code retries} is negative
     */
    public Builder maxSubmitRetries(int retries) {
      if (retries < 0) {
        throw new IllegalArgumentException("maxSubmitRetries must be 0 or more, was " + retries);
      }
      settings.maxSubmitRetries = retries;
      return this;
    }

    /**
     * How long {@link #connect()} and {@link CollabClient#open} wait (default 30 s).
     *
     * @param timeout a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      settings.timeout = timeout;
      return this;
    }

    /**
     * Time between pings (default 30 s); a connection silent for a whole interval after a ping is
     * replaced.
     *
     * @param interval a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code interval} is zero or negative
     */
    public Builder pingInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("pingInterval must be positive, was " + interval);
      }
      settings.pingInterval = interval;
      return this;
    }

    /**
     * Seeds the backoff jitter, for reproducible tests (default: an unseeded random).
     *
     * @param seed the seed of the jitter's random numbers
     * @return this builder
     */
    public Builder jitterSeed(long seed) {
      settings.seed = seed;
      return this;
    }

    /**
     * Adds a connection listener (also possible later with {@link CollabClient#addListener}).
     *
     * @param listener called on the event thread, from the first connection on
     * @return this builder
     */
    public Builder listener(Listener listener) {
      settings.listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** For tests: the transport to use instead of the JDK WebSocket. */
    Builder transport(Transport transport) {
      settings.transport = transport;
      return this;
    }

    /**
     * Connects, sends {@code hello} and waits for {@code welcome}. A failure here is not retried.
     *
     * @return the connected client; close it when done
     * @throws IOException if the connection or the handshake failed (a refused handshake is a
     *     {@link IOException} naming the HTTP status), or no welcome came within the timeout
     * @throws InterruptedException if the calling thread was interrupted while waiting; the client
     *     is closed
     */
    public CollabClient connect() throws IOException, InterruptedException {
      CollabClient client = new CollabClient(this);
      client.core.start();
      return client;
    }
  }
}
