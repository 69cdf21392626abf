package dev.collab.jpa;

import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.function.Function;

/**
 * {@link JpaTransactions} for a JTA persistence unit on an application server: every call runs in
 * a <em>new</em> JTA transaction ({@code REQUIRES_NEW}: a transaction the caller has open is
 * suspended, not joined) on the container's transaction-scoped {@link EntityManager}, and is
 * committed when the call returns, so an append is durable on return and a failed append can be
 * followed by a fresh read of the head.
 *
 * <p>The application makes it a CDI bean of its own, naming its persistence unit (Collab cannot
 * know the unit's name, and a library bean with an unnamed {@code @PersistenceContext} would break
 * applications with several units):
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class CollabTransactions extends JtaTransactions {
 *   @PersistenceContext(unitName = "collab") EntityManager em;
 *
 *   @Override protected EntityManager entityManager() { return em; }
 * }
 *
 * @ApplicationScoped @Alternative @Priority(Interceptor.Priority.APPLICATION)
 * public class CollabStore {
 *   @Produces @ApplicationScoped
 *   DocumentStore documentStore(CollabTransactions transactions) {
 *     return new JpaDocumentStore(transactions);
 *   }
 * }
 * }</pre>
 *
 * <p>({@code @Alternative @Priority} on the producer's class: CDI 4.0, in Jakarta EE 10, ignores
 * {@code @Priority} on a producer method, and Collab's in-memory default would stay.)
 *
 * <p>The transaction comes from the inherited {@code @Transactional(REQUIRES_NEW)} interceptor
 * binding, so the subclass must be a CDI bean and the store must call it through its CDI proxy (as
 * injected). The engine calls the store from its own threads (the group committer's, the
 * sequencers' workers); Payara Micro 6 runs JTA transactions on them (tested by
 * {@code JtaStoreIT} in collab-impl).
 *
 * @since 0.1
 */
public abstract class JtaTransactions implements JpaTransactions {

  /**
   * The transaction-scoped entity manager of the application's JTA persistence unit.
   *
   * @return the injected {@code @PersistenceContext} entity manager
   */
  protected abstract EntityManager entityManager();

  /**
   * Runs {@code work} in a new JTA transaction. The flush at the end makes key violations surface
   * here, as an exception of this call (which rolls the transaction back), rather than at the
   * container's commit after the method returned.
   */
  @Override
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public <T> T inTransaction(Function<EntityManager, T> work) {
    EntityManager em = entityManager();
    T result = work.apply(em);
    em.flush();
    return result;
  }
}
