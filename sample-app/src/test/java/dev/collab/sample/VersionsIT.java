package dev.collab.sample;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
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
 * Named versions and comparisons in the sample WAR on Payara Micro (H2 through the JPA store):
 * Collab's REST at {@code collab/api/documents/{id}/versions} with its access checks and problems,
 * the CDI event reaching the sample's observer, and the editor's history panel in headless
 * Chromium: alice names a version, bob and then alice write, alice compares the named version with
 * the newest and sees each insertion in its author's colour (screenshot {@code target/failsafe-reports/screenshots/sample-versions-compare.png}).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class VersionsIT extends SampleWar {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** The document's head version, as the server has it. */
  private static long head(SampleHttp sample, String cookie, String id) throws Exception {
    return object(sample.get("collab/api/documents/" + id, cookie)).getJsonNumber("version").longValue();
  }

  /** Ticks the first box {@code selector} finds; again if the list was redrawn under the click. */
  private static void pick(WebDriverWait wait, String selector) {
    wait.until(d -> {
      try {
        WebElement box = d.findElement(By.cssSelector(selector));
        if (!box.isSelected()) {
          box.click();
        }
        return d.findElement(By.cssSelector(selector)).isSelected();
      } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
        return false;
      }
    });
  }

  /** The version of the newest entry of the browser's history list; 0 when it lists none. */
  private static long newestListed(WebDriver browser) {
    return ((Number) Browser.script(browser,
        "const li = document.querySelector('#history li'); return li ? li.value : 0")).longValue();
  }

  private static JsonObject object(HttpResponse<String> response) {
    return SampleHttp.json(response.body()).asJsonObject();
  }

  @Test
  @DisplayName("over HTTP: writers name, readers list and compare; bad input is a problem; the CDI event reaches the application")
  void rest() throws Exception {
    SampleHttp sample = new SampleHttp(base());
    String alice = sample.login("alice");
    String carol = sample.login("carol");
    String id = sample.createDocument(alice, "versions-" + UUID.randomUUID().toString().substring(0, 8), "Named");
    String versions = "collab/api/documents/" + id + "/versions";

    HttpResponse<String> named = sample.call("PUT", versions + "/0", "{\"name\":\"the empty page\"}", alice);
    assertThat(named.statusCode()).as(named.body()).isEqualTo(200);
    assertThat(object(named).getString("name")).isEqualTo("the empty page");
    HttpResponse<String> byReader = sample.call("PUT", versions + "/0", "{\"name\":\"mine\"}", carol);
    assertThat(byReader.statusCode()).isEqualTo(403);
    assertThat(byReader.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(sample.send("PUT", versions + "/0", "{\"name\":\"forged\"}", alice).statusCode())
        .as("without the CSRF header or an Origin").isEqualTo(403);

    JsonArray list = SampleHttp.json(sample.get(versions, carol).body()).asJsonArray();
    assertThat(list).hasSize(1);
    assertThat(list.getJsonObject(0).getString("user")).isEqualTo("alice");
    assertThat(object(sample.get(versions + "/0", carol)).getString("name")).isEqualTo("the empty page");

    HttpResponse<String> notANumber = sample.get(versions + "/zero", carol);
    assertThat(notANumber.statusCode()).isEqualTo(400);
    assertThat(object(notANumber).getString("title")).isEqualTo("bad-message");
    HttpResponse<String> ahead = sample.get(versions + "/compare?from=0&to=5", carol);
    assertThat(ahead.statusCode()).isEqualTo(400);
    assertThat(object(ahead).getString("title")).isEqualTo("version-ahead");
    HttpResponse<String> tooLong = sample.call("PUT", versions + "/0", "{\"name\":\"" + "n".repeat(101) + "\"}", alice);
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(object(tooLong).getString("detail")).contains("at most 100 characters");
    assertThat(sample.get("collab/api/documents/no-such-document/versions", carol).statusCode()).isEqualTo(404);

    HttpResponse<String> html = sample.send("GET", versions + "/compare?from=0&to=0", null, carol, "Accept", "text/html");
    assertThat(html.statusCode()).isEqualTo(200);
    assertThat(html.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(html.body()).startsWith("<div class=\"collab-compare\"");
    HttpResponse<String> byParameter = sample.get(versions + "/compare?from=0&to=0&format=html", carol);
    assertThat(byParameter.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(byParameter.body()).isEqualTo(html.body());
    HttpResponse<String> json = sample.get(versions + "/compare?from=0&to=0", carol);
    assertThat(object(json).getJsonArray("parts")).isEmpty();

    JsonArray activity = SampleHttp.json(sample.get("app/documents/" + id + "/version-activity", carol).body()).asJsonArray();
    assertThat(activity).hasSize(1);
    assertThat(activity.getJsonObject(0).getString("newName")).isEqualTo("the empty page");
    assertThat(activity.getJsonObject(0).getString("user")).isEqualTo("alice");

    assertThat(sample.call("DELETE", versions + "/0", null, alice).statusCode()).isEqualTo(204);
    assertThat(sample.call("DELETE", versions + "/0", null, alice).statusCode()).isEqualTo(404);
    assertThat(SampleHttp.json(sample.get(versions, carol).body()).asJsonArray()).isEmpty();
  }

  @Test
  @DisplayName("in headless Chromium: alice names a version, bob and alice write, and the comparison shows each insertion in its author's colour")
  void historyPanelNamesAndCompares() throws Exception {
    SampleHttp sample = new SampleHttp(base());
    String id = sample.createDocument(sample.login("alice"), "compare-" + UUID.randomUUID().toString().substring(0, 8), "Compared");
    WebDriver alice = Browser.start();
    WebDriver bob = null;
    try {
      bob = Browser.start();
      WebDriverWait aliceWait = new WebDriverWait(alice, WAIT);
      WebDriverWait bobWait = new WebDriverWait(bob, WAIT);
      alice.manage().window().setSize(new Dimension(1400, 1000));

      WebElement aliceText = Browser.openEditor(alice, aliceWait, base(), "alice", id);
      WebElement bobText = Browser.openEditor(bob, bobWait, base(), "bob", id);
      aliceText.click();
      aliceText.sendKeys("Alice wrote the first draft.");
      bobWait.until(ExpectedConditions.textToBePresentInElement(bobText, "first draft."));
      // Name the version once alice's page has all of her typing acknowledged (its history lists the head).
      String carol = sample.login("carol");
      long drafted = head(sample, carol, id);
      aliceWait.until(d -> newestListed(d) == drafted);

      alice.findElement(By.id("version-name")).sendKeys("first draft" + Keys.ENTER);
      By namedEntry = By.cssSelector("#named-versions li");
      aliceWait.until(ExpectedConditions.textToBePresentInElementLocated(namedEntry, "first draft"));
      long namedVersion = Long.parseLong(alice.findElement(namedEntry).getAttribute("data-version"));
      aliceWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("version-activity"), "alice named v" + namedVersion));

      bobText.click();
      bobText.sendKeys(Keys.END, " Bob adds a line.");
      aliceWait.until(ExpectedConditions.textToBePresentInElement(aliceText, "Bob adds a line."));
      aliceText.sendKeys(Keys.END, " Alice agrees.");
      bobWait.until(ExpectedConditions.textToBePresentInElement(bobText, "Alice agrees."));
      // The history follows within a second: wait until its newest entry is the server's head.
      long head = head(sample, carol, id);
      aliceWait.until(d -> newestListed(d) == head);

      pick(aliceWait, "#named-versions li input.pick");
      pick(aliceWait, "#history li input.pick");
      aliceWait.withMessage(() -> "picked: " + Browser.script(alice,
              "return [...document.querySelectorAll('input.pick')].filter(b => b.checked).map(b => b.dataset.version).join(',')"))
          .until(ExpectedConditions.elementToBeClickable(By.id("compare"))).click();

      WebElement inserted = aliceWait.until(ExpectedConditions.visibilityOfElementLocated(
          By.cssSelector("#comparison-content ins[data-author='bob']")));
      assertThat(inserted.getText()).contains("Bob adds a line.");
      assertThat(inserted.getAttribute("class")).matches("collab-author-\\d+");
      String bobColour = inserted.getCssValue("background-color");
      assertThat(alice.findElement(By.cssSelector("#comparison-content .collab-compare-authors li[data-author='bob']"))
          .getCssValue("background-color")).as("the legend's colour of bob").isEqualTo(bobColour);
      assertThat(bobColour).isNotIn("rgba(0, 0, 0, 0)", "transparent");
      WebElement byAlice = alice.findElement(By.cssSelector("#comparison-content ins[data-author='alice']"));
      assertThat(byAlice.getText()).contains("Alice agrees.");
      assertThat(byAlice.getCssValue("background-color")).as("each author has a colour of their own").isNotEqualTo(bobColour);
      assertThat(alice.findElement(By.id("comparison-title")).getText()).isEqualTo("Changes from v" + namedVersion + " to v" + head);
      assertThat(namedVersion).isEqualTo(drafted);
      Browser.screenshot(alice, "sample-versions-compare");
      System.out.println("versions compare screenshot: "
          + Path.of("target", "failsafe-reports", "screenshots", "sample-versions-compare.png").toAbsolutePath());
    } finally {
      alice.quit();
      if (bob != null) {
        bob.quit();
      }
    }
  }
}
