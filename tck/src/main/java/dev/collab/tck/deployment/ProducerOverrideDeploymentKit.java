package dev.collab.tck.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.collab.Collab;
import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.tck.ReferenceStore;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * In the container: an application that replaces Collab's SPIs with producers, in each of the
 * ways CDI 4.0 selects a producer as an alternative ({@link ProducerWays}), gets its own store,
 * policy and bus used by the engine. Checked by what the engine does, never by reading
 * configuration: the document it creates is in the application's store, the policy it asks lets a
 * role-less user write and refuses a {@code collab-writer}, and its commit goes out on the
 * application's bus. The WAR sets no {@code collab.store}: had Collab's in-memory default been
 * chosen instead, the deployment would have failed. Run it with an empty subclass.
 */
@ExtendWith(ArquillianExtension.class)
@Tag("deployment")
public abstract class ProducerOverrideDeploymentKit {

  /**
   * The WAR: Collab, and the application's producers of {@link ProducerWays}, with no {@code
   * collab.store} setting. Arquillian deploys it and runs the test inside it.
   *
   * @return the archive
   */
  @Deployment
  public static WebArchive deployment() {
    return CollabArchives.war("collab-tck-producers",
        ProducerOverrideDeploymentKit.class, ProducerWays.class, ReferenceStore.class, DelegatingStore.class);
  }

  @Inject Collab collab;

  @Test
  @DisplayName("producer methods and fields selected the CDI 4.0 ways are the store, policy and bus the engine uses")
  void engineUsesProducedSpis() throws Exception {
    String id = "tck-producers-" + System.nanoTime();
    User granted = new User(ProducerWays.GRANTED_USER, "granted", Set.of());
    collab.create(id, "rich-text", "Producer kit", Map.of(), granted);
    assertTrue(ProducerWays.STORE.find(id).isPresent(),
        "the document created through Collab is in the store of the producer method on the alternative class");

    collab.edit(id, granted, "[{\"insert\":\"by the produced policy\"}]").toCompletableFuture().get(20, TimeUnit.SECONDS);
    assertEquals(1, ProducerWays.STORE.head(id), "the role-less user's op was committed to the produced store");

    User roleWriter = new User("tck-role-writer", "role writer", Set.of("collab-writer"));
    ExecutionException refused = assertThrows(ExecutionException.class,
        () -> collab.edit(id, roleWriter, "[{\"insert\":\"x\"}]").toCompletableFuture().get(20, TimeUnit.SECONDS),
        "the produced policy refuses a user Collab's role policy would let write");
    CollabException cause = assertInstanceOf(CollabException.class, refused.getCause());
    assertEquals(ErrorCode.FORBIDDEN, cause.code(), "refused for access: " + cause);
    assertEquals(1, ProducerWays.STORE.head(id), "nothing more was committed");

    assertTrue(ProducerWays.BUS.published.contains(id),
        "the commit went out on the bus of the producer field: " + ProducerWays.BUS.published);
  }
}
