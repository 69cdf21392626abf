package dev.collab.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.ShouldThrowException;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A bad setting in the WAR's {@code META-INF/microprofile-config.properties} fails the deployment
 * on Payara Micro (MicroProfile Config, Tyrus, Weld: Collab's start-up hooks in Payara's order),
 * and the server log names the key, the value and what is allowed. {@link BadSettingIT} shows the
 * same on Jetty, and that the fixed application then deploys.
 */
@ExtendWith(ArquillianExtension.class)
class BadSettingPayaraIT {

  @Deployment(testable = false)
  @ShouldThrowException(DeploymentException.class)
  static WebArchive deployment() {
    return Deployments.collabWar("collab-bad-setting", "collab.max-retries=-1\n");
  }

  @Test
  @DisplayName("collab.max-retries=-1 fails the deployment on Payara Micro, and the log says why")
  void badSettingFailsTheDeployment() throws Exception {
    assertThat(AmbiguousStoreIT.payaraLog())
        .contains("collab setting collab.max-retries=-1 is not valid: a whole number from 0 to 2147483647");
  }
}
