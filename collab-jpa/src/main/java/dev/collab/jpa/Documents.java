package dev.collab.jpa;

import static dev.collab.jpa.KeyViolations.isKeyViolation;

import dev.collab.DocumentInfo;
import dev.collab.jpa.internal.DocumentEntity;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OptimisticLockException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The documents' rows and their metadata: create, find, list, rename, delete (with the document's
 * ops, snapshots, named versions, grants and comment threads). Thread-safe.
 */
final class Documents {

  /** Named as the store, so that one logger level covers all of it. */
  private static final System.Logger LOG = System.getLogger(JpaDocumentStore.class.getName());

  private final JpaTransactions transactions;
  private final OpLogReads reads;

  Documents(JpaTransactions transactions, OpLogReads reads) {
    this.transactions = transactions;
    this.reads = reads;
  }

  boolean create(DocumentInfo info) {
    StorableText.requireStorable("title", info.title());
    info.metadata().forEach((key, value) -> StorableText.requireStorable("metadata value of " + key, value));
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

  /** An id no document can have: document ids never start with {@code ~}. */
  private static final String PROBE_ID = "~health";

  /** One round trip: an indexed query that finds nothing ({@link JpaDocumentStore#checkHealth}). */
  void probe() {
    transactions.inTransaction(em -> em.createQuery("SELECT d.id FROM CollabDocument d WHERE d.id = :id", String.class)
        .setParameter("id", PROBE_ID).setMaxResults(1).getResultList());
  }

  Optional<DocumentInfo> find(String documentId) {
    return transactions.inTransaction(em -> {
      DocumentEntity entity = em.find(DocumentEntity.class, documentId);
      return entity == null ? Optional.<DocumentInfo>empty() : Optional.of(entity.toInfo());
    });
  }

  List<DocumentInfo> list(int offset, int limit) {
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

  boolean delete(String documentId) {
    try {
      return transactions.inTransaction(em -> {
        // Locked first: a comment thread being opened holds a share lock on the row
        // (CommentThreads.save), so it either commits before the deletes below, which then see
        // it, or finds the document gone; it cannot slip in between them.
        DocumentEntity entity = em.find(DocumentEntity.class, documentId, LockModeType.PESSIMISTIC_WRITE);
        if (entity == null) {
          return false;
        }
        // Explicit, so that a schema without ON DELETE CASCADE works too.
        em.createNativeQuery("delete from collab_named_version where document_id = ?1").setParameter(1, documentId)
            .executeUpdate();
        em.createNativeQuery("delete from collab_grant where document_id = ?1").setParameter(1, documentId)
            .executeUpdate();
        em.createNativeQuery("delete from collab_comment_thread where document_id = ?1").setParameter(1, documentId)
            .executeUpdate();
        em.createQuery("delete from CollabOp o where o.document = :d").setParameter("d", documentId).executeUpdate();
        em.createQuery("delete from CollabSnapshot s where s.document = :d").setParameter("d", documentId).executeUpdate();
        em.remove(entity);
        em.flush();
        return true;
      });
    } catch (RuntimeException e) {
      if (e instanceof OptimisticLockException || isKeyViolation(e)) {
        // A concurrent delete removed it first.
        if (reads.head(documentId) < 0) {
          LOG.log(System.Logger.Level.DEBUG, "collab: JPA store: document " + documentId
              + " was deleted concurrently; this delete reports false", e);
          return false;
        }
      }
      throw e;
    }
  }

  /** See {@link JpaDocumentStore#rename}. */
  boolean rename(String documentId, String title) {
    DocumentInfo.requireTitle(title);
    StorableText.requireStorable("title", title);
    return transactions.inTransaction(em -> em.createQuery("update CollabDocument d set d.title = :t where d.id = :d")
        .setParameter("t", title)
        .setParameter("d", documentId)
        .executeUpdate() == 1);
  }
}
