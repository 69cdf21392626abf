package dev.collab.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

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

  /** Saves what the browser shows to {@code target/failsafe-reports/screenshots/<name>.png}. */
  static void screenshot(WebDriver browser, String name) throws IOException {
    Path dir = Path.of("target", "failsafe-reports", "screenshots");
    Files.createDirectories(dir);
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }
}
