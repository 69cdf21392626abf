package dev.collab.server.it;

import dev.collab.tck.deployment.UnselectedProducerDeploymentKit;

/**
 * The TCK's broken deployment (a store producer CDI 4.0 does not select, no {@code collab.store})
 * on Payara Micro (one boot); the message is read from the server log in {@code java.io.tmpdir}.
 */
class UnselectedProducerIT extends UnselectedProducerDeploymentKit {

  @Override
  protected String deploymentLog() throws Exception {
    return AmbiguousStoreIT.payaraLog();
  }
}
