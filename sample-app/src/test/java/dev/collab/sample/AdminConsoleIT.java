package dev.collab.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console ({@code admin.html}) of the sample WAR on Payara Micro, in headless Chromium:
 * alice and bob (writers) type in one document while the admin watches the console draw the ops,
 * sees both in the table of open documents and disconnects bob, whose editor then shows the
 * admin's message; and a writer is refused the page and the API.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminConsoleIT extends SampleWar {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  @DisplayName("a writer gets 403 for the console page and the admin API; the admin gets both")
  void onlyAdminsGetTheConsole() throws Exception {
    SampleHttp sample = new SampleHttp(base());
    String alice = sample.login("alice");
    assertThat(sample.get("admin.html", alice).statusCode()).isEqualTo(403);
    assertThat(sample.get("assets/admin.js", alice).statusCode()).isEqualTo(403);
    assertThat(sample.get("collab/api/admin/stats", alice).statusCode()).isEqualTo(403);
    assertThat(sample.call("POST", "collab/api/admin/documents/any/unload", "{}", alice).statusCode()).isEqualTo(403);
    assertThat(sample.get("collab/api/admin/stats", null).statusCode()).as("anonymous").isEqualTo(401);
    String admin = sample.login("admin");
    assertThat(sample.get("admin.html", admin).statusCode()).isEqualTo(200);
    assertThat(sample.get("assets/vendor/uplot.js", admin).statusCode()).isEqualTo(200);
    assertThat(sample.get("collab/api/admin/stats", admin).statusCode()).isEqualTo(200);
  }


  @Test
  @DisplayName("in headless Chromium: the console charts two writers' ops, lists them, and disconnects one with a message")
  void consoleWatchesAndDisconnects() throws Exception {
    SampleHttp sample = new SampleHttp(base());
    String id = "console-" + UUID.randomUUID().toString().substring(0, 8);
    sample.createDocument(sample.login("alice"), id, "Watched by the admin");
    WebDriver admin = Browser.start();
    WebDriver alice = null;
    WebDriver bob = null;
    try {
      alice = Browser.start();
      bob = Browser.start();
      WebDriverWait adminWait = new WebDriverWait(admin, WAIT);
      WebDriverWait aliceWait = new WebDriverWait(alice, WAIT);
      WebDriverWait bobWait = new WebDriverWait(bob, WAIT);

      admin.manage().window().setSize(new Dimension(1400, 1200)); // room for the charts side by side
      admin.get(base() + "admin.html");
      Browser.logIn(admin, adminWait, "admin");
      // Two polls make the first point (a rate needs a previous count): the typing comes after it.
      adminWait.until(d -> ((Number) Browser.script(d, "return window.adminConsole ? window.adminConsole.data.time.length : 0"))
          .intValue() >= 1);

      WebElement aliceText = Browser.openEditor(alice, aliceWait, base(), "alice", id);
      WebElement bobText = Browser.openEditor(bob, bobWait, base(), "bob", id);
      aliceText.click();
      aliceText.sendKeys("Alice types while the admin watches.");
      bobText.click();
      bobText.sendKeys(Keys.END, " Bob too.");
      bobWait.until(ExpectedConditions.textToBePresentInElement(bobText, "Alice types"));

      // The ops chart holds a rate above zero (read from uPlot's own data of that chart).
      adminWait.until(d -> ((Number) Browser.script(d, "return window.adminConsole.maxOpsDrawn()")).doubleValue() > 0);
      By row = By.cssSelector("#open-documents tr[data-doc='" + id + "']");
      adminWait.until(d -> !d.findElements(By.cssSelector("#open-documents tr[data-doc='" + id + "'] li[data-user='alice']")).isEmpty()
          && !d.findElements(By.cssSelector("#open-documents tr[data-doc='" + id + "'] li[data-user='bob']")).isEmpty());
      Browser.screenshot(admin, "sample-admin-console");
      System.out.println("admin console screenshot: "
          + Path.of("target", "failsafe-reports", "screenshots", "sample-admin-console.png").toAbsolutePath());
      assertThat(admin.findElement(row).getText()).contains("alice").contains("bob");

      admin.findElement(By.id("reason")).sendKeys("Maintenance, back at noon");
      // The table is redrawn every other second: a click may find a replaced button; click again.
      adminWait.until(d -> {
        try {
          d.findElement(By.cssSelector("#open-documents tr[data-doc='" + id + "'] li[data-user='bob'] button.close-client")).click();
          return true;
        } catch (org.openqa.selenium.StaleElementReferenceException replaced) {
          return false;
        }
      });
      adminWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Closed 1 connection(s)."));
      bobWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"),
          "An administrator disconnected you: Maintenance, back at noon."));
      bobWait.until(ExpectedConditions.attributeToBe(By.id("state"), "data-state", "closed"));
      adminWait.until(ExpectedConditions.invisibilityOfElementLocated(
          By.cssSelector("#open-documents tr[data-doc='" + id + "'] li[data-user='bob']")));
      assertThat(alice.findElement(By.id("state")).getAttribute("data-state")).as("alice stays").isEqualTo("open");
      Browser.screenshot(bob, "sample-admin-closed-bob");
    } finally {
      admin.quit();
      if (alice != null) {
        alice.quit();
      }
      if (bob != null) {
        bob.quit();
      }
    }
  }
}
