package dev.collab.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.ErrorCode;
import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ServerMessage;
import dev.collab.tck.WireSocket;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Sharing in the sample WAR on Payara Micro (H2 through the JPA store, the sample's {@code
 * SamplePolicy}: grants alongside the demo roles), in headless Chromium: alice owns what she
 * creates and shares it from the editor's Share dialog; carol, a reader, has the document open and
 * her editor turns editable and back to read-only as alice changes her grant, without a reload;
 * the document list shows each user's level; bob, a writer but not the owner, has no Share button
 * and the server refuses him (screenshot {@code target/failsafe-reports/screenshots/sample-share.png}).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SharingIT extends SampleWar {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static boolean editable(WebDriver browser) {
    return "true".equals(browser.findElement(By.cssSelector("#editor .ql-editor")).getAttribute("contenteditable"));
  }

  /** The level the document list shows {@code user} for document {@code id}, or null when it is not listed. */
  private static String listedAccess(SampleHttp sample, String cookie, String id) throws Exception {
    for (var d : SampleHttp.json(sample.get("app/documents?limit=100", cookie).body()).asJsonObject().getJsonArray("documents")) {
      JsonObject document = d.asJsonObject();
      if (document.getString("id").equals(id)) {
        return document.getString("access");
      }
    }
    return null;
  }

  @Test
  @DisplayName("over the wire: carol's connection is told each level alice gives her, and her submit is refused once she may only read")
  void overTheWire() throws Exception {
    SampleHttp sample = new SampleHttp(base());
    String aliceCookie = sample.login("alice");
    String carolCookie = sample.login("carol");
    String id = sample.createDocument(aliceCookie, "wire-" + UUID.randomUUID().toString().substring(0, 8), "Wire");
    String grant = "collab/api/documents/" + id + "/grants/carol";
    try (WireSocket carol = WireSocket.open(HttpClient.newHttpClient(), sample.webSocket(),
        Map.of("Cookie", carolCookie, "Origin", sample.origin()), Duration.ofSeconds(60)).get(20, TimeUnit.SECONDS)) {
      carol.send(new ClientMessage.Hello(1, "carol-" + UUID.randomUUID().toString().substring(0, 8)));
      carol.next(ServerMessage.Welcome.class);
      carol.send(new ClientMessage.Join(id, null));
      assertThat(carol.next(ServerMessage.Snapshot.class).access()).isEqualTo("read");

      assertThat(sample.call("PUT", grant, "{\"access\":\"write\"}", aliceCookie).statusCode()).isEqualTo(200);
      assertThat(carol.next(ServerMessage.AccessChanged.class)).isEqualTo(new ServerMessage.AccessChanged(id, "write"));
      carol.send(new ClientMessage.Submit(id, 0, 1, Json.createArrayBuilder().add(Json.createObjectBuilder().add("insert", "c")).build()));
      assertThat(carol.next(ServerMessage.Ack.class).version()).isEqualTo(1);

      assertThat(sample.call("PUT", grant, "{\"access\":\"read\"}", aliceCookie).statusCode()).isEqualTo(200);
      assertThat(carol.next(ServerMessage.AccessChanged.class)).isEqualTo(new ServerMessage.AccessChanged(id, "read"));
      carol.send(new ClientMessage.Submit(id, 1, 2, Json.createArrayBuilder().add(Json.createObjectBuilder().add("insert", "d")).build()));
      ServerMessage.Error refused = carol.next(ServerMessage.Error.class);
      assertThat(refused.code()).isEqualTo(ErrorCode.FORBIDDEN);
      assertThat(refused.seq()).isEqualTo(2L);

      // The sample's inbox observes Collab's CDI event AccessChange: both changes, newest first.
      List<String> told = new ArrayList<>();
      for (var n : SampleHttp.json(sample.get("app/inbox", carolCookie).body()).asJsonArray()) {
        JsonObject notice = n.asJsonObject();
        if (notice.getString("doc").equals(id)) {
          told.add(notice.getString("kind") + " " + notice.getString("access") + " by " + notice.getJsonObject("by").getString("id"));
        }
      }
      assertThat(told).containsExactly("shared read by alice", "shared write by alice");
    }
  }

  @Test
  @DisplayName("alice shares with carol from the Share dialog: carol's open editor turns editable, then read-only again, without a reload")
  void shareDialog() throws Exception {
    SampleHttp sample = new SampleHttp(base());
    String aliceCookie = sample.login("alice");
    String carolCookie = sample.login("carol");
    String bobCookie = sample.login("bob");
    String id = sample.createDocument(aliceCookie, "share-" + UUID.randomUUID().toString().substring(0, 8), "Shared");
    assertThat(listedAccess(sample, aliceCookie, id)).as("the creator owns it").isEqualTo("admin");
    assertThat(listedAccess(sample, carolCookie, id)).as("the reader role").isEqualTo("read");
    assertThat(listedAccess(sample, bobCookie, id)).as("the writer role").isEqualTo("write");
    assertThat(sample.call("PUT", "collab/api/documents/" + id + "/grants/bob", "{\"access\":\"admin\"}", bobCookie).statusCode())
        .as("bob, not the owner, cannot make himself admin").isEqualTo(403);

    WebDriver alice = Browser.start();
    WebDriver carol = null;
    WebDriver bob = null;
    try {
      carol = Browser.start();
      bob = Browser.start();
      WebDriverWait aliceWait = new WebDriverWait(alice, WAIT);
      WebDriverWait carolWait = new WebDriverWait(carol, WAIT);
      alice.manage().window().setSize(new Dimension(1400, 1000));

      WebElement aliceText = Browser.openEditor(alice, aliceWait, base(), "alice", id);
      Browser.openEditor(carol, carolWait, base(), "carol", id);
      assertThat(editable(carol)).isFalse();
      carolWait.until(ExpectedConditions.attributeToBe(By.id("banner"), "data-kind", "read-only"));
      Browser.openEditor(bob, new WebDriverWait(bob, WAIT), base(), "bob", id);
      assertThat(bob.findElement(By.id("share-button")).isDisplayed()).as("bob may edit, not share").isFalse();

      aliceWait.until(ExpectedConditions.elementToBeClickable(By.id("share-button"))).click();
      aliceWait.until(ExpectedConditions.textToBe(By.id("share-owner"), "alice owns this document."));
      alice.findElement(By.id("share-user")).sendKeys("carol");
      new Select(alice.findElement(By.cssSelector("#share-form select"))).selectByValue("write");
      alice.findElement(By.cssSelector("#share-form button[type=submit]")).click();
      aliceWait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#share-grants li[data-user='carol']")));

      new WebDriverWait(carol, WAIT).withMessage("carol's editor turns editable").until(SharingIT::editable);
      carolWait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("banner")));
      carolWait.withMessage("carol's inbox tells her").until(d -> d.findElement(By.id("inbox-list"))
          .getAttribute("textContent").contains("alice shared “Shared” with you: you may edit"));
      assertThat(carol.findElement(By.cssSelector("#inbox-list li[data-kind='shared'] a")).getAttribute("href"))
          .endsWith("editor.html?doc=" + id);
      WebElement carolText = carol.findElement(By.cssSelector("#editor .ql-editor"));
      carolText.click();
      carolText.sendKeys("Carol was given the pen.");
      aliceWait.until(ExpectedConditions.textToBePresentInElement(aliceText, "Carol was given the pen."));
      assertThat(listedAccess(sample, carolCookie, id)).isEqualTo("write");
      Browser.screenshot(alice, "sample-share");

      new Select(alice.findElement(By.cssSelector("#share-grants li[data-user='carol'] select"))).selectByValue("read");
      new WebDriverWait(carol, WAIT).withMessage("carol's editor turns read-only").until(d -> !editable(d));
      carolWait.until(ExpectedConditions.attributeToBe(By.id("banner"), "data-kind", "read-only"));
      assertThat(carol.findElement(By.id("banner")).getText()).contains("became read-only");

      aliceWait.until(ExpectedConditions.elementToBeClickable(
          By.cssSelector("#share-grants li[data-user='carol'] button"))).click();
      aliceWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("share-grants"), "Not shared with anyone yet."));
      assertThat(listedAccess(sample, carolCookie, id)).as("back to her role").isEqualTo("read");
      assertThat(SampleHttp.json(sample.get("collab/api/documents/" + id, carolCookie).body()).asJsonObject()
          .getJsonArray("data").toString()).contains("Carol was given the pen.");
      System.out.println("share screenshot: " + Path.of("target", "failsafe-reports", "screenshots", "sample-share.png").toAbsolutePath());
    } finally {
      alice.quit();
      if (carol != null) {
        carol.quit();
      }
      if (bob != null) {
        bob.quit();
      }
    }
  }
}
