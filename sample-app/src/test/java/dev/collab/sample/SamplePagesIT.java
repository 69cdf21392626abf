package dev.collab.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.collab.ot.RichTextSchema;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a user notices on the sample's pages, in headless Chromium against the WAR on Payara Micro
 * in a JVM of its own (H2): the document list with last edit, editor and size, searched by title;
 * the favicon; the title renamed in place; the toolbar offering every format of the schema; the
 * banner when the document is read-only, deleted, closed by an administrator, or the server is
 * gone. The last test kills the server and starts it again on the same port and data.
 * Screenshots: {@code target/failsafe-reports/screenshots/sample-*.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SamplePagesIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** A boot of Payara Micro on a busy machine. */
  private static final Duration BOOT = Duration.ofMinutes(5);
  private static final String ICON_LINK = "<link rel=\"icon\" href=\"favicon.svg\" type=\"image/svg+xml\">";

  private final String run = UUID.randomUUID().toString().substring(0, 6);
  private Path workDir;
  private Map<String, String> settings;
  private int port;
  private SampleServer server;
  private SampleHttp http;
  private final List<WebDriver> browsers = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    workDir = Files.createDirectories(Path.of("target", "pages-it", run)).toAbsolutePath();
    settings = Map.of("SAMPLE_DB", "h2", "SAMPLE_DATA_DIR", workDir.resolve("data").toString());
    port = SampleServer.freePort();
    server = PayaraMicroServer.start(settings, workDir, List.of("-Xmx512m"), port);
    http = new SampleHttp(server.base());
  }

  @AfterAll
  void stop() throws Exception {
    for (WebDriver browser : browsers) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  private WebDriver browser() throws Exception {
    WebDriver browser = Browser.start();
    browsers.add(browser);
    browser.manage().window().setSize(new Dimension(1280, 900)); // the list's columns and the editor's side panel

    return browser;
  }

  private static WebDriverWait waitIn(WebDriver browser) {
    return new WebDriverWait(browser, WAIT);
  }


  private static void screenshot(WebDriver browser, String name) throws Exception {
    Browser.screenshot(browser, name);
    System.out.println("SamplePagesIT screenshot: "
        + Path.of("target", "failsafe-reports", "screenshots", name + ".png").toAbsolutePath());
  }

  /** The document's content as Collab's REST reads it (JSON text of its ops). */
  private String content(String cookie, String id) throws Exception {
    HttpResponse<String> read = http.get("collab/api/documents/" + id, cookie);
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    return SampleHttp.json(read.body()).asJsonObject().get("data").toString();
  }

  private WebElement row(WebDriver browser, String id) {
    return browser.findElement(By.cssSelector("#documents tr[data-doc='" + id + "']"));
  }

  private static String cell(WebElement row, String className) {
    return row.findElement(By.cssSelector("td." + className)).getText();
  }

  @Test
  @Order(1)
  @DisplayName("the favicon is served without a login as image/svg+xml, and every page links it; the list page's link loads it")
  void favicon() throws Exception {
    HttpResponse<String> icon = http.get("favicon.svg", null);
    assertThat(icon.statusCode()).isEqualTo(200);
    assertThat(icon.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("image/svg+xml"));
    assertThat(icon.body()).startsWith("<svg");
    assertThat(http.get("login.html", null).body()).contains(ICON_LINK);
    String admin = http.login("admin");
    for (String page : List.of("index.html", "editor.html", "admin.html")) {
      assertThat(http.get(page, admin).body()).as(page).contains(ICON_LINK);
    }

    WebDriver alice = browser();
    alice.get(server.base() + "index.html");
    Browser.logIn(alice, waitIn(alice), "alice");
    waitIn(alice).until(ExpectedConditions.textToBe(By.id("me"), "alice (writer)"));
    Object loaded = ((JavascriptExecutor) alice).executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "fetch(document.querySelector('link[rel=icon]').href).then(r => done(r.status + ' ' + r.headers.get('Content-Type')));");
    assertThat((String) loaded).startsWith("200 image/svg+xml");
  }

  @Test
  @Order(2)
  @DisplayName("the list shows when each document was last edited, by whom, and its size; the search filters by title on the server and survives a reload")
  void listAndSearch() throws Exception {
    String alice = http.login("alice");
    String budget = http.createDocument(alice, "budget-" + run, "Budget " + run);
    String minutes = http.createDocument(alice, "minutes-" + run, "Minutes " + run);
    String oldBudget = http.createDocument(alice, "oldbudget-" + run, "Old budget " + run);

    WebDriver bob = browser();
    WebElement text = Browser.openEditor(bob, waitIn(bob), server.base(), "bob", budget);
    text.click();
    text.sendKeys("Hello from Bob");
    await().atMost(WAIT).untilAsserted(() -> assertThat(content(alice, budget)).contains("Hello from Bob"));

    WebDriver browser = browser();
    browser.get(server.base() + "index.html");
    Browser.logIn(browser, waitIn(browser), "alice");
    waitIn(browser).until(d -> !d.findElements(By.cssSelector("#documents tr[data-doc='" + oldBudget + "']")).isEmpty());
    WebElement edited = row(browser, budget);
    assertThat(cell(edited, "edited-by")).isEqualTo("bob");
    assertThat(cell(edited, "edited")).matches(".*\\d.*");
    assertThat(cell(edited, "size")).startsWith("14 characters · ").endsWith(" B");
    assertThat(cell(edited, "creator")).isEqualTo("alice");
    WebElement untouched = row(browser, minutes);
    assertThat(cell(untouched, "edited")).isEqualTo("never");
    assertThat(cell(untouched, "edited-by")).isEmpty();
    assertThat(cell(untouched, "size")).startsWith("0 characters · ");

    String query = "BUDGET " + run;
    browser.findElement(By.name("q")).sendKeys(query);
    waitIn(browser).until(ExpectedConditions.textToBe(By.id("matches"), "2 documents have \"" + query + "\" in its title."));
    assertThat(listed(browser)).containsExactly(budget, oldBudget);
    assertThat(browser.getCurrentUrl()).contains("q=BUDGET");
    screenshot(browser, "sample-documents-search");

    browser.navigate().refresh();
    waitIn(browser).until(ExpectedConditions.textToBe(By.id("matches"), "2 documents have \"" + query + "\" in its title."));
    assertThat(browser.findElement(By.name("q")).getDomProperty("value")).isEqualTo(query);
    assertThat(listed(browser)).containsExactly(budget, oldBudget);

    WebElement search = browser.findElement(By.name("q"));
    search.sendKeys(Keys.chord(Keys.CONTROL, "a"), "no such title " + run);
    waitIn(browser).until(ExpectedConditions.textToBe(By.id("matches"), "No document has \"no such title " + run + "\" in its title."));
    assertThat(listed(browser)).isEmpty();
  }

  private static List<String> listed(WebDriver browser) {
    return browser.findElements(By.cssSelector("#documents tbody tr")).stream().map(r -> r.getDomAttribute("data-doc")).toList();
  }

  @Test
  @Order(3)
  @DisplayName("GET app/documents: a search text over 256 characters, a limit outside 1..100 or not a number is a 400 problem")
  void listLimits() throws Exception {
    String alice = http.login("alice");
    assertThat(http.get("app/documents?q=" + "x".repeat(256), alice).statusCode()).isEqualTo(200);
    for (String bad : List.of("q=" + "x".repeat(257), "limit=101", "limit=0", "limit=ten", "offset=-1")) {
      HttpResponse<String> refused = http.get("app/documents?" + bad, alice);
      assertThat(refused.statusCode()).as(bad).isEqualTo(400);
      assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(SampleHttp.json(refused.body()).asJsonObject().getString("title")).isEqualTo("bad-message");
    }
    JsonObject page = SampleHttp.json(http.get("app/documents?limit=1", alice).body()).asJsonObject();
    assertThat(page.getJsonArray("documents")).hasSize(1);
  }

  @Test
  @Order(4)
  @DisplayName("the title is renamed in place (seen by another browser after a reload); a reader sees it read-only under a view-only banner; an administrator's close and a deletion show their banners, and a refused rename says why")
  void titleAndBanners() throws Exception {
    String id = http.createDocument(http.login("alice"), "rename-" + run, "Draft " + run);
    WebDriver alice = browser();
    WebDriver bob = browser();
    WebDriver carol = browser();
    Browser.openEditor(alice, waitIn(alice), server.base(), "alice", id);
    Browser.openEditor(bob, waitIn(bob), server.base(), "bob", id);
    assertThat(bob.findElement(By.id("title")).getDomProperty("value")).isEqualTo("Draft " + run);
    assertThat(bob.findElement(By.id("banner")).isDisplayed()).as("all is well: no banner").isFalse();

    WebElement title = alice.findElement(By.id("title"));
    title.click();
    title.sendKeys(Keys.chord(Keys.CONTROL, "a"), "Final " + run, Keys.ENTER);
    waitIn(alice).until(ExpectedConditions.textToBe(By.id("status"), "Renamed."));
    assertThat(alice.getTitle()).isEqualTo("Final " + run + " · Collab sample");
    bob.navigate().refresh();
    waitIn(bob).until(d -> ("Final " + run).equals(d.findElement(By.id("title")).getDomProperty("value")));
    assertThat(SampleHttp.json(http.get("collab/api/documents/" + id, http.login("bob")).body()).asJsonObject().getString("title"))
        .isEqualTo("Final " + run);

    Browser.openEditor(carol, waitIn(carol), server.base(), "carol", id);
    WebElement banner = carol.findElement(By.id("banner"));
    waitIn(carol).until(ExpectedConditions.visibilityOf(banner));
    assertThat(banner.getDomAttribute("data-kind")).isEqualTo("read-only");
    assertThat(banner.getText()).isEqualTo("View only: you can read this document but not change it.");
    assertThat(carol.findElement(By.id("title")).getDomProperty("readOnly")).isEqualTo("true");
    assertThat(carol.findElement(By.cssSelector(".ql-toolbar")).isDisplayed()).as("no toolbar in view mode").isFalse();
    screenshot(carol, "sample-editor-read-only");

    String admin = http.login("admin");
    waitIn(bob).until(ExpectedConditions.attributeToBe(By.id("state"), "data-state", "open"));
    HttpResponse<String> closed = http.call("POST", "collab/api/admin/documents/" + id + "/users/bob/close",
        "{\"reason\":\"Maintenance\"}", admin);
    assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
    waitIn(bob).until(ExpectedConditions.attributeToBe(By.id("banner"), "data-kind", "closed"));
    assertThat(bob.findElement(By.id("banner")).getText()).startsWith("Disconnected from the server");
    screenshot(bob, "sample-editor-closed");

    assertThat(http.call("DELETE", "collab/api/documents/" + id, null, admin).statusCode()).isEqualTo(204);
    waitIn(alice).until(ExpectedConditions.attributeToBe(By.id("banner"), "data-kind", "gone"));
    assertThat(alice.findElement(By.id("banner")).getText()).isEqualTo("This document was deleted.");
    assertThat(alice.findElement(By.cssSelector("#editor .ql-editor")).getDomAttribute("contenteditable"))
        .as("nothing typed would be kept").isEqualTo("false");
    title.click();
    title.sendKeys(Keys.chord(Keys.CONTROL, "a"), "Too late", Keys.ENTER);
    waitIn(alice).until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Could not rename: "));
    assertThat(alice.findElement(By.id("status")).getText()).contains("no document " + id);
    assertThat(title.getDomProperty("value")).as("the title is put back").isEqualTo("Final " + run);
    screenshot(alice, "sample-editor-deleted");
  }

  @Test
  @Order(5)
  @DisplayName("the toolbar offers every format and embed of the schema (image size and alt aside), each with a tooltip, and its controls make what the server stores")
  void toolbar() throws Exception {
    Editing editing = aliceEditsANewDocument("formats", "Formats");
    String alice = editing.cookie();
    String id = editing.id();
    WebDriver browser = editing.browser();
    WebDriverWait wait = editing.waiting();
    WebElement text = editing.text();

    @SuppressWarnings("unchecked")
    List<String> controls = (List<String>) Browser.script(browser, "return [...document.querySelectorAll('.ql-toolbar button, .ql-toolbar select')]"
        + ".map(e => [...e.classList].find(c => c.startsWith('ql-')).slice(3))");
    Set<String> offered = new HashSet<>(controls);
    offered.remove("clean");
    Set<String> schema = new HashSet<>(RichTextSchema.QUILL.attributeNames());
    schema.addAll(RichTextSchema.QUILL.embedTypes());
    schema.removeAll(Set.of("width", "height", "alt")); // an image's, kept from pasted images
    assertThat(offered).containsExactlyInAnyOrderElementsOf(schema);
    assertThat(((Number) Browser.script(browser, "return [...document.querySelectorAll('.ql-toolbar button, .ql-toolbar .ql-picker')]"
        + ".filter(e => !e.title).length")).intValue()).as("controls without a tooltip").isZero();

    text.click();
    text.sendKeys("Styled");
    text.sendKeys(Keys.chord(Keys.SHIFT, Keys.HOME));
    for (String format : List.of("bold", "italic", "underline", "strike")) {
      browser.findElement(By.cssSelector(".ql-toolbar button.ql-" + format)).click();
    }
    text.sendKeys(Keys.END, Keys.ENTER, "Heading");
    browser.findElement(By.cssSelector(".ql-toolbar .ql-picker.ql-header .ql-picker-label")).click();
    browser.findElement(By.cssSelector(".ql-toolbar .ql-picker.ql-header .ql-picker-item[data-value='2']")).click();
    text.sendKeys(Keys.END, Keys.ENTER);
    browser.findElement(By.cssSelector(".ql-toolbar button.ql-divider")).click();
    browser.findElement(By.cssSelector(".ql-toolbar button.ql-mention")).click();
    answer(wait, "alice");
    browser.findElement(By.cssSelector(".ql-toolbar button.ql-image")).click();
    answer(wait, "ftp://example.com/picture.png");
    wait.until(ExpectedConditions.textToBe(By.id("status"), "An image is added by its web address, starting with http:// or https://."));
    browser.findElement(By.cssSelector(".ql-toolbar button.ql-image")).click();
    answer(wait, "https://example.com/picture.png");

    await().atMost(WAIT).untilAsserted(() -> assertThat(content(alice, id))
        .contains("\"insert\":\"Styled\",\"attributes\":{")
        .contains("\"bold\":true").contains("\"italic\":true").contains("\"underline\":true").contains("\"strike\":true")
        .contains("\"header\":2")
        .contains("{\"insert\":{\"divider\":true}}")
        .contains("\"mention\":{\"id\":\"alice\",\"name\":\"alice\"}")
        .contains("{\"insert\":{\"image\":\"https://example.com/picture.png\"}}"));
    assertThat(browser.findElement(By.id("banner")).isDisplayed()).isFalse();
    screenshot(browser, "sample-editor-toolbar");
  }

  /** A document alice created, open in her editor in a browser of its own; her session's cookie. */
  private record Editing(String cookie, String id, WebDriver browser, WebDriverWait waiting, WebElement text) {}

  private Editing aliceEditsANewDocument(String idPrefix, String titlePrefix) throws Exception {
    String alice = http.login("alice");
    String id = http.createDocument(alice, idPrefix + "-" + run, titlePrefix + " " + run);
    WebDriver browser = browser();
    WebDriverWait wait = waitIn(browser);
    return new Editing(alice, id, browser, wait, Browser.openEditor(browser, wait, server.base(), "alice", id));
  }

  private static void answer(WebDriverWait wait, String text) {
    Alert prompt = wait.until(ExpectedConditions.alertIsPresent());
    prompt.sendKeys(text);
    prompt.accept();
  }

  @Test
  @Order(6)
  @DisplayName("the server is killed: the editor shows the connection-lost banner, edits made meanwhile are kept; after the restart and a new login they are saved and the banner is gone")
  void connectionLost() throws Exception {
    Editing alice = aliceEditsANewDocument("offline", "Offline");
    String id = alice.id();
    WebDriver browser = alice.browser();
    WebDriverWait wait = alice.waiting();
    alice.text().click();
    alice.text().sendKeys("Before the crash.");
    await().atMost(WAIT).untilAsserted(() -> assertThat(content(alice.cookie(), id)).contains("Before the crash."));

    server.kill();
    wait.until(ExpectedConditions.attributeToBe(By.id("banner"), "data-kind", "lost"));
    assertThat(browser.findElement(By.id("banner")).getText()).startsWith("Connection lost. Trying to reconnect…");
    alice.text().sendKeys(" Typed while offline.");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("banner"), "not saved yet"));
    assertThat(browser.findElement(By.id("status")).getText()).as("the banner alone speaks of the lost connection").isEmpty();
    screenshot(browser, "sample-editor-connection-lost");

    server = PayaraMicroServer.start(settings, workDir, List.of("-Xmx512m"), port);
    // The session died with the server: the page goes to the login; the kept edits go out when
    // the document is opened again in this tab.
    WebDriverWait boot = new WebDriverWait(browser, BOOT);
    boot.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
    Browser.logIn(browser, wait, "alice");
    wait.until(ExpectedConditions.textToBe(By.id("me"), "alice (writer)"));
    browser.get(server.base() + "editor.html?doc=" + id);
    wait.until(ExpectedConditions.attributeToBe(By.id("state"), "data-state", "open"));
    String again = http.login("alice");
    await().atMost(WAIT).untilAsserted(() -> assertThat(content(again, id)).contains("Before the crash. Typed while offline."));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("banner")));
    String lower = browser.findElement(By.cssSelector("#editor .ql-editor")).getText().toLowerCase(Locale.ROOT);
    assertThat(lower).contains("typed while offline");
  }
}
