package dev.collab.server.internal.engine;

import dev.collab.CollabException;
import dev.collab.CommittedOp;
import dev.collab.DocumentInfo;
import dev.collab.ErrorCode;
import dev.collab.ot.JsonLimits;
import dev.collab.ot.OtDocument;
import dev.collab.ot.OtType;
import dev.collab.spi.DocumentStore;
import dev.collab.spi.Snapshot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One loaded document in memory: its metadata and type, the content at the head, and the transform
 * window (the recently committed ops with their decoded form) that serves catch-ups, the dedup of
 * resubmissions and the transform of late submits without reading the store.
 *
 * <p>Every field is confined to the document's turn: each method asserts it ({@link
 * DocumentSequencer#checkTurn}).
 *
 * @param <O> the document's op type
 */
final class DocumentState<O> {
  /** The fewest ops a window keeps (when the configured window is not smaller). */
  static final int MIN_WINDOW = 8;

  private final DocumentSequencer<O> turn;
  private final DocumentStore store;
  private final EngineConfig config;
  private final String id;

  // ---- guarded by the document's turn ----
  private @Nullable DocumentInfo info;
  private @Nullable OtType<O> type;
  private @Nullable OtDocument<O> document;
  /** The document's encoded size, kept with it ({@code collab.max-document-bytes}). */
  private @Nullable DocumentSize<O> size;
  /** The version of the last op applied to {@link #document}. */
  private long head;
  /** The version of the latest snapshot saved (or loaded). */
  private long lastSnapshot;
  /**
   * Recently committed ops with their decoded form, oldest first; versions end at head. Its length
   * follows the lag of the submits (see {@link #windowTarget}), at most {@link
   * EngineConfig#windowSize()}.
   */
  private final ArrayDeque<Entry<O>> window = new ArrayDeque<>();
  /** The largest lag (head minus base) of a submit in the current lag period, and in the one before. */
  private long lagNow;
  private long lagBefore;
  /** Ops committed in the current lag period; a period lasts {@link EngineConfig#windowSize()} ops. */
  private long lagPeriodOps;

  private record Entry<O>(CommittedOp committed, O op) {}

  /** The comment threads with their anchors at the head, moved by every op the head advances by. */
  private final DocumentThreads<O> threads = new DocumentThreads<>();

  DocumentState(DocumentSequencer<O> turn, DocumentStore store, EngineConfig config, String id) {
    this.turn = turn;
    this.store = store;
    this.config = config;
    this.id = id;
  }

  /** The document's metadata and type, found in the store at load (before its content is read). */
  void identify(DocumentInfo info, OtType<O> type) {
    turn.checkTurn();
    this.info = info;
    this.type = type;
    this.size = new DocumentSize<>(SizeModel.of(type));
  }

  @Nullable DocumentInfo info() {
    return info;
  }

  OtType<O> type() {
    return Objects.requireNonNull(type);
  }

  OtDocument<O> document() {
    return Objects.requireNonNull(document);
  }

  long head() {
    return head;
  }

  /** The document's encoded size, as known at the head. */
  DocumentSize<O> size() {
    return Objects.requireNonNull(size);
  }

  /** The document's comment threads at the head (loaded on first use: {@link CommentPath}). */
  DocumentThreads<O> threads() {
    turn.checkTurn();
    return threads;
  }

  long lastSnapshot() {
    return lastSnapshot;
  }

  void snapshotTaken(long version) {
    turn.checkTurn();
    lastSnapshot = version;
  }

  /** The document at the head, in its type's JSON form. */
  String encodeSnapshot() {
    return type().encodeToString(document().snapshot());
  }

  /** (Re)builds the document from the store: the latest snapshot and every op after it. */
  void rebuild() {
    turn.checkTurn();
    OtType<O> t = type();
    long storeHead = store.head(id);
    if (storeHead < 0) {
      throw new CollabException(ErrorCode.UNKNOWN_DOCUMENT, "no document " + id);
    }
    Optional<Snapshot> snapshot = store.loadSnapshot(id, storeHead);
    O content = snapshot.map(s -> t.decode(s.data(), JsonLimits.STORAGE)).orElse(t.empty());
    OtDocument<O> rebuilt = t.newDocument(content);
    long version = snapshot.map(Snapshot::version).orElse(0L);
    window.clear();
    for (CommittedOp op : store.readOpsAfter(id, version)) {
      O decoded = t.decode(op.op(), JsonLimits.STORAGE);
      rebuilt.apply(decoded);
      version = op.version();
      remember(op, decoded);
    }
    document = rebuilt;
    head = version;
    threads.unload(); // read again, and moved to this head, when next needed
    lastSnapshot = snapshot.map(Snapshot::version).orElse(0L);
    // Measured exactly, encoded afresh (a store may have reformatted the stored text): a load costs
    // as much as the document anyway.
    O loaded = rebuilt.snapshot();
    size().loaded(loaded, t.encodeToString(loaded));
  }

  /**
   * The document is back at {@link #head} as committed: tentative changes are dropped. (They were
   * applied to the document only, never to the window.) Costs a snapshot load plus the ops after
   * it; only conflicts and a document at its size limit pay it.
   */
  void rebuildToHead() {
    rebuildAt(head);
  }

  /**
   * Rebuilds the document at exactly {@code version} (snapshot at or below it, plus the ops up to it).
   * Called with the head only (tentative changes dropped), so {@link #size} stays as it was: it only
   * ever counts committed ops.
   */
  void rebuildAt(long version) {
    turn.checkTurn();
    OtType<O> t = type();
    Optional<Snapshot> snapshot = store.loadSnapshot(id, version);
    OtDocument<O> rebuilt = t.newDocument(snapshot.map(s -> t.decode(s.data(), JsonLimits.STORAGE)).orElse(t.empty()));
    long from = snapshot.map(Snapshot::version).orElse(0L);
    for (CommittedOp op : store.readOps(id, from, version)) {
      rebuilt.apply(t.decode(op.op(), JsonLimits.STORAGE));
    }
    document = rebuilt;
  }

  /** An op committed at {@code head + 1} (by this node: already applied to the document) is the new head. */
  void advance(CommittedOp op, O decoded) {
    turn.checkTurn();
    head = op.version();
    remember(op, decoded);
    threads.moved(type(), decoded);
  }

  /**
   * Applies an op committed elsewhere if it is the next one.
   *
   * @return whether it was applied (false for an op at or past a gap)
   */
  boolean applyRemote(CommittedOp op) {
    turn.checkTurn();
    if (op.version() != head + 1) {
      return false;
    }
    O decoded = type().decode(op.op(), JsonLimits.STORAGE);
    document().apply(decoded);
    size().grew(size().growth(size().current(), decoded));
    advance(op, decoded);
    return true;
  }

  private void remember(CommittedOp op, O decoded) {
    window.addLast(new Entry<>(op, decoded));
    if (++lagPeriodOps >= config.windowSize()) {
      lagBefore = lagNow;
      lagNow = 0;
      lagPeriodOps = 0;
    }
    int target = windowTarget();
    while (window.size() > target) {
      window.removeFirst();
    }
  }

  /**
   * How many ops the window keeps: twice the largest lag of a submit over the last one or two
   * periods of {@link EngineConfig#windowSize()} ops, at least {@link #MIN_WINDOW}, at most {@code
   * windowSize}. A document whose writers keep up (one writer per document, say) keeps a few dozen
   * decoded ops instead of a thousand, so that with many documents open the windows no longer
   * survive young collections; one slow client grows its document's window at its next submit.
   * A base older than the window is served by the store, as it always was.
   */
  private int windowTarget() {
    long wanted = Math.max(MIN_WINDOW, 2 * Math.max(lagNow, lagBefore));
    return (int) Math.min(config.windowSize(), wanted);
  }

  /** Notes how far behind the head a submit was made. */
  void noteLag(long base) {
    turn.checkTurn();
    lagNow = Math.max(lagNow, head - base);
  }

  /** The version just before the oldest op of the window: bases below it need the store. */
  private long windowStart() {
    return window.isEmpty() ? head : window.peekFirst().committed().version() - 1;
  }

  /** The committed ops after {@code from} up to head, or null when the history is gone. */
  @Nullable List<CommittedOp> committedAfter(long from) {
    turn.checkTurn();
    List<CommittedOp> ops = new ArrayList<>();
    if (from < windowStart()) {
      List<CommittedOp> older = store.readOps(id, from, windowStart());
      if (older.size() != windowStart() - from) {
        return null;
      }
      ops.addAll(older);
    }
    for (Entry<O> entry : window) {
      if (entry.committed().version() > from) {
        ops.add(entry.committed());
      }
    }
    return ops;
  }

  /**
   * The op committed earlier for ({@code client}, {@code seq}), if any. An op made on {@code base}
   * can only have been committed after it, so the window is searched from the head down to the
   * base; the store is asked when the base is older than the window, and on every retry after a
   * conflict (a store reports a (client, seq) it already holds as a conflict, wherever it is in
   * the log).
   */
  @Nullable CommittedOp findCommitted(String client, long seq, long base, boolean askStore) {
    turn.checkTurn();
    for (Iterator<Entry<O>> it = window.descendingIterator(); it.hasNext(); ) {
      CommittedOp committed = it.next().committed();
      if (committed.version() <= base) {
        break;
      }
      if (committed.seq() == seq && committed.client().equals(client)) {
        return committed;
      }
    }
    if (askStore || base < windowStart()) {
      return store.findOp(id, client, seq).orElse(null);
    }
    return null;
  }

  /**
   * The ops committed after {@code from} up to the head, decoded (the window's own, older ones read
   * from the store), oldest first.
   *
   * @throws CollabException {@code history-gone} when the store no longer has them
   */
  List<O> decodedAfter(long from) {
    turn.checkTurn();
    OtType<O> t = type();
    List<O> ops = new ArrayList<>();
    if (from < windowStart()) {
      List<CommittedOp> older = store.readOps(id, from, windowStart());
      if (older.size() != windowStart() - from) {
        throw new CollabException(ErrorCode.HISTORY_GONE, "the ops after version " + from + " are no longer kept");
      }
      for (CommittedOp committed : older) {
        ops.add(t.decode(committed.op(), JsonLimits.STORAGE));
      }
    }
    for (Entry<O> entry : window) {
      if (entry.committed().version() > from) {
        ops.add(entry.op());
      }
    }
    return ops;
  }

  /** {@code op}, made on {@code base}, transformed over every op committed after it. */
  O transformFromBase(O op, long base) {
    turn.checkTurn();
    OtType<O> t = type();
    if (base < windowStart()) {
      List<CommittedOp> older = store.readOps(id, base, windowStart());
      if (older.size() != windowStart() - base) {
        throw new CollabException(ErrorCode.HISTORY_GONE,
            "the ops after version " + base + " are no longer kept; rejoin");
      }
      for (CommittedOp committed : older) {
        op = t.transform(t.decode(committed.op(), JsonLimits.STORAGE), op, true);
      }
    }
    if (base >= head) {
      return op;
    }
    // Only the newest (head - base) entries matter: walk back to them rather than over the window.
    ArrayDeque<O> since = new ArrayDeque<>();
    for (Iterator<Entry<O>> it = window.descendingIterator(); it.hasNext(); ) {
      Entry<O> entry = it.next();
      if (entry.committed().version() <= base) {
        break;
      }
      since.addFirst(entry.op());
    }
    for (O committed : since) {
      op = t.transform(committed, op, true);
    }
    return op;
  }
}
