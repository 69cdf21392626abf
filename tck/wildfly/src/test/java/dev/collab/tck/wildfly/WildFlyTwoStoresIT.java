package dev.collab.tck.wildfly;

import dev.collab.tck.deployment.AmbiguousStoreDeploymentKit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The TCK's broken deployment (two stores) on WildFly; the message is read from its server log. */
class WildFlyTwoStoresIT extends AmbiguousStoreDeploymentKit {

  @Override
  protected String deploymentLog() throws Exception {
    return serverLog();
  }

  /** WildFly's server log, or null before it has one. */
  static String serverLog() throws Exception {
    Path log = Path.of(System.getProperty("jboss.home"), "standalone", "log", "server.log");
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : null;
  }
}
