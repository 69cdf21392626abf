package dev.collab.server.it;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One user in one headless Chromium (the system's {@code /usr/bin/chromium} and
 * {@code /usr/bin/chromedriver}, or {@code -Dcollab.test.chromium} / {@code -Dcollab.test.chromedriver}),
 * driven by Selenium, on the test page {@code editor.html}.
 */
final class Browser implements AutoCloseable {
  static final Path SCREENSHOTS = Path.of("target", "failsafe-reports", "screenshots");
  private static final Duration WAIT = Duration.ofSeconds(30);

  final String user;
  private final WebDriver driver;
  private final Path profile;

  private Browser(String user, WebDriver driver, Path profile) {
    this.user = user;
    this.driver = driver;
    this.profile = profile;
  }

  /**
   * Skips the calling test class, with a message saying why, when Chromium or its driver is missing;
   * fails it instead when {@code COLLAB_TEST_BROWSER=required} (or {@code -Dcollab.test.browser=required}),
   * as in CI.
   */
  static void requireChromium() {
    Path chromium = chromium();
    Path driver = chromedriver();
    if (Files.isExecutable(chromium) && Files.isExecutable(driver)) {
      return;
    }
    String why = "browser tests need Chromium at " + chromium + " and chromedriver at " + driver
        + " (Debian: apt-get install chromium chromium-driver)";
    String required = System.getProperty("collab.test.browser", System.getenv("COLLAB_TEST_BROWSER"));
    if ("required".equals(required)) {
      Assertions.fail(why + "; COLLAB_TEST_BROWSER=required");
    }
    System.err.println("BrowserIT skipped: " + why + " (set COLLAB_TEST_BROWSER=required to fail instead)");
    Assumptions.abort(why + "; skipped (set COLLAB_TEST_BROWSER=required to fail instead)");
  }

  private static Path chromium() {
    return Path.of(System.getProperty("collab.test.chromium", "/usr/bin/chromium"));
  }

  private static Path chromedriver() {
    return Path.of(System.getProperty("collab.test.chromedriver", "/usr/bin/chromedriver"));
  }

  static Browser start(String user) throws IOException {
    Path profile = Files.createTempDirectory(Path.of("target"), "chromium-" + user + "-").toAbsolutePath();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium().toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-quic", "--window-size=800,600", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(chromedriver().toFile()).usingAnyFreePort().build();
    return new Browser(user, new ChromeDriver(service, options), profile);
  }

  /** Logs in (the test cookie) and opens document {@code doc} on the test page; waits until it is ready. */
  void open(URI base, String doc) {
    openAs(base, doc, user);
  }

  /** Like {@link #open} but logged in as {@code login} (another user of {@link TestSecurity}). */
  void openAs(URI base, String doc, String login) {
    driver.get(base.resolve("test/login?user=" + login).toString());
    load(base, doc);
    waitReady();
  }

  /** Drops the login cookie, as an expired session would, without leaving the page. */
  void logOut() {
    driver.manage().deleteCookieNamed(CookieAuthenticator.COOKIE);
  }

  /** Sets the login cookie again (as logging in in another tab would), without leaving the page. */
  void logBackIn() {
    driver.manage().addCookie(new Cookie.Builder(CookieAuthenticator.COOKIE, user).path("/app").isHttpOnly(true)
        .sameSite("Lax").build());
  }

  /** Navigates to the test page of {@code doc} without waiting for it to be ready. */
  void load(URI base, String doc) {
    load(base, doc, "editor.html");
  }

  /** Opens {@code page} (of src/test/resources/browser) on {@code doc} as this user; waits until it is ready. */
  void openPage(URI base, String doc, String page) {
    driver.get(base.resolve("test/login?user=" + user).toString());
    load(base, doc, page);
    waitReady();
  }

  /**
   * Logs in and navigates to editor.html on {@code doc} with {@code query} added to its URL (for
   * example {@code videoHosts=localhost}), without waiting for the page to be ready.
   */
  void visit(URI base, String doc, String query) {
    driver.get(base.resolve("test/login?user=" + user).toString());
    load(base, doc, "editor.html?" + query);
  }

  /** What the page logged with console.error or console.warn, and its uncaught errors (editor.html collects them). */
  @SuppressWarnings("unchecked")
  List<String> consoleProblems() {
    return (List<String>) js("return window.collabConsole || ['no console capture on this page']");
  }

  private void load(URI base, String doc, String page) {
    driver.get(base.resolve("test/browser/" + page + (page.contains("?") ? "&" : "?") + "doc=" + doc).toString());
  }

  void reload() {
    driver.navigate().refresh();
  }

  void waitReady() {
    waitFor("the page to be ready", d -> "true".equals(js("return document.body.dataset.ready || null")));
  }

  boolean isReady() {
    return "true".equals(js("return document.body.dataset.ready || null"));
  }

  /** The editor's text (Quill's getText: ends with a newline). */
  String text() {
    return (String) js("return window.collab.quill.getText()");
  }

  /** The client's connection state, as the page shows it. */
  String state() {
    return driver.findElement(By.id("state")).getAttribute("data-state");
  }

  boolean editable() {
    return (Boolean) js("return window.collab.quill.isEnabled()");
  }

  long pending() {
    return ((Number) js("return window.collab.doc.pendingCount")).longValue();
  }

  /** Puts the caret at {@code index} and types {@code keys} as a user would (one key event each). */
  void typeAt(int index, CharSequence keys) {
    js("window.collab.quill.focus(); window.collab.quill.setSelection(arguments[0], 0, 'user')", index);
    new Actions(driver).sendKeys(keys).perform();
  }

  /** Types at the caret where it is. */
  void type(CharSequence keys) {
    new Actions(driver).sendKeys(keys).perform();
  }

  /** Ctrl+Z, Quill's undo shortcut off macOS. */
  void undo() {
    new Actions(driver).keyDown(Keys.CONTROL).sendKeys("z").keyUp(Keys.CONTROL).perform();
  }

  int caret() {
    return ((Number) js("const r = window.collab.quill.getSelection(); return r ? r.index : -1")).intValue();
  }

  /** The names on the remote cursors quill-cursors drew. */
  @SuppressWarnings("unchecked")
  List<String> cursorNames() {
    return (List<String>) js("return Array.from(document.querySelectorAll('.ql-cursor .ql-cursor-name')).map(e => e.textContent)");
  }

  /** The index of the remote cursor of {@code user} as this page's document holds it, or -1. */
  int cursorOf(String otherUser) {
    Object index = js("const p = window.collab.doc.participants.find(p => p.user.id === arguments[0]);"
        + " return p && p.range ? p.range.index : -1", otherUser);
    return ((Number) index).intValue();
  }

  String people() {
    return driver.findElement(By.id("people")).getText();
  }

  /** Runs {@code script} as an async script: it ends by calling {@code arguments[arguments.length - 1]} with the result. */
  Object jsAsync(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
  }

  /** Makes the page see {@code prefers-color-scheme: dark} (or light again), as a user's system setting would. */
  void colorScheme(String scheme) {
    ((ChromeDriver) driver).executeCdpCommand("Emulation.setEmulatedMedia",
        java.util.Map.of("features", List.of(java.util.Map.of("name", "prefers-color-scheme", "value", scheme))));
  }

  /** The Selenium driver, for what this class has no method for. */
  WebDriver driver() {
    return driver;
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  <T> T waitFor(String what, Function<WebDriver, T> condition) {
    try {
      return new WebDriverWait(driver, WAIT).withMessage(() -> user + ": waiting for " + what).until(condition);
    } catch (RuntimeException e) {
      throw new AssertionError(user + " waited " + WAIT.toSeconds() + " s for " + what + "; page text: "
          + safe(this::text) + ", state: " + safe(this::state), e);
    }
  }

  private static String safe(java.util.function.Supplier<String> s) {
    try {
      return s.get();
    } catch (RuntimeException e) {
      return "(" + e.getClass().getSimpleName() + ")";
    }
  }

  /** Saves a screenshot as target/failsafe-reports/screenshots/{@code name}-{@code user}.png. */
  void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
      Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + "-" + user + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      System.err.println("BrowserIT: no screenshot " + name + " of " + user + ": " + e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // left in target/
      }
    }
  }
}
