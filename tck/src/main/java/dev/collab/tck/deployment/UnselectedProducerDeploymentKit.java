package dev.collab.tck.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.collab.tck.ReferenceStore;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.ShouldThrowException;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A broken deployment on a CDI 4.0 (Jakarta EE 10) container: the application's store producer
 * carries {@code @Alternative @Priority} on the method only ({@link UnselectedProducer}), which CDI
 * 4.0 does not select, and the WAR does not ask for the in-memory store ({@code collab.store=memory}).
 * The deployment must fail rather than run on a store that keeps nothing
 * ({@link ShouldThrowException}), and where the container's log is at hand ({@link
 * #deploymentLog()}), the message must name both fixes. On a CDI 4.1 container, which selects such
 * a producer, this kit does not apply.
 */
@ExtendWith(ArquillianExtension.class)
@Tag("deployment")
@Tag("faults")
public abstract class UnselectedProducerDeploymentKit {

  /**
   * The broken WAR: Collab with only the {@link UnselectedProducer} as the application's store.
   * Arquillian deploys it and expects the deployment to fail.
   *
   * @return the archive
   */
  @Deployment(testable = false)
  @ShouldThrowException(DeploymentException.class)
  public static WebArchive deployment() {
    return CollabArchives.war("collab-tck-unselected-producer",
        UnselectedProducer.class, DelegatingStore.class, ReferenceStore.class);
  }

  /**
   * What the server logged while deploying, or null when this container offers no log to the test
   * (the message check is then skipped; the failure itself is still checked).
   *
   * @return the server's log lines of the failed deployment, or null (the default)
   * @throws Exception when the log could not be read; the test fails with it
   */
  protected @Nullable String deploymentLog() throws Exception {
    return null;
  }

  @Test
  @DisplayName("a producer whose @Priority CDI 4.0 ignores fails the deployment, naming both fixes, instead of a silent in-memory store")
  void unselectedProducerFailsTheDeployment() throws Exception {
    String log = deploymentLog();
    assumeTrue(log != null, "the container offers no deployment log");
    assertThat(log).contains("the application provides no DocumentStore bean")
        .contains("put both annotations on the class that declares it")
        .contains("collab.store=memory");
  }
}
