package dev.collab.tck.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.collab.Access;
import dev.collab.Collab;
import dev.collab.User;
import dev.collab.spi.AccessPolicy;
import dev.collab.spi.ClusterBus;
import dev.collab.spi.DocumentStore;
import dev.collab.tck.ReferenceStore;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * In the container: Collab's beans and SPI overrides resolve in a WAR that holds Collab's jars and
 * an application store declared {@code @Alternative @Priority(APPLICATION)}. The application's
 * store must be the {@link DocumentStore} bean and the one the engine writes to; the SPIs the
 * application does not replace (bus, policy) come from Collab's defaults. A vendor runs it with an
 * empty subclass and their Arquillian container; the tests run inside the server (JUnit's
 * assertions only: the archive carries no assertion library).
 */
@ExtendWith(ArquillianExtension.class)
@Tag("deployment")
public abstract class SpiOverrideDeploymentKit {

  /**
   * The WAR: Collab and the application's {@link ApplicationStore}, an alternative with a priority.
   * Arquillian deploys it and runs the tests inside it.
   *
   * @return the archive
   */
  @Deployment
  public static WebArchive deployment() {
    return CollabArchives.war("collab-tck-override",
        SpiOverrideDeploymentKit.class, ReferenceStore.class, DelegatingStore.class, ApplicationStore.class);
  }

  @Inject DocumentStore store;
  @Inject AccessPolicy policy;
  @Inject ClusterBus bus;
  @Inject Collab collab;

  @Test
  @DisplayName("the application's @Alternative @Priority(APPLICATION) store is the DocumentStore bean")
  void applicationStoreWins() {
    assertInstanceOf(ApplicationStore.class, store, "the injected store");
  }

  @Test
  @DisplayName("the engine behind the injected Collab writes to the application's store")
  void engineUsesApplicationStore() throws Exception {
    String id = "tck-override-" + System.nanoTime();
    User writer = new User("tck-setup", "tck-setup", Set.of("collab-writer"));
    collab.create(id, "rich-text", "Deployment kit", Map.of(), writer);
    assertTrue(store.find(id).isPresent(), "the document created through Collab is in the application's store");
    collab.edit(id, writer, "[{\"insert\":\"stored\"}]").toCompletableFuture().get(20, TimeUnit.SECONDS);
    assertEquals(1, store.head(id), "the committed op is in the application's store");
  }

  @Test
  @DisplayName("the SPIs the application does not replace come from Collab's defaults: the role policy and a working bus")
  void defaultsFillTheRest() throws Exception {
    assertEquals(Access.WRITE, policy.access(new User("w", "w", Set.of("collab-writer")), "any"));
    assertEquals(Access.READ, policy.access(new User("r", "r", Set.of("collab-reader")), "any"));
    assertEquals(Access.ADMIN, policy.access(new User("a", "a", Set.of("collab-admin")), "any"));
    CountDownLatch delivered = new CountDownLatch(1);
    try (ClusterBus.Subscription subscription = bus.subscribe("tck-bus", message -> {
      if (message.equals("hello")) {
        delivered.countDown();
      }
    })) {
      bus.publish("tck-bus", "hello");
      assertTrue(delivered.await(20, TimeUnit.SECONDS), "the default bus delivers to a subscriber");
    }
  }
}
