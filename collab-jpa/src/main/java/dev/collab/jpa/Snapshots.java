package dev.collab.jpa;

import static dev.collab.jpa.KeyViolations.isKeyViolation;

import dev.collab.jpa.internal.DocumentEntity;
import dev.collab.jpa.internal.SnapshotEntity;
import dev.collab.jpa.internal.VersionKey;
import dev.collab.spi.DocumentStore;
import dev.collab.spi.Snapshot;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Snapshots and the retention they allow: save, load at or below a version, and prune the ops a
 * snapshot covers. Thread-safe.
 */
final class Snapshots {

  /** Named as the store, so that one logger level covers all of it. */
  private static final System.Logger LOG = System.getLogger(JpaDocumentStore.class.getName());

  private final JpaTransactions transactions;

  Snapshots(JpaTransactions transactions) {
    this.transactions = transactions;
  }

  void saveSnapshot(String documentId, Snapshot snapshot) {
    StorableText.requireStorable("snapshot of version " + snapshot.version(), snapshot.data());
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

  Optional<Snapshot> loadSnapshot(String documentId, long atOrBelow) {
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
  long pruneHistory(String documentId, Instant cutoff) {
    return transactions.inTransaction(em -> {
      Long snapshot = em.createQuery("select max(s.version) from CollabSnapshot s where s.document = :d", Long.class)
          .setParameter("d", documentId).getSingleResult();
      long limit = Math.min(snapshot == null ? 0 : snapshot, OpLogReads.maxVersion(em, documentId) - 1);
      // Keep a suffix: stop below the first op at or after the cutoff, whatever its neighbours' times.
      Long firstKept = em.createQuery(
              "select min(o.version) from CollabOp o where o.document = :d and o.time >= :t", Long.class)
          .setParameter("d", documentId).setParameter("t", OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC))
          .getSingleResult();
      long upTo = firstKept == null ? limit : Math.min(limit, firstKept - 1);
      if (upTo <= 0) {
        return 0L;
      }
      return (long) em.createQuery("delete from CollabOp o where o.document = :d and o.version <= :v")
          .setParameter("d", documentId).setParameter("v", upTo).executeUpdate();
    });
  }
}
