package dev.collab.jpa;

import dev.collab.CommittedOp;
import dev.collab.DocumentInfo;
import dev.collab.jpa.internal.DocumentEntity;
import dev.collab.jpa.internal.OpEntity;
import dev.collab.jpa.internal.SnapshotEntity;
import dev.collab.jpa.internal.VersionKey;
import dev.collab.spi.AppendResult;
import dev.collab.spi.DocumentStore;
import dev.collab.spi.Snapshot;
import jakarta.persistence.EntityExistsException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.OptimisticLockException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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
 * <p>Thread-safe; one instance serves every document.
 */
public final class JpaDocumentStore implements DocumentStore {

  /** The entity classes an application's persistence unit must list (or find by scanning this jar). */
  public static final List<Class<?>> ENTITY_CLASSES =
      List.of(DocumentEntity.class, OpEntity.class, SnapshotEntity.class);

  /**
   * Key violations the store turns into results (a conflict, a lost race) are logged at DEBUG
   * only: they are the normal answer to concurrent writers. Every other failure is rethrown to the
   * engine, which answers the client and logs it.
   */
  private static final System.Logger LOG = System.getLogger(JpaDocumentStore.class.getName());
  private final JpaTransactions transactions;

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
    this.transactions = Objects.requireNonNull(transactions, "transactions");
  }

  @Override
  public boolean create(DocumentInfo info) {
    requireStorable("title", info.title());
    info.metadata().forEach((key, value) -> requireStorable("metadata value of " + key, value));
    try {
      return transactions.inTransaction(em -> {
        if (em.find(DocumentEntity.class, info.id()) != null) {
          return false;
        }
        em.persist(DocumentEntity.of(info));
        em.flush();
        return true;
      });
    } catch (RuntimeException e) {
      if (isKeyViolation(e)) {
        LOG.log(System.Logger.Level.DEBUG, "collab: JPA store: document " + info.id()
            + " was created concurrently; this create reports false", e);
        return false; // a concurrent create of the same id committed first
      }
      throw e;
    }
  }

  @Override
  public Optional<DocumentInfo> find(String documentId) {
    return transactions.inTransaction(em -> {
      DocumentEntity entity = em.find(DocumentEntity.class, documentId);
      return entity == null ? Optional.<DocumentInfo>empty() : Optional.of(entity.toInfo());
    });
  }

  @Override
  public List<DocumentInfo> list(int offset, int limit) {
    if (offset < 0 || limit < 0) {
      throw new IllegalArgumentException("offset and limit must not be negative, were " + offset + ", " + limit);
    }
    if (limit == 0) {
      return List.of();
    }
    return transactions.inTransaction(em -> {
      List<DocumentEntity> page = em.createQuery("select d from CollabDocument d order by d.id", DocumentEntity.class)
          .setFirstResult(offset)
          .setMaxResults(limit)
          .getResultList();
      if (page.isEmpty()) {
        return List.<DocumentInfo>of();
      }
      // One query for the page's metadata rather than one per document.
      Map<String, Map<String, String>> metadata = new HashMap<>();
      em.createQuery("select d.id, key(m), value(m) from CollabDocument d join d.metadata m where d.id in :ids", Object[].class)
          .setParameter("ids", page.stream().map(DocumentEntity::id).toList())
          .getResultList()
          .forEach(row -> metadata.computeIfAbsent((String) row[0], id -> new HashMap<>()).put((String) row[1], (String) row[2]));
      return page.stream().map(d -> d.toInfo(metadata.getOrDefault(d.id(), Map.of()))).toList();
    });
  }

  @Override
  public boolean delete(String documentId) {
    try {
      return transactions.inTransaction(em -> {
        DocumentEntity entity = em.find(DocumentEntity.class, documentId);
        if (entity == null) {
          return false;
        }
        // Explicit, so that a schema without ON DELETE CASCADE works too; named versions are left
        // to the migration's ON DELETE CASCADE (no entity maps them yet).
        em.createQuery("delete from CollabOp o where o.document = :d").setParameter("d", documentId).executeUpdate();
        em.createQuery("delete from CollabSnapshot s where s.document = :d").setParameter("d", documentId).executeUpdate();
        em.remove(entity);
        em.flush();
        return true;
      });
    } catch (RuntimeException e) {
      if (e instanceof OptimisticLockException || isKeyViolation(e)) {
        // A concurrent delete removed it first.
        if (head(documentId) < 0) {
          LOG.log(System.Logger.Level.DEBUG, "collab: JPA store: document " + documentId
              + " was deleted concurrently; this delete reports false", e);
          return false;
        }
      }
      throw e;
    }
  }

  /**
   * One {@code UPDATE} of the title column: atomic, and it neither waits for nor delays appends
   * (their foreign-key check takes a key-share lock on the document row; a non-key update does not
   * conflict with it on PostgreSQL).
   */
  @Override
  public boolean rename(String documentId, String title) {
    DocumentInfo.requireTitle(title);
    requireStorable("title", title);
    return transactions.inTransaction(em -> em.createQuery("update CollabDocument d set d.title = :t where d.id = :d")
        .setParameter("t", title)
        .setParameter("d", documentId)
        .executeUpdate() == 1);
  }

  @Override
  public AppendResult append(String documentId, long expectedHead, List<CommittedOp> ops) {
    requireConsecutive(documentId, expectedHead, ops);
    for (CommittedOp op : ops) {
      requireStorable("op of version " + op.version(), op.op());
      requireStorable("user name of version " + op.version(), op.userName());
    }
    try {
      return transactions.inTransaction(em -> {
        // Existence and head in one round trip.
        Long head = heads(em, List.of(documentId)).get(documentId);
        if (head == null) {
          return new AppendResult.NoSuchDocument();
        }
        if (head != expectedHead) {
          // Also guards against a gap: an expected head beyond the log never inserts.
          return new AppendResult.Conflict(head);
        }
        for (CommittedOp op : ops) {
          em.persist(OpEntity.of(op));
        }
        em.flush();
        return new AppendResult.Appended(expectedHead + 1, expectedHead + ops.size());
      });
    } catch (RuntimeException e) {
      if (!isKeyViolation(e)) {
        throw e; // database down, or unknown outcome of the commit: the engine's findOp sorts it out
      }
      // Someone else committed this version (or this (client, seq)), or deleted the document
      // (foreign key). Nothing of ours was written; report what is there now.
      long head = head(documentId);
      LOG.log(System.Logger.Level.DEBUG, "collab: JPA store: append to document " + documentId + " at head "
          + expectedHead + " conflicted (head now " + head + ")", e);
      return head < 0 ? new AppendResult.NoSuchDocument() : new AppendResult.Conflict(head);
    }
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
  public List<AppendResult> appendAll(List<dev.collab.spi.AppendRequest> requests) {
    DocumentStore.requireDistinct(requests);
    for (int i = 0; i < requests.size(); i++) {
      dev.collab.spi.AppendRequest request = requests.get(i);
      try {
        requireConsecutive(request.documentId(), request.expectedHead(), request.ops());
        for (CommittedOp op : request.ops()) {
          requireStorable("op of version " + op.version(), op.op());
          requireStorable("user name of version " + op.version(), op.userName());
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("request " + i + " (document " + request.documentId() + "): " + e.getMessage(), e);
      }
    }
    if (requests.size() == 1) {
      dev.collab.spi.AppendRequest only = requests.get(0);
      return List.of(append(only.documentId(), only.expectedHead(), only.ops()));
    }
    try {
      return transactions.inTransaction(em -> {
        Map<String, Long> heads = heads(em, requests.stream().map(dev.collab.spi.AppendRequest::documentId).toList());
        AppendResult[] results = new AppendResult[requests.size()];
        // Inserts in document id order: two batches racing for the same documents then take the
        // rows' locks in the same order and cannot deadlock (one waits, then gets a key violation).
        Integer[] order = new Integer[requests.size()];
        for (int i = 0; i < order.length; i++) {
          order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparing(i -> requests.get(i).documentId()));
        for (int i : order) {
          dev.collab.spi.AppendRequest request = requests.get(i);
          Long head = heads.get(request.documentId());
          if (head == null) {
            results[i] = new AppendResult.NoSuchDocument();
          } else if (head != request.expectedHead()) {
            results[i] = new AppendResult.Conflict(head);
          } else {
            for (CommittedOp op : request.ops()) {
              em.persist(OpEntity.of(op));
            }
            results[i] = new AppendResult.Appended(request.expectedHead() + 1, request.expectedHead() + request.ops().size());
          }
        }
        em.flush();
        return List.of(results);
      });
    } catch (RuntimeException e) {
      if (!isKeyViolation(e)) {
        throw e; // database down, or unknown outcome of the commit: the engine's findOp sorts it out
      }
      // One of the documents conflicted; nothing of the batch was written. One transaction each
      // finds out which (rare: it takes a race with another node or a resubmission).
      LOG.log(System.Logger.Level.DEBUG, "collab: JPA store: a group commit of " + requests.size()
          + " documents conflicted; appending them one by one", e);
      List<AppendResult> results = new ArrayList<>(requests.size());
      for (dev.collab.spi.AppendRequest request : requests) {
        results.add(append(request.documentId(), request.expectedHead(), request.ops()));
      }
      return results;
    }
  }

  /**
   * The heads of {@code documentIds} in one query: absent documents are missing from the map, a
   * document without ops has head 0. The correlated {@code max} is one index probe per document
   * (the primary key is (document, version)); a subquery in the select clause is beyond what
   * JPA 3.1 lists but Hibernate 6 and EclipseLink take it.
   */
  private static Map<String, Long> heads(EntityManager em, List<String> documentIds) {
    Map<String, Long> heads = new HashMap<>();
    em.createQuery("select d.id, (select max(o.version) from CollabOp o where o.document = d.id)"
            + " from CollabDocument d where d.id in :ids", Object[].class)
        .setParameter("ids", documentIds)
        .getResultList()
        .forEach(row -> heads.put((String) row[0], row[1] == null ? 0L : ((Number) row[1]).longValue()));
    return heads;
  }

  @Override
  public List<CommittedOp> readOps(String documentId, long fromExclusive, long toInclusive) {
    if (fromExclusive >= toInclusive) {
      return List.of();
    }
    return transactions.inTransaction(em -> em.createQuery(
            "select o from CollabOp o where o.document = :d and o.version > :from and o.version <= :to order by o.version",
            OpEntity.class)
        .setParameter("d", documentId)
        .setParameter("from", fromExclusive)
        .setParameter("to", toInclusive)
        .getResultList()
        .stream()
        .map(OpEntity::toOp)
        .toList());
  }

  @Override
  public long head(String documentId) {
    return transactions.inTransaction(em -> heads(em, List.of(documentId)).getOrDefault(documentId, -1L));
  }

  @Override
  public void saveSnapshot(String documentId, Snapshot snapshot) {
    requireStorable("snapshot of version " + snapshot.version(), snapshot.data());
    try {
      transactions.inTransaction(em -> {
        if (em.find(DocumentEntity.class, documentId) == null
            || em.find(SnapshotEntity.class, new VersionKey(documentId, snapshot.version())) != null) {
          return null; // deleted, or saved already: a snapshot for a version never changes
        }
        em.persist(SnapshotEntity.of(documentId, snapshot));
        em.flush();
        return null;
      });
    } catch (RuntimeException e) {
      if (!isKeyViolation(e)) {
        throw e;
      }
      // saved concurrently, or the document was deleted meanwhile: nothing to do
      LOG.log(System.Logger.Level.DEBUG, "collab: JPA store: snapshot of document " + documentId
          + " not saved (saved concurrently, or the document was deleted)", e);
    }
  }

  @Override
  public Optional<Snapshot> loadSnapshot(String documentId, long atOrBelow) {
    return transactions.inTransaction(em -> em.createQuery(
            "select s from CollabSnapshot s where s.document = :d and s.version <= :v order by s.version desc",
            SnapshotEntity.class)
        .setParameter("d", documentId)
        .setParameter("v", atOrBelow)
        .setMaxResults(1)
        .getResultStream()
        .findFirst()
        .map(SnapshotEntity::toSnapshot));
  }

  /**
   * Drops the ops before {@code cutoff} that the latest snapshot covers, keeping the head op and a
   * contiguous suffix (see {@link DocumentStore#pruneHistory}), in one transaction.
   */
  @Override
  public long pruneHistory(String documentId, java.time.Instant cutoff) {
    return transactions.inTransaction(em -> {
      Long snapshot = em.createQuery("select max(s.version) from CollabSnapshot s where s.document = :d", Long.class)
          .setParameter("d", documentId).getSingleResult();
      long limit = Math.min(snapshot == null ? 0 : snapshot, maxVersion(em, documentId) - 1);
      // Keep a suffix: stop below the first op at or after the cutoff, whatever its neighbours' times.
      Long firstKept = em.createQuery(
              "select min(o.version) from CollabOp o where o.document = :d and o.time >= :t", Long.class)
          .setParameter("d", documentId).setParameter("t", java.time.OffsetDateTime.ofInstant(cutoff, java.time.ZoneOffset.UTC))
          .getSingleResult();
      long upTo = firstKept == null ? limit : Math.min(limit, firstKept - 1);
      if (upTo <= 0) {
        return 0L;
      }
      return (long) em.createQuery("delete from CollabOp o where o.document = :d and o.version <= :v")
          .setParameter("d", documentId).setParameter("v", upTo).executeUpdate();
    });
  }

  /**
   * One row of {@code collab_client} per client id (schema version 2), written by a native insert
   * whose primary key decides a race; no entity, so persistence units need not list a new class.
   */
  @Override
  public String bindClient(String client, String userId) {
    dev.collab.Ids.requireClientId(client);
    dev.collab.Ids.requireUserId(userId);
    Optional<String> bound = boundUser(client);
    if (bound.isPresent()) {
      return bound.get();
    }
    try {
      transactions.inTransaction(em -> em.createNativeQuery(
              "insert into collab_client (client_id, user_id, bound_at) values (?1, ?2, ?3)")
          .setParameter(1, client)
          .setParameter(2, userId)
          .setParameter(3, java.sql.Timestamp.from(java.time.Instant.now()))
          .executeUpdate());
      return userId;
    } catch (RuntimeException e) {
      if (!isKeyViolation(e)) {
        throw e;
      }
      // A concurrent first use committed first: its user holds the id.
      LOG.log(System.Logger.Level.DEBUG, "collab: JPA store: client id " + client + " was bound concurrently"
          + " (this use was by user " + userId + ")", e);
      return boundUser(client).orElseThrow(() -> e);
    }
  }

  private Optional<String> boundUser(String client) {
    return transactions.inTransaction(em -> em.createNativeQuery(
            "select user_id from collab_client where client_id = ?1")
        .setParameter(1, client)
        .getResultStream()
        .findFirst()
        .map(String::valueOf));
  }

  @Override
  public Optional<CommittedOp> findOp(String documentId, String client, long seq) {
    return transactions.inTransaction(em -> em.createQuery(
            "select o from CollabOp o where o.document = :d and o.client = :c and o.seq = :s", OpEntity.class)
        .setParameter("d", documentId)
        .setParameter("c", client)
        .setParameter("s", seq)
        .getResultStream()
        .findFirst()
        .map(OpEntity::toOp));
  }

  private static long maxVersion(EntityManager em, String documentId) {
    Long max = em.createQuery("select max(o.version) from CollabOp o where o.document = :d", Long.class)
        .setParameter("d", documentId)
        .getSingleResult();
    return max == null ? 0 : max;
  }

  /** The shared argument checks of {@link DocumentStore#append}, plus this store's column limits. */
  private static void requireConsecutive(String documentId, long expectedHead, List<CommittedOp> ops) {
    DocumentStore.requireConsecutive(documentId, expectedHead, ops);
    for (int i = 0; i < ops.size(); i++) {
      if (ops.get(i).userName().length() > 256) {
        throw new IllegalArgumentException("user name of op " + i + " longer than 256 characters");
      }
    }
  }

  /**
   * Refuses text a UTF-8 database cannot keep exactly: a lone surrogate (the JDBC driver would
   * write '?') or U+0000 (PostgreSQL rejects it). JSON text escapes both, so a well-formed op never
   * has one raw; Java strings may.
   */
  static void requireStorable(String what, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        throw new IllegalArgumentException(what + " contains U+0000 at index " + i + "; the store keeps text exactly and cannot keep it");
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          throw new IllegalArgumentException(
              what + " contains a lone surrogate at index " + i + "; the store keeps text exactly and cannot keep it in UTF-8");
        }
      }
    }
  }

  /**
   * Whether {@code failure} is an integrity constraint violation: a key (or foreign key) of the
   * schema refused a row. Recognised by the standard SQL state class {@code 23} of an
   * {@link SQLException} among the causes, so no provider's exception types are needed.
   */
  static boolean isKeyViolation(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Throwable> pending = new ArrayList<>(List.of(failure));
    while (!pending.isEmpty()) {
      Throwable t = pending.remove(pending.size() - 1);
      if (t == null || !seen.add(t)) {
        continue;
      }
      if (t instanceof EntityExistsException) {
        return true;
      }
      if (t instanceof SQLException sql) {
        if (sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
          return true;
        }
        pending.add(sql.getNextException());
      }
      pending.add(t.getCause());
    }
    return false;
  }
}
