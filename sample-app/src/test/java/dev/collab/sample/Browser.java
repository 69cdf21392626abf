package dev.collab.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.net.URI;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium through its driver, both from the system ({@code /usr/bin/chromium},
 * {@code /usr/bin/chromedriver}, or {@code -Dcollab.test.chromium} / {@code .chromedriver}). Without
 * them the browser test is skipped, unless {@code COLLAB_TEST_BROWSER=required}
 * ({@code -Dcollab.test.browser=required}) makes that a failure.
 */
final class Browser {
  private Browser() {}

  static WebDriver start() throws IOException {
    File chromium = new File(System.getProperty("collab.test.chromium", "/usr/bin/chromium"));
    File driver = new File(System.getProperty("collab.test.chromedriver", "/usr/bin/chromedriver"));
    if (!chromium.canExecute() || !driver.canExecute()) {
      boolean required = "required".equals(System.getProperty("collab.test.browser", System.getenv("COLLAB_TEST_BROWSER")));
      if (required) {
        throw new IllegalStateException("no Chromium at " + chromium + " or no driver at " + driver);
      }
      Assumptions.abort("no Chromium at " + chromium + " or no driver at " + driver + "; COLLAB_TEST_BROWSER=required fails instead");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-quic", "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  /** Fills in the sample's login form, which the browser shows after asking for a protected page. */
  static void logIn(WebDriver browser, WebDriverWait wait, String user) {
    WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
    name.sendKeys(user);
    browser.findElement(By.name("password")).sendKeys(user + "-demo" + Keys.ENTER);
  }

  /** Runs {@code script} in the page and returns what it returns. */
  static Object script(WebDriver browser, String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  /** Saves what the browser shows to {@code target/failsafe-reports/screenshots/<name>.png}. */
  static void screenshot(WebDriver browser, String name) throws IOException {
    Path dir = Path.of("target", "failsafe-reports", "screenshots");
    Files.createDirectories(dir);
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Opens the editor of document {@code id} of the sample at {@code base}, logging in as
   * {@code user}; returns its text area once connected.
   */
  static WebElement openEditor(WebDriver browser, WebDriverWait wait, URI base, String user, String id) {
    browser.get(base + "editor.html?doc=" + id);
    logIn(browser, wait, user);
    wait.until(ExpectedConditions.attributeToBe(By.id("state"), "data-state", "open"));
    return wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#editor .ql-editor")));
  }
}
