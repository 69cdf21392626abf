package dev.collab.tck.wildfly;

import dev.collab.tck.deployment.UnselectedProducerDeploymentKit;

/** The TCK's broken deployment (a store producer CDI 4.0 does not select) on WildFly. */
class WildFlyUnselectedProducerIT extends UnselectedProducerDeploymentKit {

  @Override
  protected String deploymentLog() throws Exception {
    return WildFlyTwoStoresIT.serverLog();
  }
}
