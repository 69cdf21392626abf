package dev.collab.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ServerMessage;
import dev.collab.tck.WireSocket;
import jakarta.json.Json;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.List;
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
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Comment threads in the sample's editor (assets/comments.js over collab.js and collab-quill.js), on
 * Payara Micro in headless Chromium: alice (writer, the owner) shares her document with carol at
 * {@code comment} level and comments on a word; bob (writer) sees the card, types before the word,
 * and in both browsers the highlight still covers exactly that word; bob replies; carol, who cannot
 * type, mentions bob (his inbox shows it) and resolves the thread (it moves under "Resolved");
 * deleting the whole word of another thread moves it under "Detached" in both browsers.
 * Screenshots under {@code target/failsafe-reports/screenshots/sample-comments-*.png}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CommentsIT extends SampleWar {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String TEXT = "The quick brown fox jumps over the lazy dog.";

  private static final String CARD = "#comments .thread-card[data-thread='%s']";

  private static boolean editable(WebDriver browser) {
    return "true".equals(browser.findElement(By.cssSelector("#editor .ql-editor")).getAttribute("contenteditable"));
  }

  /**
   * Selects the first occurrence of {@code word} in the editor (a DOM selection, which Quill
   * reports as its own), or puts the caret before it when {@code collapsed}.
   */
  private static void select(WebDriver browser, String word, boolean collapsed) {
    Object found = Browser.script(browser, """
        const [word, collapsed] = arguments;
        const root = document.querySelector('#editor .ql-editor');
        root.focus();
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = node.data.indexOf(word);
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, collapsed ? at : at + word.length);
          const selection = document.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          return true;
        }
        return false;""", word, collapsed);
    assertThat(found).as("'%s' is in the editor", word).isEqualTo(true);
  }

  /**
   * Whether the highlight of thread {@code id} covers exactly the text of the editor that is
   * {@code word} (first occurrence): its boxes and the word's box agree to a pixel.
   */
  private static boolean highlightCovers(WebDriver browser, String id, String word) {
    Object ok = Browser.script(browser, """
        const [id, word] = arguments;
        const root = document.querySelector('#editor .ql-editor');
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        let target = null;
        for (let node = walker.nextNode(); node && !target; node = walker.nextNode()) {
          const at = node.data.indexOf(word);
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + word.length);
          target = range.getBoundingClientRect();
        }
        const box = document.querySelector('#editor .collab-thread-highlight[data-thread="' + id + '"]');
        if (!target || !box || box.children.length === 0) return false;
        let left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
        for (const part of box.children) {
          const r = part.getBoundingClientRect();
          left = Math.min(left, r.left); top = Math.min(top, r.top);
          right = Math.max(right, r.right); bottom = Math.max(bottom, r.bottom);
        }
        const near = (a, b) => Math.abs(a - b) <= 1.5;
        return near(left, target.left) && near(right, target.right) && near(top, target.top) && near(bottom, target.bottom);""",
        id, word);
    return Boolean.TRUE.equals(ok);
  }

  /** Comments on {@code word} in {@code browser}'s editor; returns the new thread's id once its card shows. */
  private static String comment(WebDriver browser, WebDriverWait wait, String word, String text) {
    List<String> before = browser.findElements(By.cssSelector("#comments .thread-card")).stream()
        .map(c -> c.getAttribute("data-thread")).toList();
    select(browser, word, false);
    wait.until(ExpectedConditions.elementToBeClickable(By.id("comment-button"))).click();
    WebElement box = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("comment-text")));
    box.sendKeys(text);
    browser.findElement(By.cssSelector("#comment-form button[type=submit]")).click();
    try {
      return wait.until(d -> d.findElements(By.cssSelector("#thread-cards .thread-card")).stream()
          .map(c -> c.getAttribute("data-thread")).filter(id -> !before.contains(id)).findFirst().orElse(null));
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError("no card for the comment on '" + word + "'; the page says: " + said(browser), e);
    }
  }

  /** What the page's status line says, and the comments column's text: for failure messages. */
  private static String said(WebDriver browser) {
    return Browser.script(browser, "return document.getElementById('status').textContent + ' | '"
        + " + document.getElementById('comments').innerText + ' | ' + JSON.stringify({q: window.sampleEditor.doc._comments.queue,"
        + " threads: window.sampleEditor.doc.threads, pending: window.sampleEditor.doc.pendingCount, phase: window.sampleEditor.doc._phase,"
        + " access: window.sampleEditor.doc.access, v: window.sampleEditor.doc.version})") + "";
  }

  private static WebElement card(WebDriver browser, String id) {
    return browser.findElement(By.cssSelector(CARD.formatted(id)));
  }

  private static void reply(WebDriver browser, WebDriverWait wait, String id, String text) {
    WebElement box = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(CARD.formatted(id) + " .reply textarea")));
    box.sendKeys(text);
    card(browser, id).findElement(By.cssSelector(".reply button[type=submit]")).click();
  }

  private static int comments(WebDriver browser, String id) {
    return browser.findElements(By.cssSelector(CARD.formatted(id) + " li.comment")).size();
  }

  @Test
  @DisplayName("over the wire: a create is answered with the thread, then commented; a join gets the threads after its snapshot")
  void overTheWire() throws Exception {
    SampleHttp sample = new SampleHttp(base());
    String cookie = sample.login("alice");
    String id = sample.createDocument(cookie, "wire-" + UUID.randomUUID().toString().substring(0, 8), "Wire");
    for (int round = 0; round < 2; round++) {
      try (WireSocket ws = WireSocket.open(HttpClient.newHttpClient(), sample.webSocket(),
          Map.of("Cookie", cookie, "Origin", sample.origin()), Duration.ofSeconds(60)).get(20, TimeUnit.SECONDS)) {
        ws.send(new ClientMessage.Hello(1, "wire-" + UUID.randomUUID().toString().substring(0, 8)));
        ws.next(ServerMessage.Welcome.class);
        ws.send(new ClientMessage.Join(id, null));
        if (round == 0) {
          assertThat(ws.next(ServerMessage.Snapshot.class).version()).isZero();
          ws.send(new ClientMessage.Submit(id, 0, 1, Json.createArrayBuilder().add(Json.createObjectBuilder().add("insert", "hello world")).build()));
          ws.next(ServerMessage.Ack.class);
          ws.send(new ClientMessage.Comment(id, 2, ClientMessage.CommentAction.CREATE, "t1", "c1", 1L, 6, 5, "Which world?"));
          ServerMessage.ThreadChanged changed = ws.next(ServerMessage.ThreadChanged.class);
          assertThat(changed.thread().anchor().index()).isEqualTo(6);
          assertThat(ws.next(ServerMessage.Commented.class).seq()).isEqualTo(2);
        } else {
          ws.next(ServerMessage.Snapshot.class);
          ServerMessage.Threads threads = ws.next(ServerMessage.Threads.class);
          assertThat(threads.threads()).hasSize(1);
        }
      }
    }
  }

  @Test
  @DisplayName("alice comments on a word, bob types before it and replies, carol (comment access) mentions bob and resolves; a deleted word detaches")
  void commentThreads() throws Exception {
    SampleHttp sample = new SampleHttp(base());
    String id = sample.createDocument(sample.login("alice"), "comments-" + UUID.randomUUID().toString().substring(0, 8), "Comments");
    WebDriver alice = Browser.start();
    WebDriver bob = null;
    WebDriver carol = null;
    try {
      bob = Browser.start();
      carol = Browser.start();
      for (WebDriver d : List.of(alice, bob, carol)) {
        d.manage().window().setSize(new Dimension(1500, 1000));
      }
      WebDriverWait aliceWait = new WebDriverWait(alice, WAIT);
      WebDriverWait bobWait = new WebDriverWait(bob, WAIT);
      WebDriverWait carolWait = new WebDriverWait(carol, WAIT);

      // alice types, and shares with carol at comment level from the Share dialog
      WebElement aliceText = Browser.openEditor(alice, aliceWait, base(), "alice", id);
      aliceText.click();
      aliceText.sendKeys(TEXT);
      aliceWait.until(ExpectedConditions.elementToBeClickable(By.id("share-button"))).click();
      aliceWait.until(ExpectedConditions.textToBe(By.id("share-owner"), "alice owns this document."));
      aliceWait.until(ExpectedConditions.visibilityOfElementLocated(By.id("share-user"))).sendKeys("carol");
      new Select(alice.findElement(By.cssSelector("#share-form select"))).selectByValue("comment");
      alice.findElement(By.cssSelector("#share-form button[type=submit]")).click();
      aliceWait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#share-grants li[data-user='carol']")));
      alice.findElement(By.id("share-close")).click();

      WebElement bobText = Browser.openEditor(bob, bobWait, base(), "bob", id);
      bobWait.until(ExpectedConditions.textToBePresentInElement(bobText, TEXT));

      // alice comments on "brown": the card shows in both browsers, over the word
      String brown = comment(alice, aliceWait, "brown", "Which brown, exactly?");
      bobWait.until(ExpectedConditions.attributeToBe(By.cssSelector(CARD.formatted(brown)), "data-text", "brown"));
      assertThat(card(bob, brown).getText()).contains("Which brown, exactly?").contains("alice");
      for (WebDriver d : List.of(alice, bob)) {
        new WebDriverWait(d, WAIT).withMessage("the highlight covers 'brown'").until(x -> highlightCovers(x, brown, "brown"));
      }
      Browser.screenshot(alice, "sample-comments-created");

      // bob types before the word: in both browsers the thread still covers exactly "brown"
      select(bob, "The quick", true);
      new Actions(bob).sendKeys("Really, ").perform();
      for (WebDriver d : List.of(alice, bob)) {
        WebDriverWait w = new WebDriverWait(d, WAIT);
        w.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#editor .ql-editor"), "Really, The quick brown"));
        w.until(ExpectedConditions.attributeToBe(By.cssSelector(CARD.formatted(brown)), "data-text", "brown"));
        w.withMessage("the highlight still covers 'brown'").until(x -> highlightCovers(x, brown, "brown"));
      }
      Browser.screenshot(bob, "sample-comments-moved");

      // bob replies
      reply(bob, bobWait, brown, "The dark one.");
      aliceWait.until(d -> comments(d, brown) == 2);
      assertThat(card(alice, brown).getText()).contains("The dark one.").contains("bob");

      // carol, at comment level: her editor is read-only, but she may comment, mention and resolve
      Browser.openEditor(carol, carolWait, base(), "carol", id);
      carolWait.until(ExpectedConditions.attributeToBe(By.cssSelector(CARD.formatted(brown)), "data-text", "brown"));
      assertThat(editable(carol)).as("carol cannot type").isFalse();
      reply(carol, carolWait, brown, "@bob can you check the colour?");
      for (WebDriver d : List.of(alice, bob, carol)) {
        new WebDriverWait(d, WAIT).until(x -> comments(x, brown) == 3);
      }
      // (the list is folded: its text is read through textContent, which does not ask for visibility)
      bobWait.withMessage("bob's inbox shows the mention").until(d -> d.findElement(By.id("inbox-list"))
          .getAttribute("textContent").contains("@bob can you check the colour?"));
      assertThat(bob.findElement(By.id("inbox-count")).getAttribute("textContent")).isEqualTo("1");
      bob.findElement(By.cssSelector("#inbox summary")).click();
      WebElement mention = bobWait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#inbox-list li a")));
      assertThat(mention.getText()).contains("carol").contains("@bob can you check the colour?");
      assertThat(mention.getAttribute("href")).contains("editor.html?doc=" + id).contains("thread=" + brown);
      Browser.screenshot(bob, "sample-comments-inbox");
      bob.findElement(By.cssSelector("#inbox summary")).click();
      Browser.screenshot(carol, "sample-comments-carol");

      // carol may open a thread too, on text selected in her read-only editor
      String lazy = comment(carol, carolWait, "lazy", "Is it, though?");
      aliceWait.until(ExpectedConditions.attributeToBe(By.cssSelector(CARD.formatted(lazy)), "data-text", "lazy"));
      assertThat(editable(carol)).isFalse();

      carolWait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(CARD.formatted(brown) + " button.resolve"))).click();
      for (WebDriver d : List.of(alice, bob, carol)) {
        WebDriverWait w = new WebDriverWait(d, WAIT);
        w.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#resolved-list .thread-card[data-thread='" + brown + "']")));
        w.until(ExpectedConditions.textToBe(By.id("resolved-count"), "1"));
        w.until(x -> x.findElements(By.cssSelector("#editor .collab-thread-highlight[data-thread='" + brown + "']")).isEmpty());
      }
      Browser.screenshot(alice, "sample-comments-resolved");

      // alice comments on "fox"; bob deletes the whole word: the thread is detached in both browsers
      String fox = comment(alice, aliceWait, "fox", "Or a wolf?");
      bobWait.until(ExpectedConditions.attributeToBe(By.cssSelector(CARD.formatted(fox)), "data-text", "fox"));
      select(bob, "fox", false);
      new Actions(bob).sendKeys(Keys.BACK_SPACE).perform();
      for (WebDriver d : List.of(alice, bob)) {
        WebDriverWait w = new WebDriverWait(d, WAIT);
        w.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#detached-list .thread-card[data-thread='" + fox + "']")));
        w.until(ExpectedConditions.visibilityOfElementLocated(By.id("detached-threads")));
        assertThat(d.findElement(By.id("detached-threads")).getText()).contains("deleted").contains("Or a wolf?");
      }
      Browser.screenshot(alice, "sample-comments-detached");
    } finally {
      alice.quit();
      if (bob != null) {
        bob.quit();
      }
      if (carol != null) {
        carol.quit();
      }
    }
  }
}
