package dev.collab.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import java.util.Objects;
import java.util.function.Function;

/**
 * How {@link JpaDocumentStore} gets an {@link EntityManager} and a transaction: the one thing that
 * differs between Java SE (RESOURCE_LOCAL, {@link #resourceLocal}) and an application server (JTA).
 *
 * <p><b>Contract.</b> {@link #inTransaction} runs {@code work} in a <em>new</em> transaction of its
 * own, never in one the caller has open (the store must be able to roll back a failed append and
 * read the head again in a fresh transaction, and an append must be durable when it returns). It
 * commits when {@code work} returns and returns its result; it rolls back when {@code work} or the
 * commit throws, and throws that exception (wrapped or not; the store looks for the
 * {@link java.sql.SQLException} in the causes). The entity manager is used by one thread, for that
 * one call.
 *
 * <p>For JTA, an implementation suspends any caller transaction and begins a new one (a
 * {@code jakarta.transaction.TransactionManager}, or a CDI bean whose method is
 * {@code @Transactional(REQUIRES_NEW)} with an injected {@code @PersistenceContext}):
 * {@link JtaTransactions} is the latter.
 */
public interface JpaTransactions {

  /**
   * Runs {@code work} in a new transaction that commits when it returns (see the class comment).
   *
   * @param <T> what the work returns
   * @param work the unit of work, given the transaction's entity manager
   * @return what {@code work} returned, after the commit
   */
  <T> T inTransaction(Function<EntityManager, T> work);

  /**
   * Transactions of a RESOURCE_LOCAL persistence unit: a new entity manager and
   * {@link EntityTransaction} per call, closed afterwards. Thread-safe, as the factory is.
   *
   * @param factory the RESOURCE_LOCAL persistence unit's factory
   * @return transactions on that unit
   */
  static JpaTransactions resourceLocal(EntityManagerFactory factory) {
    Objects.requireNonNull(factory, "factory");
    return new JpaTransactions() {
      @Override
      public <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = factory.createEntityManager();
        try {
          EntityTransaction transaction = em.getTransaction();
          transaction.begin();
          try {
            T result = work.apply(em);
            transaction.commit();
            return result;
          } catch (RuntimeException | Error e) {
            if (transaction.isActive()) {
              try {
                transaction.rollback();
              } catch (RuntimeException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
              }
            }
            throw e;
          }
        } finally {
          em.close();
        }
      }
    };
  }
}
