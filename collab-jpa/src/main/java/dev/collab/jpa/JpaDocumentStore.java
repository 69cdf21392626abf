package dev.collab.jpa;

import dev.collab.CommittedOp;
import dev.collab.DocumentInfo;
import dev.collab.jpa.internal.DocumentEntity;
import dev.collab.jpa.internal.OpEntity;
import dev.collab.jpa.internal.SnapshotEntity;
import dev.collab.spi.AppendRequest;
import dev.collab.spi.AppendResult;
import dev.collab.spi.DocumentStore;
import dev.collab.spi.Snapshot;
import jakarta.persistence.EntityManagerFactory;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link DocumentStore} on Jakarta Persistence 3.1: documents, the op log and snapshots in the
 * tables of the shipped migrations ({@code db/migration/collab/h2}, {@code .../postgresql}).
 * Depends on no JPA provider; tested with Hibernate ORM 6.6 on H2 and PostgreSQL.
 *
 * <p><b>Conditional append.</b> {@link #append} checks, in one transaction, that the document
 * exists and that the log's head is the expected one, then inserts the ops. The primary key
 * (document, version) is what makes it a compare-and-set: of two writers that both saw head
 * {@code v}, only one can insert version {@code v + 1}; the database makes the other wait and then
 * fails its insert. The unique key (document, client, seq) does the same for a resubmission. The
 * store catches the violation (an SQL state of class {@code 23}), rolls back, reads the head in a
 * fresh transaction and returns {@link AppendResult.Conflict}. Several ops go in one transaction;
 * set the provider's JDBC batch size (Hibernate: {@code hibernate.jdbc.batch_size}) to send them
 * in one round trip. {@link #appendAll} writes the appends of many documents in one transaction
 * (group commit across documents) and falls back to one transaction each after a key violation.
 *
 * <p><b>Transactions</b> come from a {@link JpaTransactions}: {@link #JpaDocumentStore(EntityManagerFactory)}
 * uses a RESOURCE_LOCAL unit; a JTA variant is a different {@link JpaTransactions}. Every call is
 * its own transaction, committed before it returns. Any isolation level from READ COMMITTED up
 * works: correctness rests on the keys, not on isolation.
 *
 * <p><b>Text.</b> Ops and snapshots are kept exactly. Text a UTF-8 database cannot hold exactly
 * (a lone surrogate, U+0000) is refused with {@link IllegalArgumentException} instead of being
 * altered.
 *
 * <p>Thread-safe; one instance serves every document. This class is the facade: the work is done by
 * package-private classes of one concern each ({@code Documents}, {@code OpLogAppends},
 * {@code OpLogReads}, {@code Snapshots}, {@code ClientBindings}, {@code NamedVersions}, {@code Grants},
 * {@code CommentThreads}), which share the argument checks
 * ({@code StorableText}) and the recognition of key violations ({@code KeyViolations}).
 */
public final class JpaDocumentStore implements DocumentStore {

  /** The entity classes an application's persistence unit must list (or find by scanning this jar). */
  public static final List<Class<?>> ENTITY_CLASSES =
      List.of(DocumentEntity.class, OpEntity.class, SnapshotEntity.class);

  // Key violations the store turns into results (a conflict, a lost race) are logged at DEBUG only,
  // under this class's name: they are the normal answer to concurrent writers. Every other failure
  // is rethrown to the engine, which answers the client and logs it.
  private final Documents documents;
  private final OpLogReads reads;
  private final OpLogAppends appends;
  private final Snapshots snapshots;
  private final ClientBindings clients;
  private final NamedVersions names;
  private final Grants grants;
  private final CommentThreads comments;

  /**
   * A store on a RESOURCE_LOCAL persistence unit whose schema the shipped migrations made.
   *
   * @param factory the persistence unit's factory; the store opens an entity manager per call
   */
  public JpaDocumentStore(EntityManagerFactory factory) {
    this(JpaTransactions.resourceLocal(factory));
  }

  /**
   * A store whose transactions come from {@code transactions} (for example JTA ones).
   *
   * @param transactions runs each of the store's units of work in a transaction of its own
   */
  public JpaDocumentStore(JpaTransactions transactions) {
    Objects.requireNonNull(transactions, "transactions");
    this.reads = new OpLogReads(transactions);
    this.documents = new Documents(transactions, reads);
    this.appends = new OpLogAppends(transactions, reads);
    this.snapshots = new Snapshots(transactions);
    this.clients = new ClientBindings(transactions);
    this.names = new NamedVersions(transactions);
    this.grants = new Grants(transactions);
    this.comments = new CommentThreads(transactions);
  }

  @Override
  public boolean create(DocumentInfo info) {
    return documents.create(info);
  }

  @Override
  public Optional<DocumentInfo> find(String documentId) {
    return documents.find(documentId);
  }

  @Override
  public List<DocumentInfo> list(int offset, int limit) {
    return List.copyOf(documents.list(offset, limit));
  }

  @Override
  public boolean delete(String documentId) {
    return documents.delete(documentId);
  }

  /**
   * One {@code UPDATE} of the title column: atomic, and it neither waits for nor delays appends
   * (their foreign-key check takes a key-share lock on the document row; a non-key update does not
   * conflict with it on PostgreSQL).
   */
  @Override
  public boolean rename(String documentId, String title) {
    return documents.rename(documentId, title);
  }

  @Override
  public AppendResult append(String documentId, long expectedHead, List<CommittedOp> ops) {
    return appends.append(documentId, expectedHead, ops);
  }

  /**
   * Group commit across documents: every request in one transaction, the ops of all of them in
   * JDBC batches (with {@code hibernate.jdbc.batch_size} set), after one query for all their heads.
   * A request whose document is gone or whose head moved gets its result without writing. When
   * the batch hits a key violation (another writer took a version, or a {@code (client, seq)} was
   * committed already), the whole transaction is rolled back and each request is retried in a
   * transaction of its own ({@link #append}), which tells which ones conflicted. Arguments are
   * checked for every request before anything is written.
   */
  @Override
  public List<AppendResult> appendAll(List<AppendRequest> requests) {
    return List.copyOf(appends.appendAll(requests));
  }

  @Override
  public List<CommittedOp> readOps(String documentId, long fromExclusive, long toInclusive) {
    return List.copyOf(reads.readOps(documentId, fromExclusive, toInclusive));
  }

  @Override
  public long head(String documentId) {
    return reads.head(documentId);
  }

  @Override
  public void saveSnapshot(String documentId, Snapshot snapshot) {
    snapshots.saveSnapshot(documentId, snapshot);
  }

  @Override
  public Optional<Snapshot> loadSnapshot(String documentId, long atOrBelow) {
    return snapshots.loadSnapshot(documentId, atOrBelow);
  }

  /**
   * Drops the ops before {@code cutoff} that the latest snapshot covers, keeping the head op and a
   * contiguous suffix (see {@link DocumentStore#pruneHistory}), in one transaction.
   */
  @Override
  public long pruneHistory(String documentId, Instant cutoff) {
    return snapshots.pruneHistory(documentId, cutoff);
  }

  /**
   * One row of {@code collab_client} per client id (schema version 2), written by a native insert
   * whose primary key decides a race; no entity, so persistence units need not list a new class.
   */
  @Override
  public String bindClient(String client, String userId) {
    return clients.bindClient(client, userId);
  }

  /**
   * One indexed read in a transaction of its own: the primary key of {@code collab_document}
   * for an id no document can have (ids never start with {@code ~}). Reads no row, writes nothing;
   * it fails as any other call would when the database cannot be reached.
   */
  @Override
  public void checkHealth() {
    documents.probe();
  }

  /**
   * One row of {@code collab_named_version} per named version (schema version 3), by native
   * statements (no entity); the named version's snapshot is never deleted while the document lives.
   */
  @Override
  public dev.collab.spi.NamedVersionStore namedVersions() {
    return names;
  }

  /**
   * Owners ({@code collab_document.creator}) and one row of {@code collab_grant} per grant (schema
   * version 4), by native statements (no entity); deleted with the document.
   */
  @Override
  public dev.collab.spi.GrantStore grants() {
    return grants;
  }

  /**
   * One row of {@code collab_comment_thread} per thread (schema version 5), by native statements
   * (no entity): the comments as one JSON text, the anchor and state as columns; a save is an
   * insert (revision 1) or an update conditional on the revision before, so the database decides a
   * race; deleted with the document.
   */
  @Override
  public dev.collab.spi.CommentStore comments() {
    return comments;
  }

  @Override
  public Optional<CommittedOp> findOp(String documentId, String client, long seq) {
    return reads.findOp(documentId, client, seq);
  }
}
