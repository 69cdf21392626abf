package dev.collab.server.internal.engine;

import dev.collab.server.defaults.LocalClusterBus;
import dev.collab.server.defaults.RoleAccessPolicy;

import dev.collab.Access;
import dev.collab.Collab;
import dev.collab.CollabException;
import dev.collab.CommittedOp;
import dev.collab.DocumentExistsException;
import dev.collab.DocumentInfo;
import dev.collab.ErrorCode;
import dev.collab.Ids;
import dev.collab.User;
import dev.collab.ot.JsonLimits;
import dev.collab.ot.OtType;
import dev.collab.ot.RichText;
import dev.collab.spi.AccessPolicy;
import dev.collab.spi.ClusterBus;
import dev.collab.spi.DocumentStore;
import dev.collab.spi.Snapshot;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The collaboration engine of one node: the composition root that holds the store, the bus, the
 * access policy, the OT types and the configuration, and one {@link DocumentSequencer} per loaded
 * document. Implements the application API ({@link Collab}) and opens {@link Session}s for
 * connections.
 *
 * <p>Runs anywhere: build one with {@link #builder()} in a unit test or Java SE; in a Jakarta EE
 * application the CDI producer builds it from the beans it finds. Thread-safe. {@link #close()}
 * stops it; it is idempotent.
 */
public final class CollabEngine implements Collab, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(CollabEngine.class.getName());
  private final DocumentStore store;
  private final ClusterBus bus;
  /**
   * False when the builder was given no bus: the engine's own bus then reaches no other node, and
   * nothing is published on it (no message is built per commit for nobody to read).
   */
  private final boolean hasPeers;
  private final AccessPolicy policy;
  private final EngineConfig config;
  private final Map<String, OtType<?>> types;
  private final Clock clock;
  private final String nodeId;
  private final ExecutorService workers;
  private final ExecutorService background;
  private final ScheduledExecutorService timer;
  /** Writes the documents' appends, many documents per store call (group commit across documents). */
  /** Null when the store keeps the default {@code appendAll}: see {@link GroupCommitter#pays}. */
  private final @Nullable GroupCommitter committer;
  private final EngineMetrics metrics = new EngineMetrics();
  private final CreateQuota createQuota;
  private final LoadAdmission loadAdmission;
  private final ConcurrentHashMap<String, DocumentSequencer<?>> sequencers = new ConcurrentHashMap<>();
  /**
   * Sessions of this node by client id, then by user id (an immutable map, swapped in
   * {@code compute}): a second connection of one user with one client id replaces the first.
   * Another user's session with the same id may stand beside an unbound one; its first join asks
   * the binding ({@link #bindClient}) and only one of them passes.
   */
  private final ConcurrentHashMap<String, Map<String, Session>> sessions = new ConcurrentHashMap<>();
  /** Client ids bound on this node: used only when the store does not bind them ({@link #storeBinds}). */
  private final ConcurrentHashMap<String, String> localBindings = new ConcurrentHashMap<>();
  /** False once the store answered {@code bindClient} with UnsupportedOperationException. */
  private volatile boolean storeBinds = true;
  private final ConcurrentHashMap<String, CachedAccess> accessCache = new ConcurrentHashMap<>();
  /** Told the id of every document this node unloads (see {@link #onUnload}). Copy-on-write. */
  private final java.util.concurrent.CopyOnWriteArrayList<Consumer<String>> unloadListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  /** The client id of server-side edits of this engine instance, and their seq. */
  private final String serverClient;
  private final AtomicLong serverSeq = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Set by {@link #drain}: new joins and submits are refused with {@code draining}. */
  private volatile boolean draining;

  private record CachedAccess(Access access, long expiresNanos) {}

  /** Tasks the background thread (snapshot saves, {@code readAt}, {@code history}) queues at most. */
  static final int BACKGROUND_QUEUE = 10_000;

  private CollabEngine(Builder builder) {
    this.store = Objects.requireNonNull(builder.store, "store");
    this.bus = builder.bus != null ? builder.bus : new LocalClusterBus();
    this.hasPeers = builder.bus != null;
    this.policy = builder.policy != null ? builder.policy : new RoleAccessPolicy(false);
    this.config = builder.config;
    this.types = Map.copyOf(builder.types);
    this.clock = builder.clock;
    this.nodeId = builder.nodeId != null ? Ids.requireClientId(builder.nodeId) : randomId("n");
    this.serverClient = "srv-" + randomId("");
    this.createQuota = new CreateQuota(config, clock);
    this.loadAdmission = new LoadAdmission(this, config.maxLoadedDocuments());
    this.workers = new ThreadPoolExecutor(config.workerThreads(), config.workerThreads(), 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), threads("collab-" + nodeId + "-worker"), new ThreadPoolExecutor.AbortPolicy());
    this.background = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(BACKGROUND_QUEUE),
        threads("collab-" + nodeId + "-snapshots"), new ThreadPoolExecutor.AbortPolicy());
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, threads("collab-" + nodeId + "-timer"));
    scheduler.setRemoveOnCancelPolicy(true);
    this.timer = scheduler;
    this.committer = GroupCommitter.pays(store)
        ? new GroupCommitter(store, config, metrics, threads("collab-" + nodeId + "-committer"))
        : null;
    bus.addRecoveryListener(this::recoverFromBusLoss);
    long sweep = Math.max(1_000, config.idleUnload().toMillis() / 2);
    timer.scheduleWithFixedDelay(this::sweepIdle, sweep, sweep, TimeUnit.MILLISECONDS);
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

    public CollabEngine build() {
      return new CollabEngine(this);
    }
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static String randomId(String prefix) {
    byte[] bytes = new byte[9];
    new SecureRandom().nextBytes(bytes);
    return prefix + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  // ------------------------------------------------------------------ for the sequencers

  /** The configuration this engine runs with. */
  public EngineConfig config() {
    return config;
  }

  DocumentStore store() {
    return store;
  }

  ClusterBus bus() {
    return bus;
  }

  /** Whether other nodes may hear this one's bus messages (see {@link #hasPeers}). */
  boolean hasPeers() {
    return hasPeers;
  }

  ExecutorService workers() {
    return workers;
  }

  @Nullable GroupCommitter committer() {
    return committer;
  }

  ExecutorService background() {
    return background;
  }

  /** Runs {@code task} after a delay, unless the engine stopped meanwhile. */
  void schedule(Runnable task, long delay, TimeUnit unit) {
    try {
      timer.schedule(() -> {
        if (!closed.get()) {
          task.run();
        }
      }, delay, unit);
    } catch (java.util.concurrent.RejectedExecutionException stopped) {
      // The engine is closing: nothing is scheduled any more.
    }
  }

  public EngineMetrics metrics() {
    return metrics;
  }

  public String nodeId() {
    return nodeId;
  }

  Instant now() {
    return clock.instant();
  }

  OtType<?> type(String name) {
    OtType<?> type = types.get(name);
    if (type == null) {
      throw new CollabException(ErrorCode.INTERNAL, "no OT type named " + name + " is installed");
    }
    return type;
  }

  DocumentSequencer<?> sequencer(String documentId) {
    if (closed.get()) {
      throw new CollabException(ErrorCode.DRAINING, "the engine is closed");
    }
    return sequencers.computeIfAbsent(documentId, id -> new DocumentSequencer<>(this, id));
  }

  /** The document's sequencer if it is loaded on this node, without loading it. */
  @Nullable DocumentSequencer<?> loadedSequencer(String documentId) {
    return sequencers.get(documentId);
  }

  void removeSequencer(DocumentSequencer<?> sequencer) {
    if (!sequencers.remove(sequencer.id(), sequencer)) {
      return;
    }
    for (Consumer<String> listener : unloadListeners) {
      try {
        listener.accept(sequencer.id());
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "collab: an unload listener failed for document " + sequencer.id(), e);
      }
    }
  }

  /**
   * Calls {@code listener} with the id of every document this node unloads from now on (idle, no
   * longer used, or the engine closing), on that document's thread, after the unload: per-document
   * caches of the transport (the WebSocket layer's op frames) are dropped with it. The listener
   * must return quickly. Returns what removes it.
   */
  public Runnable onUnload(Consumer<String> listener) {
    unloadListeners.add(Objects.requireNonNull(listener, "listener"));
    return () -> unloadListeners.remove(listener);
  }

  /** The sequencers of this node now (a copy). */
  List<DocumentSequencer<?>> loadedSequencers() {
    return List.copyOf(sequencers.values());
  }

  /**
   * Whether a client's join may load {@code documentId} on this node ({@link LoadAdmission});
   * completes at once under {@link EngineConfig#maxLoadedDocuments()}.
   */
  CompletableFuture<Boolean> admitJoin(String documentId) {
    return loadAdmission.admit(documentId);
  }

  String loadRefusal() {
    return loadAdmission.refusal();
  }

  /** Number of documents loaded on this node. */
  public int loadedDocuments() {
    return sequencers.size();
  }

  /**
   * The access of {@code user} to {@code documentId}, from the cache unless it expired or
   * {@code fresh} is asked (at join).
   */
  Access access(User user, String documentId, boolean fresh) {
    String key = user.id() + '\n' + documentId;
    long now = System.nanoTime();
    CachedAccess cached = accessCache.get(key);
    if (!fresh && cached != null && cached.expiresNanos() - now > 0) {
      return cached.access();
    }
    Access access;
    try {
      access = Objects.requireNonNull(policy.access(user, documentId), "AccessPolicy returned null");
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "collab: the access policy failed for user " + user.id()
          + " and document " + documentId + "; access denied", e);
      return Access.NONE;
    }
    accessCache.put(key, new CachedAccess(access, now + config.accessCacheTtl().toNanos()));
    return access;
  }

  void forgetAccess(String userId, String documentId) {
    accessCache.remove(userId + '\n' + documentId);
  }

  /** Forgets every cached access decision for {@code documentId} (it was deleted). */
  void forgetAccessTo(String documentId) {
    String suffix = "\n" + documentId;
    accessCache.keySet().removeIf(key -> key.endsWith(suffix));
  }

  /** The bus may have lost messages: every loaded document reads its head from the store. */
  private void recoverFromBusLoss() {
    for (DocumentSequencer<?> sequencer : sequencers.values()) {
      sequencer.resyncFromStore();
    }
  }

  private void sweepIdle() {
    long idle = config.idleUnload().toNanos();
    for (DocumentSequencer<?> sequencer : sequencers.values()) {
      sequencer.unloadIfIdle(idle);
    }
  }

  // ------------------------------------------------------------------ sessions

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
    Session session = new Session(this, user, client, listener);
    Session[] replaced = new Session[1];
    sessions.compute(client, (id, byUser) -> {
      Map<String, Session> next = new HashMap<>();
      if (byUser != null) {
        for (Session other : byUser.values()) {
          if (other.isBound() && !other.user().id().equals(user.id())) {
            throw new CollabException(ErrorCode.FORBIDDEN, "client " + client + " belongs to another user");
          }
        }
        next.putAll(byUser);
      }
      replaced[0] = next.put(user.id(), session);
      return Map.copyOf(next);
    });
    if (replaced[0] != null) {
      if (replaced[0].isBound()) {
        session.markBound(); // the same user's id: nothing to ask
      }
      replaced[0].listener().replaced();
      replaced[0].close();
    }
    if (!session.isBound()) {
      try {
        // Early, off the connection's thread: another user's session is refused without a join.
        workers.execute(() -> checkBinding(session));
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        LOG.log(System.Logger.Level.DEBUG, "engine closing; client " + client + " of user " + user.id()
            + " is checked at its first join, if any");
      }
    }
    return session;
  }

  /** Asks the binding for a new session; refuses it when the id is another user's. */
  private void checkBinding(Session session) {
    if (session.isClosed()) {
      return;
    }
    boolean bound;
    try {
      bound = bindClient(session);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "binding client " + session.client() + " of user " + session.user().id()
          + " failed; its first join asks again", e);
      return;
    }
    if (!bound) {
      refuse(session, null);
    }
  }

  /** Closes a session whose client id is another user's, and tells its connection. */
  void refuse(Session session, @Nullable String documentId) {
    String reason = "client " + session.client() + " belongs to another user";
    session.close();
    session.listener().refused(documentId, reason);
  }

  void sessionClosed(Session session) {
    sessions.computeIfPresent(session.client(), (id, byUser) -> {
      if (byUser.get(session.user().id()) != session) {
        return byUser;
      }
      Map<String, Session> next = new HashMap<>(byUser);
      next.remove(session.user().id());
      return next.isEmpty() ? null : Map.copyOf(next);
    });
  }

  /**
   * Whether the session's client id is bound to the session's user, binding it when nobody holds
   * it yet; true at once for a session bound before. Called on a worker thread (it may ask the
   * store), by a document's first join of the session.
   *
   * @throws RuntimeException when the store fails (the join is answered {@code internal})
   */
  boolean bindClient(Session session) {
    if (session.isBound()) {
      return true;
    }
    String userId = session.user().id();
    String owner = null;
    if (storeBinds) {
      try {
        owner = store.bindClient(session.client(), userId);
      } catch (UnsupportedOperationException unsupported) {
        storeBinds = false;
        LOG.log(System.Logger.Level.WARNING, "the store " + store.getClass().getName() + " does not bind client ids"
            + " (DocumentStore.bindClient): client ids are bound to their users on this node only, for its lifetime;"
            + " first seen with client " + session.client() + " of user " + userId);
      }
    }
    if (owner == null) {
      String earlier = localBindings.putIfAbsent(session.client(), userId);
      owner = earlier != null ? earlier : userId;
    }
    if (!owner.equals(userId)) {
      return false;
    }
    session.markBound();
    return true;
  }

  // ------------------------------------------------------------------ the application API

  @Override
  public DocumentInfo create(@Nullable String id, String type, String title, Map<String, String> metadata, User creator) {
    String documentId = id != null ? id : randomId("d");
    if (!Ids.isDocumentId(documentId)) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, "bad document id: letters, digits, '-', '_', '.'; 1 to 128; not only dots");
    }
    if (!types.containsKey(type)) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, "unsupported type " + type + "; installed: " + types.keySet());
    }
    DocumentInfo info;
    try {
      info = new DocumentInfo(documentId, type, title, metadata, creator.id(), now());
    } catch (IllegalArgumentException e) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, e.getMessage());
    }
    if (!store.create(info)) {
      throw new DocumentExistsException(documentId);
    }
    return info;
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
    createQuota.take(creator.id());
    boolean created = false;
    try {
      DocumentInfo info = create(id, type, title, metadata, creator);
      created = true;
      return info;
    } finally {
      if (!created) {
        createQuota.giveBack(creator.id());
      }
    }
  }

  @Override
  public @Nullable DocumentInfo find(String documentId) {
    return store.find(documentId).orElse(null);
  }

  @Override
  public CompletionStage<CommittedOp> edit(String documentId, User user, String op) {
    return serverEdit(documentId, user, op);
  }

  @Override
  public <O> CompletionStage<CommittedOp> edit(String documentId, User user, OtType<O> type, O op) {
    return serverEdit(documentId, user, type.encode(op));
  }

  private CompletionStage<CommittedOp> serverEdit(String documentId, User user, Object op) {
    if (!Ids.isDocumentId(documentId)) {
      return CompletableFuture.failedFuture(new CollabException(ErrorCode.BAD_MESSAGE, "bad document id"));
    }
    return sequencer(documentId).edit(user, serverClient, serverSeq.incrementAndGet(), op);
  }

  @Override
  public CompletionStage<DocumentContent> read(String documentId) {
    DocumentInfo info = find(documentId);
    if (info == null) {
      return CompletableFuture.failedFuture(new CollabException(ErrorCode.UNKNOWN_DOCUMENT, "no document " + documentId));
    }
    return sequencer(documentId).read()
        .thenApply(e -> new DocumentContent(documentId, info.type(), e.getKey(), e.getValue()));
  }

  @Override
  public CompletionStage<DocumentContent> readAt(String documentId, long version) {
    return inBackground("a read of version " + version, documentId, () -> contentAt(documentId, version));
  }

  /**
   * Runs {@code task} on the background thread; when its queue is full (or the engine stopped) the
   * result fails at once with {@code rate-limited} (or {@code draining}) and a log line, rather than
   * never completing.
   */
  private <T> CompletableFuture<T> inBackground(String what, String documentId, java.util.function.Supplier<T> task) {
    try {
      return CompletableFuture.supplyAsync(task, background);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      boolean stopped = background.isShutdown();
      LOG.log(System.Logger.Level.WARNING, "collab: {0} of document {1} refused: {2}", what, documentId,
          stopped ? "the engine is stopping" : BACKGROUND_QUEUE + " background tasks are queued");
      return CompletableFuture.failedFuture(stopped
          ? new CollabException(ErrorCode.DRAINING, "the server is stopping: " + what + " of document " + documentId + " refused")
          : new CollabException(ErrorCode.RATE_LIMITED, "the server is busy: " + what + " of document " + documentId
              + " refused; try again later"));
    }
  }

  private <O> DocumentContent contentAt(String documentId, long version) {
    DocumentInfo info = store.find(documentId)
        .orElseThrow(() -> new CollabException(ErrorCode.UNKNOWN_DOCUMENT, "no document " + documentId));
    long head = store.head(documentId);
    if (version < 0 || version > head) {
      throw new CollabException(ErrorCode.VERSION_AHEAD, "version " + version + " is not in 0.." + head);
    }
    @SuppressWarnings("unchecked")
    OtType<O> type = (OtType<O>) type(info.type());
    Optional<Snapshot> snapshot = store.loadSnapshot(documentId, version);
    O content = snapshot.map(s -> type.decode(s.data(), JsonLimits.STORAGE)).orElse(type.empty());
    long from = snapshot.map(Snapshot::version).orElse(0L);
    List<CommittedOp> ops = store.readOps(documentId, from, version);
    if (ops.size() != version - from) {
      throw new CollabException(ErrorCode.HISTORY_GONE, "the ops up to version " + version + " are no longer kept");
    }
    for (CommittedOp op : ops) {
      content = type.apply(content, type.decode(op.op(), JsonLimits.STORAGE));
    }
    return new DocumentContent(documentId, info.type(), version, type.encodeToString(content));
  }

  @Override
  public CompletionStage<List<CommittedOp>> history(String documentId, long afterVersion, int limit) {
    return inBackground("a history read", documentId,
        () -> new ArrayList<>(store.readOps(documentId, afterVersion, afterVersion + Math.max(0, limit))));
  }

  @Override
  public Registration listen(String documentId, Consumer<CommittedOp> listener) {
    Runnable undo = sequencer(documentId).listen(listener);
    return undo::run;
  }

  @Override
  public void revoke(String userId, String documentId) {
    forgetAccess(userId, documentId);
    DocumentSequencer<?> sequencer = sequencers.get(documentId);
    if (sequencer != null) {
      sequencer.recheckAccess(userId);
    }
    if (hasPeers) {
      bus.publish(documentId, BusMessages.revoke(nodeId, userId));
    }
  }

  /**
   * Deletes the document in the store, then drops this node's loaded copy (its clients are told
   * {@code unknown-document}, then {@code left}) and tells the other nodes to drop theirs: without
   * that, a node would go on serving the deleted document from memory, also once a document is
   * created again with the same id (whose submits would then conflict until {@code retry-exhausted}).
   */
  @Override
  public boolean delete(String documentId) {
    if (!Ids.isDocumentId(documentId)) {
      throw new CollabException(ErrorCode.BAD_MESSAGE, "bad document id");
    }
    Optional<DocumentInfo> info = store.find(documentId);
    boolean deleted = store.delete(documentId);
    forgetDeleted(documentId);
    // Another node drops only its copy of this document, not one created again since (the message
    // may arrive after that): the creation time tells them apart.
    if (hasPeers && info.isPresent()) {
      bus.publish(documentId, BusMessages.deleted(nodeId, info.get().created()));
    }
    return deleted;
  }

  /**
   * The document was deleted: its cached access decisions go, and its loaded copy is dropped. The
   * copy goes on its own turn, so requests queued before are answered first and those queued after
   * reach a new copy (the document created again, or unknown-document).
   */
  void forgetDeleted(String documentId) {
    forgetAccessTo(documentId);
    DocumentSequencer<?> loaded = sequencers.get(documentId);
    if (loaded != null) {
      loaded.deleted();
    }
  }

  /** True once {@link #drain} began: the node accepts no new joins or submits. */
  public boolean isDraining() {
    return draining;
  }

  /**
   * Begins a graceful drain: from now on joins and submits are refused with {@code draining}; the
   * returned stage completes when every submit already queued has been committed and acknowledged
   * (or refused). The transport then closes its connections with 1001 and clients reconnect
   * elsewhere, losing nothing.
   */
  public CompletableFuture<Void> drain() {
    draining = true;
    CompletableFuture<?>[] quiet = sequencers.values().stream()
        .map(DocumentSequencer::quiesce).toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(quiet);
  }

  /**
   * Stops the engine at once: queued submits are refused with {@code draining}, sessions are
   * closed, threads stop. What was acknowledged is in the store. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (Map<String, Session> byUser : List.copyOf(sessions.values())) {
      byUser.values().forEach(Session::close);
    }
    for (DocumentSequencer<?> sequencer : List.copyOf(sequencers.values())) {
      sequencer.closeNow();
    }
    // Queued appends fail (nothing of them was written), a store call in progress finishes; the
    // sequencers then answer their submits before the workers stop.
    if (committer != null) {
      committer.close(10_000);
    }
    timer.shutdownNow();
    workers.shutdown();
    background.shutdown();
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.shutdownNow();
  }

  /**
   * Simulates a crash in tests: drops every loaded document and session without telling anyone,
   * and stops. Nothing is flushed; only what the store holds survives.
   */
  public void crash() {
    closed.set(true);
    if (committer != null) {
      committer.crash();
    }
    timer.shutdownNow();
    workers.shutdownNow();
    background.shutdownNow();
    sequencers.clear();
    sessions.clear();
  }
}
