package dev.collab.server.it;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The setting of a browser test class, as a JUnit extension ({@code @RegisterExtension static}):
 * a {@link BrowserServer} and one headless Chromium per user, started before the class (skipped,
 * or failed under {@code COLLAB_TEST_BROWSER=required}, without Chromium), a screenshot of every
 * browser after each test ({@code <class>-<test>-<user>.png}), all closed after the class.
 */
final class BrowserUsers implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  private final String[] users;
  private final Map<String, Browser> browsers = new LinkedHashMap<>();
  private BrowserServer server;

  BrowserUsers(String... users) {
    this.users = users.clone();
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Browser.requireChromium();
    server = new BrowserServer();
    server.start();
    for (String user : users) {
      browsers.put(user, Browser.start(user));
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
    browsers.values().forEach(b -> b.screenshot(name));
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      for (Browser browser : browsers.values()) {
        try {
          browser.close();
        } catch (RuntimeException e) {
          System.err.println(context.getDisplayName() + ": closing the browser of " + browser.user + " failed: " + e);
        }
      }
      browsers.clear();
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  BrowserServer server() {
    return server;
  }

  Browser browser(String user) {
    Browser browser = browsers.get(user);
    if (browser == null) {
      throw new IllegalArgumentException("no browser for " + user + "; users: " + browsers.keySet());
    }
    return browser;
  }
}
