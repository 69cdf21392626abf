package dev.collab.sample;

import java.nio.file.Path;
import java.util.Map;

/** The restart scenario on WildFly 38 with the sample's default database, H2 in a data directory. */
class WildFlyRestartIT extends RestartScenario {

  @Override
  protected SampleServer start(Map<String, String> settings, Path workDir) throws Exception {
    return WildFlyServer.start(settings, workDir);
  }

  @Override
  protected Map<String, String> storage(Path workDir) {
    return Map.of("SAMPLE_DB", "h2", "SAMPLE_DATA_DIR", workDir.resolve("data").toString());
  }
}
