package dev.collab.sample;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * When the application has started: opens the store (so a bad database setting fails the
 * deployment, not the first request) and logs the demo logins in a block that stands out in the
 * server's output.
 */
@ApplicationScoped
public class StartupLog {
  private static final Logger LOG = Logger.getLogger(StartupLog.class.getName());

  @Inject SampleStore store;

  void started(@Observes @Initialized(ApplicationScoped.class) Object event) {
    LOG.info(banner(store.config().describe() + " (" + store.database() + ")",
        SampleSettings.get("collab.bus").orElse("local")));
  }

  static String banner(String storage, String bus) {
    String rule = "=".repeat(72);
    StringBuilder out = new StringBuilder("\n").append(rule).append('\n')
        .append("  Collab sample app is up. Log in with one of these demo users:\n\n");
    for (DemoUsers.DemoUser user : DemoUsers.ALL) {
      out.append(String.format("    %-8s password %-12s role %s%n", user.name(), user.password(), user.role()));
    }
    return out.append('\n')
        .append("  documents: ").append(storage).append('\n')
        .append("  bus:       ").append(bus).append('\n')
        .append(rule).toString();
  }
}
