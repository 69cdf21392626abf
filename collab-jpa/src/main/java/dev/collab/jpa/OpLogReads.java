package dev.collab.jpa;

import dev.collab.CommittedOp;
import dev.collab.jpa.internal.OpEntity;
import jakarta.persistence.EntityManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The op log's reads: heads, ranges and the op of a {@code (client, seq)}. Each instance method
 * is a transaction of its own; the static queries run in the caller's transaction. Thread-safe.
 */
final class OpLogReads {

  private final JpaTransactions transactions;

  OpLogReads(JpaTransactions transactions) {
    this.transactions = transactions;
  }

  /**
   * The heads of {@code documentIds} in one query: absent documents are missing from the map, a
   * document without ops has head 0. The correlated {@code max} is one index probe per document
   * (the primary key is (document, version)); a subquery in the select clause is beyond what
   * JPA 3.1 lists but Hibernate 6 and EclipseLink take it.
   */
  static Map<String, Long> heads(EntityManager em, List<String> documentIds) {
    Map<String, Long> heads = new HashMap<>();
    em.createQuery("select d.id, (select max(o.version) from CollabOp o where o.document = d.id)"
            + " from CollabDocument d where d.id in :ids", Object[].class)
        .setParameter("ids", documentIds)
        .getResultList()
        .forEach(row -> heads.put((String) row[0], row[1] == null ? 0L : ((Number) row[1]).longValue()));
    return heads;
  }

  /** The highest version in the log of {@code documentId}, 0 when it has none. */
  static long maxVersion(EntityManager em, String documentId) {
    Long max = em.createQuery("select max(o.version) from CollabOp o where o.document = :d", Long.class)
        .setParameter("d", documentId)
        .getSingleResult();
    return max == null ? 0 : max;
  }

  long head(String documentId) {
    return transactions.inTransaction(em -> heads(em, List.of(documentId)).getOrDefault(documentId, -1L));
  }

  List<CommittedOp> readOps(String documentId, long fromExclusive, long toInclusive) {
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

  Optional<CommittedOp> findOp(String documentId, String client, long seq) {
    return transactions.inTransaction(em -> em.createQuery(
            "select o from CollabOp o where o.document = :d and o.client = :c and o.seq = :s", OpEntity.class)
        .setParameter("d", documentId)
        .setParameter("c", client)
        .setParameter("s", seq)
        .getResultStream()
        .findFirst()
        .map(OpEntity::toOp));
  }
}
