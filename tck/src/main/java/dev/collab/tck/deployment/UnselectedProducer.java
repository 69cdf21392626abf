package dev.collab.tck.deployment;

import dev.collab.spi.DocumentStore;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

/**
 * A store producer written the way CDI 4.1 allows and CDI 4.0 does not: {@code @Alternative
 * @Priority} on the producer method only, none on the class. CDI 4.0 (Jakarta EE 10) never selects
 * it, so without a guard Collab's in-memory default would silently serve instead.
 */
@ApplicationScoped
public class UnselectedProducer {
  /**
   * Produces a store that CDI 4.0 never selects, for want of a priority on the class.
   *
   * @return a new store over a {@link dev.collab.tck.ReferenceStore}
   */
  @Produces
  @Alternative
  @Priority(Interceptor.Priority.APPLICATION)
  @Singleton
  public DocumentStore store() {
    return new DelegatingStore() {};
  }
}
