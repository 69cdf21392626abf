package dev.collab.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sample's export and import in headless Chromium on Payara Micro, with the WAR as built (all
 * export libraries in it): "Import…" on the document list turns a Markdown file into a document
 * that opens in the editor, and the editor's "Download as" menu offers every format, each link
 * downloading the file named after the title.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SampleExportIT extends SampleWar {
  @Test
  @DisplayName("in headless Chromium: Import… makes a document of a Markdown file, and Download as offers and serves every format")
  void importAndDownload() throws Exception {
    String name = "notes-" + UUID.randomUUID().toString().substring(0, 8);
    Path file = Files.createDirectories(Path.of("target", "export-it")).resolve(name + ".md").toAbsolutePath();
    Files.writeString(file, "# Meeting notes\n\nWe agreed on **export**.\n\n- Word\n- PDF\n");
    WebDriver browser = Browser.start();
    try {
      WebDriverWait wait = new WebDriverWait(browser, java.time.Duration.ofSeconds(30));
      browser.get(base().toString());
      Browser.logIn(browser, wait, "alice");
      wait.until(ExpectedConditions.textToBe(By.id("me"), "alice (writer)"));
      WebElement importButton = wait.until(ExpectedConditions.elementToBeClickable(By.id("import")));
      assertThat(importButton.getText()).isEqualTo("Import…");
      WebElement input = browser.findElement(By.id("import-file"));
      ((JavascriptExecutor) browser).executeScript("arguments[0].hidden = false", input); // the driver types into visible inputs only
      input.sendKeys(file.toString());

      wait.until(ExpectedConditions.urlContains("editor.html?doc="));
      // the title is an input (renamed in place): its value, not its text, is the title
      wait.until(d -> name.equals(d.findElement(By.id("title")).getDomProperty("value")));
      wait.until(ExpectedConditions.textToBe(By.cssSelector("#editor .ql-editor h1"), "Meeting notes"));
      assertThat(browser.findElement(By.cssSelector("#editor .ql-editor strong")).getText()).isEqualTo("export");
      assertThat(browser.findElements(By.cssSelector("#editor .ql-editor li"))).extracting(WebElement::getText)
          .containsExactly("Word", "PDF");

      browser.findElement(By.cssSelector("#download summary")).click();
      List<WebElement> links = wait.until(ExpectedConditions.visibilityOfAllElementsLocatedBy(By.cssSelector("#download a")));
      assertThat(links).extracting(WebElement::getText)
          .containsExactly("Word (.docx)", "PDF (.pdf)", "Web page (.html)", "Markdown (.md)", "Plain text (.txt)");
      Browser.screenshot(browser, "sample-download-menu");

      Cookie session = browser.manage().getCookieNamed("JSESSIONID");
      HttpClient http = HttpClient.newHttpClient();
      for (WebElement link : links) {
        String format = link.getAttribute("data-format");
        HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(URI.create(link.getAttribute("href")))
            .header("Cookie", "JSESSIONID=" + session.getValue()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).as(format).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Disposition")).as(format)
            .hasValueSatisfying(v -> assertThat(v).contains("filename=\"" + name + "." + format + "\""));
        if (format.equals("md")) {
          assertThat(new String(download.body(), StandardCharsets.UTF_8)).isEqualTo("# Meeting notes\n\nWe agreed on **export**.\n\n- Word\n- PDF\n");
        }
        if (format.equals("pdf")) {
          assertThat(new String(download.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        }
      }
    } finally {
      browser.quit();
    }
  }
}
