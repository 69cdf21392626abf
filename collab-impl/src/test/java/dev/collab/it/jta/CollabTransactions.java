package dev.collab.it.jta;

import dev.collab.jpa.JtaTransactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** The application's side of {@link JtaTransactions}: its persistence unit. Exactly as the Javadoc shows. */
@ApplicationScoped
public class CollabTransactions extends JtaTransactions {
  @PersistenceContext(unitName = "collab")
  EntityManager em;

  @Override
  protected EntityManager entityManager() {
    return em;
  }
}
