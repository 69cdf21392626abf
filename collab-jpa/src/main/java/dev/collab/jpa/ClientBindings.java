package dev.collab.jpa;

import static dev.collab.jpa.KeyViolations.isKeyViolation;

import dev.collab.Ids;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * Which user holds a client id: one row of {@code collab_client} per client id (schema version 2),
 * written by a native insert whose primary key decides a race; no entity, so persistence units
 * need not list a new class. Thread-safe.
 */
final class ClientBindings {

  /** Named as the store, so that one logger level covers all of it. */
  private static final System.Logger LOG = System.getLogger(JpaDocumentStore.class.getName());

  private final JpaTransactions transactions;

  ClientBindings(JpaTransactions transactions) {
    this.transactions = transactions;
  }

  String bindClient(String client, String userId) {
    Ids.requireClientId(client);
    Ids.requireUserId(userId);
    Optional<String> bound = boundUser(client);
    if (bound.isPresent()) {
      return bound.get();
    }
    try {
      transactions.inTransaction(em -> em.createNativeQuery(
              "insert into collab_client (client_id, user_id, bound_at) values (?1, ?2, ?3)")
          .setParameter(1, client)
          .setParameter(2, userId)
          .setParameter(3, Timestamp.from(Instant.now()))
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
}
