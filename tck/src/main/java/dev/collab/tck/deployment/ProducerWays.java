package dev.collab.tck.deployment;

import dev.collab.Access;
import dev.collab.User;
import dev.collab.spi.AccessPolicy;
import dev.collab.spi.ClusterBus;
import dev.collab.spi.DocumentStore;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An application that replaces each SPI with a producer, one of the ways CDI 4.0 selects a
 * producer as an alternative for each SPI: the annotations on the declaring class (store), method
 * {@code @Alternative} with the class's {@code @Priority} (policy), and a producer field (bus).
 * What each produces is told apart from Collab's defaults by behaviour ({@link
 * ProducerOverrideDeploymentKit}).
 */
public final class ProducerWays {
  /** The user the application's policy lets write; it refuses every other user. */
  public static final String GRANTED_USER = "tck-granted";

  /** The store the application produces. */
  public static final DocumentStore STORE = new DelegatingStore() {};

  /** The bus the application produces. */
  public static final RecordingBus BUS = new RecordingBus();

  private ProducerWays() {}

  /** Way 1: a producer method on a class annotated {@code @Alternative @Priority(APPLICATION)}. */
  @Alternative
  @Priority(Interceptor.Priority.APPLICATION)
  @ApplicationScoped
  public static class StoreOnAlternativeClass {
    /**
     * Produces the application's store.
     *
     * @return {@link ProducerWays#STORE}
     */
    @Produces
    @Singleton
    public DocumentStore store() {
      return STORE;
    }
  }

  /** Way 2: a producer method annotated {@code @Alternative}, on a class annotated {@code @Priority}. */
  @Priority(Interceptor.Priority.APPLICATION)
  @ApplicationScoped
  public static class PolicyOnPriorityClass {
    /**
     * Produces the application's policy.
     *
     * @return a policy that lets {@link ProducerWays#GRANTED_USER} write and nobody else in
     */
    @Produces
    @Alternative
    @Singleton
    public AccessPolicy policy() {
      return ProducerWays::grantedOnly;
    }
  }

  /** Way 3: a producer field on a class annotated {@code @Alternative @Priority(APPLICATION)}. */
  @Alternative
  @Priority(Interceptor.Priority.APPLICATION)
  @ApplicationScoped
  public static class BusFieldOnAlternativeClass {
    /** The application's bus, produced from a field: {@link ProducerWays#BUS}. */
    @Produces
    @Singleton
    public static final ClusterBus BUS_FIELD = BUS;
  }

  /** Write for {@link #GRANTED_USER}, whatever its roles; nothing for anyone else, whatever theirs. */
  static Access grantedOnly(User user, String documentId) {
    return user.id().equals(GRANTED_USER) ? Access.WRITE : Access.NONE;
  }

  /** An in-JVM bus that remembers the documents it carried messages for. */
  public static final class RecordingBus implements ClusterBus {
    private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    /** Every document id a message was published for, in order. */
    public final List<String> published = new CopyOnWriteArrayList<>();

    @Override
    public void publish(String documentId, String message) {
      published.add(documentId);
      for (Consumer<String> listener : listeners.getOrDefault(documentId, List.of())) {
        listener.accept(message);
      }
    }

    @Override
    public Subscription subscribe(String documentId, Consumer<String> listener) {
      listeners.computeIfAbsent(documentId, id -> new CopyOnWriteArrayList<>()).add(listener);
      return () -> listeners.getOrDefault(documentId, List.of()).remove(listener);
    }
  }
}
