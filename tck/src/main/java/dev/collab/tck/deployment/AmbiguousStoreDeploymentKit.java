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
 * A broken deployment: the application declares its store as a plain bean, forgetting
 * {@code @Alternative @Priority(APPLICATION)}, so two stores compete (its own and Collab's
 * default). The deployment must fail ({@link ShouldThrowException}: Arquillian fails the class if
 * it deploys), and, where the container's log is at hand ({@link #deploymentLog()}), the message
 * must name the ambiguous type and both candidates.
 *
 * <p>A WAR with no store of its own is not broken when it asks for Collab's in-memory store
 * ({@code collab.store=memory}, as {@link WireDeploymentKit}'s archive does); without that setting
 * it fails to deploy ({@link UnselectedProducerDeploymentKit}).
 */
@ExtendWith(ArquillianExtension.class)
@Tag("deployment")
@Tag("faults")
public abstract class AmbiguousStoreDeploymentKit {

  /**
   * The broken WAR: Collab with {@link ReferenceStore} declared as a plain bean besides Collab's
   * default store. Arquillian deploys it and expects the deployment to fail.
   *
   * @return the archive
   */
  @Deployment(testable = false)
  @ShouldThrowException(DeploymentException.class)
  public static WebArchive deployment() {
    return CollabArchives.war("collab-tck-two-stores", ReferenceStore.class, DelegatingStore.class, PlainApplicationStore.class);
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
  @DisplayName("two DocumentStore candidates fail the deployment with a message naming the type and both candidates")
  void twoStoresFail() throws Exception {
    String log = deploymentLog();
    assumeTrue(log != null, "the container offers no deployment log");
    assertThat(log).contains("DocumentStore").contains(PlainApplicationStore.class.getName()).contains("CollabDefaults");
  }
}
