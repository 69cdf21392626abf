package dev.collab.spi;

import dev.collab.CommittedOp;
import dev.collab.DocumentInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where documents live: their metadata, their op log (the source of truth) and snapshots.
 *
 * <p><b>Who calls it, and how.</b> The engine calls it, from its worker threads, never from a
 * thread that holds a lock another call needs. Calls for one document on one node come one at a
 * time (one sequencer per document per node), but several nodes, and so several threads of one
 * store instance shared between engines, may call it for the same document at once. Every method
 * may block (a database round trip); none is called on a WebSocket I/O thread.
 *
 * <p><b>What must be atomic.</b> {@link #append} is the one critical method: it writes all of its
 * ops or none, and only if the log's head is the expected version at the moment of writing
 * (compare-and-set), so that two nodes can never both write version v. Everything the engine
 * promises ("acknowledged means durable", versions 1, 2, 3... without gap or duplicate) rests on it.
 * When {@link #append} returns {@link AppendResult.Appended}, the ops must survive a crash of this
 * process (the transaction is committed).
 *
 * <p><b>Failures.</b> A conflict is a result ({@link AppendResult.Conflict}). Infrastructure
 * failures (database down) are thrown as any {@link RuntimeException}; the engine answers the
 * affected submits with {@code internal} and does not acknowledge them. A store must not throw after
 * it committed: if it cannot tell whether a write committed, it throws, and the engine's idempotence
 * lookup ({@link #findOp}) sorts it out on resubmission.
 *
 * <p><b>Returned collections.</b> Every list a store returns ({@link #list}, {@link #readOps},
 * {@link #readOpsAfter}, {@link #appendAll}) is an unmodifiable snapshot: changing it throws
 * {@link UnsupportedOperationException}, and later writes to the store do not change it (never a
 * live view of the store's own data, for example {@code subList} of an internal list). The engine
 * keeps these lists and reads them on other threads. {@link List#copyOf} makes one.
 *
 * <p>Required core: {@link #create}, {@link #find}, {@link #list}, {@link #delete},
 * {@link #append}, {@link #readOps}, {@link #head}, {@link #saveSnapshot}, {@link #loadSnapshot},
 * {@link #findOp}. Optional, with defaults: {@link #rename}, {@link #pruneHistory}, {@link #namedVersions}, {@link #grants}, {@link #comments},
 * {@link #bindClient}, {@link #checkHealth}. Implementations
 * shipped: in-memory (one JVM) and JPA.
 */
public interface DocumentStore {

  /**
   * Creates a document with an empty log (head 0). Atomic: of concurrent creates of one id, on any
   * node, exactly one returns true.
   *
   * @param info the new document's metadata, already checked by {@link DocumentInfo}
   * @return true when the document was created; false, writing nothing, when a document with that
   *     id exists
   */
  boolean create(DocumentInfo info);

  /**
   * Looks a document up.
   *
   * @param documentId the document's id
   * @return the document's metadata as last created or renamed, or empty when it does not exist
   */
  Optional<DocumentInfo> find(String documentId);

  /**
   * Documents in id order, skipping {@code offset}, at most {@code limit}.
   *
   * @param offset how many documents to skip, from 0
   * @param limit the most documents to return, from 1 (the engine asks for at most 100)
   * @return the page, empty when {@code offset} is past the last document; an unmodifiable snapshot
   */
  List<DocumentInfo> list(int offset, int limit);

  /**
   * Deletes the document with its log and snapshots. Its id may then be created again, with an
   * empty log; an {@link #append} to it meanwhile is {@link AppendResult.NoSuchDocument}.
   *
   * @param documentId the document's id
   * @return true when the document existed and is gone; false when it did not exist
   */
  boolean delete(String documentId);

  /**
   * Appends {@code ops}, whose versions are {@code expectedHead + 1 .. expectedHead + ops.size()}
   * in order, if and only if the log's head is {@code expectedHead} and none of the ops'
   * {@code (client, seq)} is already in this document's log. All or nothing; durable on return.
   *
   * <p>A resubmitted {@code (client, seq)} is a {@link AppendResult.Conflict}, not an error: the
   * engine then finds the committed op with {@link #findOp} and acknowledges it again. A store that
   * detects conflicts through unique keys translates the key violation into the result; it never
   * throws for one.
   *
   * @param documentId the document to append to
   * @param expectedHead the head the ops were made on: the version of the log's last op, 0 for an
   *     empty log
   * @param ops one or more consecutive ops of this document
   * @return {@link AppendResult.Appended}, or {@link AppendResult.Conflict} with the current head,
   *     or {@link AppendResult.NoSuchDocument}
   * @throws IllegalArgumentException writing nothing and whatever the head, when {@code ops} is
   *     empty, when an op belongs to another document, when the versions are not {@code
   *     expectedHead + 1, expectedHead + 2, ...}, or when two of the ops have the same {@code
   *     (client, seq)}; also when the store cannot keep an op's text exactly (a lone surrogate in a
   *     UTF-8 database), rather than altering it
   */
  AppendResult append(String documentId, long expectedHead, List<CommittedOp> ops);

  /**
   * Appends to several documents at once (group commit across documents): each request is
   * treated exactly as its own {@link #append} would treat it (its ops all or none, only at its
   * expected head, no {@code (client, seq)} twice, the same {@link AppendResult}), and the results
   * come back in request order. A request's {@link AppendResult.Conflict} or
   * {@link AppendResult.NoSuchDocument} does not stop the others. Durable on return, like
   * {@link #append}.
   *
   * <p><b>Who calls it.</b> The engine's committer thread(s), with the appends that queued while
   * the previous call ran (one per document at most), so that one transaction carries many
   * documents' ops. The default makes one {@link #append} per request; a store that can write
   * several documents in one transaction (one round trip, JDBC batching) overrides it. A store that
   * batches must still give each request its own result: when the batch hits a key violation (one
   * document conflicted), it finds out which, for example by falling back to one transaction per
   * request.
   *
   * @param requests one or more, each for a different document
   * @return one result per request, in the same order; an unmodifiable list
   * @throws IllegalArgumentException writing nothing, when {@code requests} is empty, when two
   *     requests name the same document, or when a request fails {@link #append}'s argument checks
   *     ({@link #requireConsecutive}); a store's own refusals (text it cannot keep) are thrown the
   *     same way, naming the request
   * @throws RuntimeException an infrastructure failure: then each request may or may not have been
   *     written (each all or nothing), as when {@link #append} throws
   * @since 0.1
   */
  default List<AppendResult> appendAll(List<AppendRequest> requests) {
    requireDistinct(requests);
    List<AppendResult> results = new ArrayList<>(requests.size());
    for (AppendRequest request : requests) {
      results.add(append(request.documentId(), request.expectedHead(), request.ops()));
    }
    return List.copyOf(results);
  }

  /**
   * The argument checks of {@link #appendAll} every implementation makes before it writes: at
   * least one request, no document twice, and {@link #requireConsecutive} for each.
   *
   * @param requests the argument of {@link #appendAll}
   * @throws IllegalArgumentException naming the offending request
   * @since 0.1
   */
  static void requireDistinct(List<AppendRequest> requests) {
    if (requests.isEmpty()) {
      throw new IllegalArgumentException("appendAll of no requests");
    }
    java.util.Set<String> documents = new java.util.HashSet<>();
    for (int i = 0; i < requests.size(); i++) {
      AppendRequest request = requests.get(i);
      if (!documents.add(request.documentId())) {
        throw new IllegalArgumentException("request " + i + " names document " + request.documentId()
            + " again; appendAll takes one request per document");
      }
      try {
        requireConsecutive(request.documentId(), request.expectedHead(), request.ops());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("request " + i + " (document " + request.documentId() + "): " + e.getMessage(), e);
      }
    }
  }

  /**
   * The committed ops with {@code fromExclusive < version <= toInclusive}, in version order. Fewer
   * (a suffix) when the older ones were pruned; empty when the document does not exist.
   *
   * @param documentId the document's id
   * @param fromExclusive the version after which to start; 0 for the first op
   * @param toInclusive the last version to read; a range past the head reads only the ops that exist
   * @return the ops, each with its version, as they were appended; an unmodifiable snapshot
   */
  List<CommittedOp> readOps(String documentId, long fromExclusive, long toInclusive);

  /**
   * The document's head, as last committed by any node.
   *
   * @param documentId the document's id
   * @return the version of the last committed op (0 for a new document); -1 when the document does
   *     not exist
   */
  long head(String documentId);

  /**
   * Stores a snapshot. Called off the submit path, for a version already committed; a snapshot for
   * a version that already has one may be ignored.
   *
   * @param documentId the document's id
   * @param snapshot the content at a version from 0 to the head
   */
  void saveSnapshot(String documentId, Snapshot snapshot);

  /**
   * The snapshot with the highest version at or below {@code atOrBelow}, if any. A store may keep
   * fewer snapshots than it was given (snapshots only save replaying ops), as long as it keeps the
   * latest one; it then answers with the highest one it kept.
   *
   * @param documentId the document's id
   * @param atOrBelow the highest version wanted
   * @return the snapshot, or empty when none at or below {@code atOrBelow} is kept (or the document
   *     does not exist)
   */
  Optional<Snapshot> loadSnapshot(String documentId, long atOrBelow);

  /**
   * The committed op submitted as {@code (client, seq)} to this document, if there is one: the
   * engine's idempotence lookup for a resubmission.
   *
   * @param documentId the document's id
   * @param client the submitting client's id
   * @param seq the client's number for the submit
   * @return the op, or empty when that submit was never committed to this document (or was pruned)
   */
  Optional<CommittedOp> findOp(String documentId, String client, long seq);

  /**
   * Drops old history (an optional retention policy, run by the application, never by the engine):
   * the ops committed before {@code cutoff} that the latest snapshot covers, always keeping the
   * head op, and only a prefix of the log, so what remains is a contiguous suffix. Afterwards
   * {@link #readOps} returns that suffix for older ranges and {@link #findOp} forgets the dropped
   * ops; the engine answers a join from before the kept history with a snapshot, and a submit made
   * on it with {@code history-gone}. The default keeps everything.
   *
   * @param documentId the document's id
   * @param cutoff the commit time before which ops may be dropped
   * @return how many ops were dropped; 0 for an unknown document
   * @since 0.1
   */
  default long pruneHistory(String documentId, java.time.Instant cutoff) {
    return 0;
  }

  /**
   * Binds a client id to the user who first used it, for good: the first call for {@code client}
   * binds it to {@code userId}; every later call, with any user, on any node, after any restart,
   * answers that first user. The engine calls it before it lets a connection's client id appear in
   * a document (at the connection's first join), and refuses the connection when another user
   * holds the id: so a {@code (client, seq)} of the log is always the bound user's, and no user can
   * make another user's submit look acknowledged (by committing under her id first) or be refused.
   *
   * <p><b>Who calls it, and how.</b> The engine, from a worker thread, once per connection (its
   * first join), so as often as clients connect; several nodes may call it for one client id at
   * once. <b>What must be atomic:</b> of concurrent first calls for one client id exactly one binds
   * it, and all of them answer its user (insert-if-absent; a store with a unique key on the client
   * id reads the winner's row after a key violation). Durable on return, like {@link #append}.
   * Bindings are never changed; a store may keep them as long as the ops they guard.
   *
   * <p>Optional: the default throws {@link UnsupportedOperationException}; the engine then binds
   * client ids on its own node only (for its lifetime), which does not hold across nodes or
   * restarts, and says so in its log at start. Both shipped stores implement it.
   *
   * @param client a client id ({@link dev.collab.Ids#requireClientId})
   * @param userId the id of the user presenting it
   * @return the id of the user the client id is bound to: {@code userId} when this call bound it or
   *     it was bound to that user already, else the other user's
   * @throws UnsupportedOperationException when the store does not bind client ids (the default)
   * @since 0.1
   */
  default String bindClient(String client, String userId) {
    throw new UnsupportedOperationException(getClass().getName() + " does not bind client ids");
  }

  /**
   * Changes a document's title, and nothing else: not its id, type, metadata, creator or log.
   * Optional: the default throws {@link UnsupportedOperationException}; both shipped stores
   * implement it.
   *
   * <p><b>Who calls it.</b> The application (its own code, or Collab's REST {@code PATCH
   * documents/{id}}) on any thread, at any time, concurrently with appends to the same document
   * and with other renames; never the engine's submit path. It must not wait for, or delay, the
   * document's appends.
   *
   * <p><b>What the implementer guarantees.</b> The change is atomic and durable on return: a later
   * {@link #find} or {@link #list} on any node shows the new title (or a newer one). Of two
   * concurrent renames one wins whole; a title is never mixed. A rename of a document deleted
   * meanwhile returns false and creates nothing. The title is checked before anything is read
   * ({@link DocumentInfo#requireTitle}): a bad one is refused whether or not the document exists,
   * and a store that cannot keep it exactly (a lone surrogate in a UTF-8 database) refuses it too.
   *
   * @param documentId the document's id
   * @param title the new title: at most {@value DocumentInfo#MAX_TITLE_LENGTH} characters, may be
   *     empty
   * @return true when the document exists and now has {@code title}; false, writing nothing, when it
   *     does not exist
   * @throws IllegalArgumentException when the title is longer than the limit or cannot be stored
   *     exactly; NullPointerException when it is null
   * @throws UnsupportedOperationException when the store does not rename (the default)
   * @since 0.1
   */
  default boolean rename(String documentId, String title) {
    throw new UnsupportedOperationException(getClass().getName() + " does not support renaming documents");
  }

  /**
   * Where this store keeps named versions, which pin their content against thinning and
   * {@link #pruneHistory}. Optional: the default throws {@link UnsupportedOperationException}; both
   * shipped stores implement it.
   *
   * @return the store's named versions
   * @throws UnsupportedOperationException when the store does not keep named versions (the default)
   * @since 0.1
   */
  default NamedVersionStore namedVersions() {
    throw new UnsupportedOperationException(getClass().getName() + " does not keep named versions");
  }

  /**
   * Where this store keeps the owners and grants of documents, which {@code GrantAccessPolicy}
   * answers from and {@code Collab.sharing()} writes. Optional: the default throws {@link
   * UnsupportedOperationException}; both shipped stores implement it. Deleting a document deletes
   * its grants.
   *
   * @return the store's grants
   * @throws UnsupportedOperationException when the store does not keep grants (the default)
   * @since 0.1
   */
  default GrantStore grants() {
    throw new UnsupportedOperationException(getClass().getName() + " does not keep grants");
  }

  /**
   * Where this store keeps the comment threads of documents, which {@code Collab.comments()} and the
   * wire's comment messages read and write. Optional: the default throws {@link
   * UnsupportedOperationException} (the engine then sends no threads and answers every comment
   * request {@code forbidden}, saying the server keeps no comments); both shipped stores implement
   * it. Deleting a document deletes its threads.
   *
   * @return the store's comment threads
   * @throws UnsupportedOperationException when the store does not keep comments (the default)
   * @since 0.1
   */
  default CommentStore comments() {
    throw new UnsupportedOperationException(getClass().getName() + " does not keep comments");
  }

  /**
   * The argument checks every implementation of {@link #append} makes before it reads or writes
   * anything: at least one op; versions {@code expectedHead + 1, + 2, ...} in order, all of
   * {@code documentId}; no {@code (client, seq)} twice within the call.
   *
   * @param documentId the document of the append
   * @param expectedHead the head the ops were made on
   * @param ops the ops to check
   * @throws IllegalArgumentException naming the offending op
   * @since 0.1
   */
  static void requireConsecutive(String documentId, long expectedHead, List<CommittedOp> ops) {
    if (ops.isEmpty()) {
      throw new IllegalArgumentException("append of no ops");
    }
    // A set only for long appends; a short one (the usual one op) compares pairwise, allocating nothing.
    java.util.Set<String> submits = ops.size() > 8 ? new java.util.HashSet<>() : null;
    for (int i = 0; i < ops.size(); i++) {
      CommittedOp op = ops.get(i);
      if (!op.document().equals(documentId) || op.version() != expectedHead + 1 + i) {
        throw new IllegalArgumentException(
            "op " + i + " is version " + op.version() + " of " + op.document()
                + ", expected version " + (expectedHead + 1 + i) + " of " + documentId);
      }
      if (submits != null ? !submits.add(op.client() + '#' + op.seq()) : repeatsEarlier(ops, i)) {
        throw new IllegalArgumentException(
            "op " + i + " repeats (client, seq) (" + op.client() + ", " + op.seq() + ") of an earlier op of the append");
      }
    }
  }

  private static boolean repeatsEarlier(List<CommittedOp> ops, int i) {
    CommittedOp op = ops.get(i);
    for (int j = 0; j < i; j++) {
      if (ops.get(j).seq() == op.seq() && ops.get(j).client().equals(op.client())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Checks that the store answers now: one cheap round trip to whatever holds the data (the JPA
   * store reads one indexed row that does not exist), for a readiness probe. Returns normally when
   * the store answered; throws when it did not.
   *
   * <p><b>Who calls it, and how.</b> Collab's health checks, on a thread of their own (never a
   * request thread, never an engine worker), at most one call at a time per engine, and no more
   * often than the probe's cache allows ({@code collab.health.cache}); the caller stops waiting
   * after {@code collab.health.timeout} and reports the store down, whether or not the call ends
   * later. So it may block (a database round trip), but it should not do more than one: no writes,
   * no scans. It must not change any data.
   *
   * <p>Optional: the default returns at once (a store that cannot be unreachable, such as the
   * in-memory one). A store on a database or a remote service overrides it.
   *
   * @throws RuntimeException when the store did not answer (database down, connection refused,
   *     pool exhausted); its message goes to the server's log, never to the probe's answer
   * @since 0.1
   */
  default void checkHealth() {}

  /**
   * All the ops after {@code fromExclusive}, in version order. The default reads up to
   * {@link #head}.
   *
   * @param documentId the document's id
   * @param fromExclusive the version after which to start
   * @return the ops from {@code fromExclusive + 1} to the head (a suffix when older ones were
   *     pruned); empty when there are none or the document does not exist
   * @since 0.1
   */
  default List<CommittedOp> readOpsAfter(String documentId, long fromExclusive) {
    long head = head(documentId);
    return head <= fromExclusive ? List.of() : List.copyOf(readOps(documentId, fromExclusive, head));
  }
}
