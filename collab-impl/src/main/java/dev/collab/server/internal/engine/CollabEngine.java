package dev.collab.server.internal.engine;

import dev.collab.Collab;
import dev.collab.CommittedOp;
import dev.collab.DocumentInfo;
import dev.collab.Ids;
import dev.collab.User;
import dev.collab.ot.OtType;
import dev.collab.ot.RichText;
import dev.collab.server.defaults.LocalClusterBus;
import dev.collab.server.defaults.RoleAccessPolicy;
import dev.collab.spi.AccessPolicy;
import dev.collab.spi.ClusterBus;
import dev.collab.spi.DocumentStore;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The collaboration engine of one node: the composition root. It builds the {@link
 * DocumentContext} its documents share (store, bus, access, OT types, configuration, threads,
 * counters, clock), the {@link DocumentRegistry} of loaded documents (one {@link DocumentSequencer}
 * each), the {@link SessionRegistry} of connections, and the application API ({@link CollabApi}),
 * and it owns their lifecycle. Implements {@link Collab} by delegation and opens {@link Session}s
 * for connections.
 *
 * <p>Runs anywhere: build one with {@link #builder()} in a unit test or Java SE; in a Jakarta EE
 * application the CDI producer builds it from the beans it finds. Thread-safe. {@link #close()}
 * stops it; it is idempotent.
 */
public final class CollabEngine implements Collab, AutoCloseable {
  /** Tasks the background thread (snapshot saves, {@code readAt}, {@code history}) queues at most. */
  static final int BACKGROUND_QUEUE = EngineExecutors.BACKGROUND_QUEUE;

  private final DocumentContext context;
  private final DocumentRegistry documents;
  private final SessionRegistry sessions;
  private final CollabApi api;
  private final VersionsApi versions;
  private final SharingApi sharing;
  private final CommentsApi comments;
  private final java.time.Instant started;

  private CollabEngine(Builder builder) {
    DocumentStore store = Objects.requireNonNull(builder.store, "store");
    EngineConfig config = builder.config;
    String nodeId = builder.nodeId != null ? Ids.requireClientId(builder.nodeId) : CollabApi.randomId("n");
    EngineMetrics metrics = new EngineMetrics(builder.observer);
    this.context = new DocumentContext(
        store,
        builder.bus != null ? builder.bus : new LocalClusterBus(),
        builder.bus != null,
        nodeId,
        config,
        new OtTypes(builder.types),
        new AccessCache(builder.policy != null ? builder.policy : new RoleAccessPolicy(false), config.accessCacheTtl()),
        new ClientBindings(store),
        new EngineExecutors(nodeId, store, config, metrics),
        metrics,
        builder.clock,
        new CommentListeners());
    this.documents = new DocumentRegistry(context);
    this.sessions = new SessionRegistry(documents, context.bindings(), config, context.executors(), metrics.observer);
    this.api = new CollabApi(context, documents);
    this.versions = new VersionsApi(context, api);
    this.sharing = new SharingApi(context, api);
    this.comments = new CommentsApi(documents, context.comments());
    this.started = builder.clock.instant();
    context.bus().addRecoveryListener(documents::recoverFromBusLoss);
    context.executors().scheduleWithFixedDelay(documents::sweepIdle, Math.max(1_000, config.idleUnload().toMillis() / 2));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Assembles an engine; only the store is required. */
  public static final class Builder {
    private @Nullable DocumentStore store;
    private @Nullable ClusterBus bus;
    private @Nullable AccessPolicy policy;
    private EngineConfig config = EngineConfig.DEFAULTS;
    private final Map<String, OtType<?>> types = new HashMap<>(Map.of(RichText.NAME, RichText.SERVER));
    private Clock clock = Clock.systemUTC();
    private @Nullable String nodeId;
    private EngineObserver observer = EngineObserver.NONE;

    private Builder() {}

    public Builder store(DocumentStore store) {
      this.store = store;
      return this;
    }

    /** The cluster bus; default a {@link LocalClusterBus} (one node). */
    public Builder bus(ClusterBus bus) {
      this.bus = bus;
      return this;
    }

    /** The access policy; default {@link RoleAccessPolicy} without write for role-less users. */
    public Builder policy(AccessPolicy policy) {
      this.policy = policy;
      return this;
    }

    public Builder config(EngineConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Installs an OT type, replacing one of the same name: another type besides {@code rich-text},
     * or {@code rich-text} with the application's schema ({@code RichText.withSchema(...)}).
     */
    public Builder type(OtType<?> type) {
      types.put(type.name(), type);
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** This node's id in bus messages and thread names; default random. */
    public Builder nodeId(String nodeId) {
      this.nodeId = nodeId;
      return this;
    }

    /** Who hears what the engine counts (a metrics export); default {@link EngineObserver#NONE}. */
    public Builder observer(EngineObserver observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
      return this;
    }

    public CollabEngine build() {
      return new CollabEngine(this);
    }
  }

  // ------------------------------------------------------------------ for the transport and tests

  /** The configuration this engine runs with. */
  public EngineConfig config() {
    return context.config();
  }

  public EngineMetrics metrics() {
    return context.metrics();
  }

  public String nodeId() {
    return context.nodeId();
  }

  /**
   * The schema this engine's {@code rich-text} type checks ops against (what an import keeps).
   *
   * @return the schema; {@code RichTextSchema.PERMISSIVE} when the type installed is not {@code RichText}
   */
  public dev.collab.ot.RichTextSchema richTextSchema() {
    OtType<?> type = context.types().has(RichText.NAME) ? context.types().get(RichText.NAME) : null;
    return type instanceof RichText ? ((RichText) type).schema() : dev.collab.ot.RichTextSchema.PERMISSIVE;
  }

  /** When this engine was built, by its clock. */
  public java.time.Instant started() {
    return started;
  }

  DocumentStore store() {
    return context.store();
  }

  @Nullable GroupCommitter committer() {
    return context.executors().committer();
  }

  /**
   * Calls {@code listener} with the id of every document this node unloads from now on (idle, no
   * longer used, or the engine closing), on that document's thread, after the unload: per-document
   * caches of the transport (the WebSocket layer's op frames) are dropped with it. The listener
   * must return quickly. Returns what removes it.
   */
  public Runnable onUnload(Consumer<String> listener) {
    return documents.onUnload(listener);
  }

  /**
   * Runs {@code task} every {@code period} on the engine's timer thread until the engine closes, for
   * the transport's periodic work (the WebSocket layer's idle timeout); it must return quickly.
   */
  public void every(java.time.Duration period, Runnable task) {
    context.executors().scheduleWithFixedDelay(task, period.toMillis());
  }

  /** Sessions joined to a document on this node (one per session and document). */
  public long joinedSessions() {
    return context.metrics().joinedSessions.get();
  }

  /** Number of documents loaded on this node. */
  public int loadedDocuments() {
    return documents.size();
  }

  /**
   * Opens a session for a connection. A session of this node with the same client id and user is
   * replaced: it is told ({@link SessionListener#replaced()}) and closed. A client id that a session
   * of this node holds bound for another user is refused at once with {@code forbidden}.
   *
   * <p>A client id belongs for good to the user who first joined a document with it
   * ({@link DocumentStore#bindClient}, asked at the session's first join, on a worker thread: not
   * here, on the connection's thread). A session of another user is refused there: its join is
   * answered {@code forbidden}, it is closed and its listener told ({@link SessionListener#refused}).
   * So an unbound session of another user cannot lock the id's user out of it either.
   */
  public Session openSession(User user, String client, SessionListener listener) {
    return sessions.open(user, client, listener);
  }

  /** True when no loaded document has a turn running or scheduled; for the engine's tests. */
  boolean idle() {
    return documents.all().stream().allMatch(DocumentSequencer::idle);
  }

  // ------------------------------------------------------------------ for administrators

  /**
   * The documents loaded on this node now, in id order, each with its head and joined sessions
   * (read on each document's turn; a document unloaded meanwhile is left out).
   */
  public CompletionStage<List<LoadedDocument>> describeLoaded() {
    List<CompletableFuture<Optional<LoadedDocument>>> each = documents.all().stream()
        .map(sequencer -> sequencer.admin().describe()).toList();
    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(done -> each.stream()
        .map(CompletableFuture::join).flatMap(Optional::stream).sorted(Comparator.comparing(LoadedDocument::id)).toList());
  }

  /**
   * Saves a snapshot of a loaded document at its head now; completes with its version once it is
   * saved, or empty when the document is not loaded on this node.
   */
  public CompletionStage<Optional<Long>> snapshotNow(String documentId) {
    DocumentSequencer<?> loaded = documents.loaded(documentId);
    return loaded == null ? CompletableFuture.completedFuture(Optional.empty()) : loaded.admin().snapshot();
  }

  /**
   * Unloads a document from this node, also while clients use it (see {@link
   * SessionListener#unloaded}); completes with the number of sessions that were joined, or empty
   * when it was not loaded.
   */
  public CompletionStage<Optional<Integer>> unload(String documentId) {
    DocumentSequencer<?> loaded = documents.loaded(documentId);
    return loaded == null ? CompletableFuture.completedFuture(Optional.empty()) : loaded.admin().unload();
  }

  // ------------------------------------------------------------------ the application API

  @Override
  public DocumentInfo create(@Nullable String id, String type, String title, Map<String, String> metadata, User creator) {
    return api.create(id, type, title, metadata, creator);
  }

  /**
   * {@link #create} on behalf of a principal over a client-facing path (REST): the document counts
   * against the creator's quota, {@link EngineConfig#maxCreatesPerUser()} per {@link
   * EngineConfig#createWindow()}; past it {@code rate-limited}, and nothing is stored. A create that
   * fails otherwise (a bad id, an id that exists, the store) does not count. The application's own
   * {@link #create} calls are not counted: the application decides what it creates.
   */
  public DocumentInfo createWithinQuota(@Nullable String id, String type, String title, Map<String, String> metadata,
      User creator) {
    return api.createWithinQuota(id, type, title, metadata, creator);
  }

  @Override
  public @Nullable DocumentInfo find(String documentId) {
    return api.find(documentId);
  }

  @Override
  public CompletionStage<CommittedOp> edit(String documentId, User user, String op) {
    return api.edit(documentId, user, op);
  }

  @Override
  public <O> CompletionStage<CommittedOp> edit(String documentId, User user, OtType<O> type, O op) {
    return api.edit(documentId, user, type.encode(op));
  }

  @Override
  public CompletionStage<DocumentContent> read(String documentId) {
    return api.read(documentId);
  }

  @Override
  public CompletionStage<DocumentContent> readAt(String documentId, long version) {
    return api.readAt(documentId, version);
  }

  @Override
  public CompletionStage<List<CommittedOp>> history(String documentId, long afterVersion, int limit) {
    return api.history(documentId, afterVersion, limit);
  }

  @Override
  public Registration listen(String documentId, Consumer<CommittedOp> listener) {
    return api.listen(documentId, listener);
  }

  @Override
  public void revoke(String userId, String documentId) {
    api.revoke(userId, documentId);
  }

  /**
   * Deletes the document in the store, then drops this node's loaded copy (its clients are told
   * {@code unknown-document}, then {@code left}) and tells the other nodes to drop theirs: without
   * that, a node would go on serving the deleted document from memory, also once a document is
   * created again with the same id (whose submits would then conflict until {@code retry-exhausted}).
   */
  /** Named versions and comparisons ({@link VersionsApi}), on the background threads like {@link #readAt}. */
  @Override
  public dev.collab.Versions versions() {
    return versions;
  }

  /** Owners and grants ({@link SharingApi}), on the background threads like {@link #readAt}. */
  @Override
  public dev.collab.Sharing sharing() {
    return sharing;
  }

  /** Comment threads ({@link CommentsApi}), on the documents' turns like edits. */
  @Override
  public dev.collab.comments.Comments comments() {
    return comments;
  }

  @Override
  public boolean delete(String documentId) {
    return api.delete(documentId);
  }

  // ------------------------------------------------------------------ lifecycle

  /**
   * True while the engine runs: not closed or crashed, and its thread pools accept work (the
   * liveness of the node, for health checks).
   */
  public boolean isRunning() {
    return context.executors().isRunning();
  }

  /** True once {@link #drain} began: the node accepts no new joins or submits. */
  public boolean isDraining() {
    return documents.isDraining();
  }

  /**
   * Begins a graceful drain: from now on joins and submits are refused with {@code draining}; the
   * returned stage completes when every submit already queued has been committed and acknowledged
   * (or refused). The transport then closes its connections with 1001 and clients reconnect
   * elsewhere, losing nothing.
   */
  public CompletableFuture<Void> drain() {
    return documents.drain();
  }

  /**
   * Stops the engine at once: queued submits are refused with {@code draining}, sessions are
   * closed, threads stop. What was acknowledged is in the store. Idempotent.
   */
  @Override
  public void close() {
    if (!context.executors().markClosed()) {
      return;
    }
    sessions.closeAll();
    documents.closeAll();
    context.executors().stop();
  }

  /**
   * Simulates a crash in tests: drops every loaded document and session without telling anyone,
   * and stops. Nothing is flushed; only what the store holds survives.
   */
  public void crash() {
    context.executors().crash();
    documents.clear();
    sessions.clear();
  }
}
