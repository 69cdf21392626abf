package dev.collab.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.collab.server.internal.config.InvalidSettingException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A bad setting fails the deployment itself, on a real server (Collab on embedded Jetty,
 * {@link JettyApp}), naming the key, rather than the hundredth connection; with the value fixed,
 * the same application deploys and serves (so the failure was the setting, and nothing of the
 * failed start was kept).
 */
class BadSettingIT {
  private static final String KEY = "collab.max-messages-per-second";

  @Test
  @DisplayName("a bad collab.* value fails the start of the application, naming the key; fixed, it deploys")
  void badValueFailsTheDeployment() throws Exception {
    System.setProperty(KEY, "-5");
    try {
      Server failing = JettyApp.create("/app");
      assertThatThrownBy(failing::start)
          .satisfies(e -> assertThat(rootSetting(e)).as("the cause chain of %s", e).isNotNull()
              .satisfies(bad -> {
                assertThat(bad.key()).isEqualTo(KEY);
                assertThat(bad).hasMessage("collab setting " + KEY + "=-5 is not valid: a whole number from 1 to 2147483647");
              }));
      failing.stop();
    } finally {
      System.clearProperty(KEY);
    }

    Server server = JettyApp.start("/app");
    try {
      HttpResponse<String> script = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(
          HttpRequest.newBuilder(JettyApp.base(server, "/app").resolve("collab/client/current/collab.js")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(script.statusCode()).as("the deployed client's redirect").isEqualTo(302);
    } finally {
      server.stop();
    }
  }

  private static InvalidSettingException rootSetting(Throwable failure) {
    for (Throwable e = failure; e != null; e = e.getCause()) {
      if (e instanceof InvalidSettingException bad) {
        return bad;
      }
      for (Throwable suppressed : e.getSuppressed()) {
        InvalidSettingException bad = rootSetting(suppressed);
        if (bad != null) {
          return bad;
        }
      }
    }
    return null;
  }
}
