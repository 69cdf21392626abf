package dev.collab.server.it;

import dev.collab.tck.deployment.AmbiguousStoreDeploymentKit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The TCK's broken deployment (two stores) on Payara Micro (one boot); the message is read from
 * the server log that arquillian.xml sends to {@code java.io.tmpdir} (target/).
 */
class AmbiguousStoreIT extends AmbiguousStoreDeploymentKit {

  @Override
  protected String deploymentLog() throws Exception {
    return payaraLog();
  }

  /** Every Payara Micro boot's log of this run (arquillian.xml appends them to one file), or null. */
  static String payaraLog() throws Exception {
    Path log = Path.of(System.getProperty("java.io.tmpdir"), "payara-micro.log.0");
    return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : null;
  }
}
