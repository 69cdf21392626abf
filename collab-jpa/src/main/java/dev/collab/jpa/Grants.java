package dev.collab.jpa;

import static dev.collab.jpa.KeyViolations.isKeyViolation;

import dev.collab.Access;
import dev.collab.Grant;
import dev.collab.jpa.internal.DocumentEntity;
import dev.collab.spi.GrantStore;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Owners and grants: the owner is {@code collab_document.creator}; one row of {@code collab_grant}
 * per grant (schema version 4), written by native statements, no entity, so persistence units need
 * not list a new class. {@link #access} answers in one indexed read. Thread-safe.
 */
final class Grants implements GrantStore {

  /** Named as the store, so that one logger level covers all of it. */
  private static final System.Logger LOG = System.getLogger(JpaDocumentStore.class.getName());

  private static final String COLUMNS = "document_id, user_id, level, granted_by, granted";

  private final JpaTransactions transactions;

  Grants(JpaTransactions transactions) {
    this.transactions = transactions;
  }

  @Override
  public Optional<String> owner(String documentId) {
    List<?> rows = transactions.inTransaction(em -> em.createNativeQuery(
            "select creator from collab_document where id = ?1")
        .setParameter(1, documentId).getResultList());
    return rows.stream().findFirst().map(String.class::cast);
  }

  @Override
  public boolean saveGrant(Grant grant) {
    try {
      return transactions.inTransaction(em -> upsert(em, grant));
    } catch (RuntimeException e) {
      if (!isKeyViolation(e)) {
        throw e;
      }
      // A concurrent first grant of the user was inserted first (this one replaces it), or the
      // document was deleted meanwhile (the retry finds it gone and writes nothing).
      LOG.log(System.Logger.Level.DEBUG, "collab: JPA store: the grant of user " + grant.userId() + " on document "
          + grant.documentId() + " was written concurrently; writing it again", e);
      return transactions.inTransaction(em -> upsert(em, grant));
    }
  }

  private static boolean upsert(EntityManager em, Grant grant) {
    if (em.find(DocumentEntity.class, grant.documentId()) == null) {
      return false;
    }
    Timestamp time = Timestamp.from(grant.time());
    String level = grant.access().wire();
    int updated = em.createNativeQuery("update collab_grant set level = ?1, granted_by = ?2, granted = ?3"
            + " where document_id = ?4 and user_id = ?5")
        .setParameter(1, level).setParameter(2, grant.grantedBy()).setParameter(3, time)
        .setParameter(4, grant.documentId()).setParameter(5, grant.userId())
        .executeUpdate();
    if (updated == 0) {
      em.createNativeQuery("insert into collab_grant (" + COLUMNS + ") values (?1, ?2, ?3, ?4, ?5)")
          .setParameter(1, grant.documentId()).setParameter(2, grant.userId()).setParameter(3, level)
          .setParameter(4, grant.grantedBy()).setParameter(5, time)
          .executeUpdate();
    }
    return true;
  }

  @Override
  public boolean removeGrant(String documentId, String userId) {
    return transactions.inTransaction(em -> em.createNativeQuery(
            "delete from collab_grant where document_id = ?1 and user_id = ?2")
        .setParameter(1, documentId).setParameter(2, userId).executeUpdate() > 0);
  }

  @Override
  public Optional<Grant> findGrant(String documentId, String userId) {
    return select(documentId, " and user_id = ?2", userId).stream().findFirst();
  }

  @Override
  public List<Grant> grants(String documentId) {
    return select(documentId, " order by user_id", null);
  }

  /** The owner's and the user's grant in one read: the document left-joined to the user's grant. */
  @Override
  public Access access(String documentId, String userId) {
    List<?> rows = transactions.inTransaction(em -> em.createNativeQuery(
            "select d.creator, g.level from collab_document d left join collab_grant g"
                + " on g.document_id = d.id and g.user_id = ?2 where d.id = ?1")
        .setParameter(1, documentId).setParameter(2, userId).getResultList());
    if (rows.isEmpty()) {
      return Access.NONE;
    }
    Object[] row = (Object[]) rows.get(0);
    if (userId.equals(row[0])) {
      return Access.ADMIN;
    }
    return row[1] == null ? Access.NONE : level(row[1]);
  }

  private List<Grant> select(String documentId, String rest, String userId) {
    return transactions.inTransaction(em -> {
      var query = em.createNativeQuery("select " + COLUMNS + " from collab_grant where document_id = ?1" + rest)
          .setParameter(1, documentId);
      if (userId != null) {
        query.setParameter(2, userId);
      }
      @SuppressWarnings("unchecked")
      List<Object[]> rows = query.getResultList();
      return rows.stream().map(Grants::grant).toList();
    });
  }

  private static Grant grant(Object[] row) {
    return new Grant((String) row[0], (String) row[1], level(row[2]), (String) row[3], NamedVersions.instant(row[4]));
  }

  private static Access level(Object value) {
    return Access.valueOf(((String) value).toUpperCase(Locale.ROOT));
  }
}
