package dev.collab.jpa;

import static dev.collab.jpa.KeyViolations.isKeyViolation;

import dev.collab.NamedVersion;
import dev.collab.jpa.internal.DocumentEntity;
import dev.collab.spi.NamedVersionStore;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Named versions: one row of {@code collab_named_version} per named version (schema version 3),
 * written by native statements, no entity, so persistence units need not list a new class. A named
 * version's content is its row of {@code collab_snapshot}, which this store deletes only with the
 * document (and {@link Snapshots#pruneHistory} drops ops only), so the name pins it. Thread-safe.
 */
final class NamedVersions implements NamedVersionStore {

  /** Named as the store, so that one logger level covers all of it. */
  private static final System.Logger LOG = System.getLogger(JpaDocumentStore.class.getName());

  private static final String COLUMNS = "document_id, version, name, created_by, created";

  private final JpaTransactions transactions;

  NamedVersions(JpaTransactions transactions) {
    this.transactions = transactions;
  }

  @Override
  public boolean saveName(NamedVersion named) {
    StorableText.requireStorable("version name", named.name());
    try {
      return transactions.inTransaction(em -> upsert(em, named));
    } catch (RuntimeException e) {
      if (!isKeyViolation(e)) {
        throw e;
      }
      // A concurrent first name of the version was inserted first: this one replaces it.
      LOG.log(System.Logger.Level.DEBUG, "collab: JPA store: version " + named.version() + " of document "
          + named.documentId() + " was named concurrently; renaming it", e);
      return transactions.inTransaction(em -> upsert(em, named));
    }
  }

  private static boolean upsert(EntityManager em, NamedVersion named) {
    if (em.find(DocumentEntity.class, named.documentId()) == null) {
      return false;
    }
    Timestamp time = Timestamp.from(named.time());
    int updated = em.createNativeQuery("update collab_named_version set name = ?1, created_by = ?2, created = ?3"
            + " where document_id = ?4 and version = ?5")
        .setParameter(1, named.name()).setParameter(2, named.userId()).setParameter(3, time)
        .setParameter(4, named.documentId()).setParameter(5, named.version())
        .executeUpdate();
    if (updated == 0) {
      em.createNativeQuery("insert into collab_named_version (" + COLUMNS + ") values (?1, ?2, ?3, ?4, ?5)")
          .setParameter(1, named.documentId()).setParameter(2, named.version()).setParameter(3, named.name())
          .setParameter(4, named.userId()).setParameter(5, time)
          .executeUpdate();
    }
    return true;
  }

  @Override
  public boolean removeName(String documentId, long version) {
    return transactions.inTransaction(em -> em.createNativeQuery(
            "delete from collab_named_version where document_id = ?1 and version = ?2")
        .setParameter(1, documentId).setParameter(2, version).executeUpdate() > 0);
  }

  @Override
  public Optional<NamedVersion> findName(String documentId, long version) {
    return select(documentId, " and version = ?2", version).stream().findFirst();
  }

  @Override
  public List<NamedVersion> names(String documentId) {
    return select(documentId, " order by version desc", null);
  }

  private List<NamedVersion> select(String documentId, String rest, Long version) {
    return transactions.inTransaction(em -> {
      var query = em.createNativeQuery("select " + COLUMNS + " from collab_named_version where document_id = ?1" + rest)
          .setParameter(1, documentId);
      if (version != null) {
        query.setParameter(2, version);
      }
      @SuppressWarnings("unchecked")
      List<Object[]> rows = query.getResultList();
      return rows.stream().map(NamedVersions::named).toList();
    });
  }

  private static NamedVersion named(Object[] row) {
    return new NamedVersion((String) row[0], ((Number) row[1]).longValue(), (String) row[2], (String) row[3],
        instant(row[4]));
  }

  /** A {@code TIMESTAMP WITH TIME ZONE} as the driver returns it (an OffsetDateTime, Instant or Timestamp). */
  static Instant instant(Object value) {
    if (value instanceof java.time.OffsetDateTime time) {
      return time.toInstant();
    }
    if (value instanceof Timestamp time) {
      return time.toInstant();
    }
    if (value instanceof Instant time) {
      return time;
    }
    if (value instanceof java.time.ZonedDateTime time) {
      return time.toInstant();
    }
    throw new IllegalStateException("collab_named_version.created read as " + value.getClass().getName());
  }
}
