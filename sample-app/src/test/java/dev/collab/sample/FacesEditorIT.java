package dev.collab.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sample's Jakarta Faces page ({@code faces-editor.xhtml}, Collab's {@code <collab:editor>}
 * tag) on Payara Micro (Mojarra), in headless Chromium: a writer types, a reader gets a read-only
 * editor, an Ajax update locks and unlocks editing, a full form post keeps the editor working, and
 * the attribute values reach the page escaped.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FacesEditorIT extends SampleWar {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final By EDITOR = By.cssSelector("collab-editor");
  private static final By TEXT = By.cssSelector("collab-editor .ql-editor");

  @Test
  @DisplayName("<collab:editor> on a Faces page: a writer types, a reader reads, Ajax locks and unlocks, a form post keeps it")
  void facesPage() throws Exception {
    SampleHttp sample = new SampleHttp(base());
    String aliceCookie = sample.login("alice");
    String id = "faces-" + UUID.randomUUID().toString().substring(0, 8);
    sample.createDocument(aliceCookie, id, "On a Faces page");
    WebDriver alice = Browser.start();
    WebDriver carol = null;
    try {
      WebDriverWait aliceWait = new WebDriverWait(alice, WAIT);
      open(alice, aliceWait, "alice", id);
      // the attributes, escaped by the ResponseWriter, arrive as the bean's strings
      assertThat(alice.getPageSource()).doesNotContain("<tags>");
      WebElement editor = alice.findElement(EDITOR);
      assertThat(editor.getAttribute("placeholder")).isEqualTo("Write here: \"quotes\" & <tags> stay text");
      assertThat(editor.getAttribute("document")).isEqualTo(id);
      assertThat(editor.getAttribute("toolbar")).isEqualTo("basic");
      assertThat(editor.getAttribute("readonly")).isNull();
      assertThat(alice.findElement(By.id("form:editor")).findElements(EDITOR)).hasSize(1);
      aliceWait.until(ExpectedConditions.attributeToBe(TEXT, "contenteditable", "true"));
      alice.findElement(TEXT).click();
      alice.findElement(TEXT).sendKeys("Typed on a Faces page.");
      aliceWait.until(d -> "0".equals(Browser.script(d, "return String(document.querySelector('collab-editor').doc.pendingCount)")));
      assertThat(sample.documentText(aliceCookie, id)).isEqualTo("Typed on a Faces page.");
      Browser.screenshot(alice, "sample-faces-editor-alice");

      // a reader: the bean says readonly, the element renders read-only and still shows the text
      carol = Browser.start();
      WebDriverWait carolWait = new WebDriverWait(carol, WAIT);
      open(carol, carolWait, "carol", id);
      assertThat(carol.findElement(EDITOR).getAttribute("readonly")).isNotNull();
      assertThat(carol.findElement(TEXT).getAttribute("contenteditable")).isEqualTo("false");
      carolWait.until(ExpectedConditions.textToBePresentInElementLocated(TEXT, "Typed on a Faces page."));
      Browser.screenshot(carol, "sample-faces-editor-carol");

      // Ajax: locking re-renders the editor read-only; it opens the document again and shows it
      alice.findElement(By.id("form:locked")).click();
      aliceWait.until(ExpectedConditions.textToBe(By.id("form:mode"), "Read only"));
      aliceWait.until(d -> d.findElement(EDITOR).getAttribute("readonly") != null
          && "open".equals(d.findElement(EDITOR).getAttribute("state")));
      aliceWait.until(ExpectedConditions.attributeToBe(TEXT, "contenteditable", "false"));
      aliceWait.until(ExpectedConditions.textToBePresentInElementLocated(TEXT, "Typed on a Faces page."));
      alice.findElement(By.id("form:locked")).click();
      aliceWait.until(ExpectedConditions.textToBe(By.id("form:mode"), "Editing"));
      aliceWait.until(ExpectedConditions.attributeToBe(TEXT, "contenteditable", "true"));
      Browser.script(alice, "const e = document.querySelector('collab-editor'); e.focus(); e.quill.setSelection(e.quill.getLength(), 0, 'user')");
      alice.switchTo().activeElement().sendKeys(" After Ajax.");
      carolWait.until(ExpectedConditions.textToBePresentInElementLocated(TEXT, "Typed on a Faces page. After Ajax."));

      // a full postback renders the page anew: the editor opens again
      alice.findElement(By.id("form:post")).click();
      aliceWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("form:posts"), "Posted 1 time(s)."));
      aliceWait.until(ExpectedConditions.attributeToBe(EDITOR, "state", "open"));
      aliceWait.until(ExpectedConditions.textToBePresentInElementLocated(TEXT, "Typed on a Faces page. After Ajax."));
      assertThat(alice.findElement(By.id("problem")).getText()).as("errors the page showed").isEmpty();
      assertThat(sample.documentText(aliceCookie, id)).isEqualTo("Typed on a Faces page. After Ajax.");
      Browser.screenshot(alice, "sample-faces-editor-after-post");
    } finally {
      alice.quit();
      if (carol != null) {
        carol.quit();
      }
    }
  }

  /** Opens the Faces page of {@code id} as {@code user}; waits until the editor is connected. */
  private void open(WebDriver browser, WebDriverWait wait, String user, String id) {
    browser.get(base() + "faces-editor.xhtml?doc=" + id);
    Browser.logIn(browser, wait, user);
    wait.until(ExpectedConditions.attributeToBe(EDITOR, "state", "open"));
    wait.until(ExpectedConditions.presenceOfElementLocated(TEXT));
  }

}
