package dev.collab.server.it;

import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.event.container.AfterDeploy;
import org.jboss.arquillian.core.api.Instance;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Makes a failed deployment on Payara Micro an Arquillian {@link DeploymentException}, as it is on
 * other containers. The Payara Micro connector (3.1) boots the server with {@code --deploy} and
 * reports success whenever the server comes up, even when the application failed to deploy (its
 * boot report then lists no application, so the connector finds no servlet). Without this,
 * {@code @ShouldThrowException(DeploymentException.class)} could never pass on Payara Micro.
 */
public final class PayaraDeploymentCheck implements LoadableExtension {

  @Override
  public void register(ExtensionBuilder builder) {
    builder.observer(Check.class);
  }

  /** After each deployment: an HTTP context without a single servlet means nothing was deployed. */
  public static final class Check {
    @Inject private Instance<ProtocolMetaData> metaData;

    public void afterDeploy(@Observes AfterDeploy event) throws DeploymentException {
      ProtocolMetaData data = metaData.get();
      if (data != null && data.hasContext(HTTPContext.class)
          && data.getContexts(HTTPContext.class).stream().allMatch(c -> c.getServlets().isEmpty())) {
        throw new DeploymentException("Payara Micro started but deployed nothing from "
            + event.getDeployment().getName() + ": the reason is in the server log");
      }
    }
  }
}
