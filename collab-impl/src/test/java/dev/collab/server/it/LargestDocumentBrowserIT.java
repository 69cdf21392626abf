package dev.collab.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.collab.CommittedOp;
import dev.collab.server.internal.engine.EngineConfig;
import dev.collab.spi.AppendResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The largest document the default limits allow, with the worst escapes, opens in a fresh browser
 * (editor.html on {@link BrowserServer}, headless Chromium): {@code maxDocumentLength} units of
 * U+0001, each written {@code \u0001} in JSON, which is within {@code maxDocumentBytes}. The document
 * is written to the store directly (one op), as a writer who filled it over time would leave it.
 */
class LargestDocumentBrowserIT {
  private static BrowserServer server;
  private static Browser ann;

  @BeforeAll
  static void boot() throws Exception {
    Browser.requireChromium();
    server = new BrowserServer();
    server.start();
    ann = Browser.start("ann");
  }

  @AfterAll
  static void shutdown() throws Exception {
    try {
      if (ann != null) {
        ann.screenshot("LargestDocumentBrowserIT");
        ann.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  @Test
  @DisplayName("10,000,000 × U+0001 (60,000,015 bytes of JSON, under the default collab.max-document-bytes) opens in a fresh browser, editable")
  void largestDocumentOpens() throws Exception {
    int length = EngineConfig.DEFAULTS.maxDocumentLength();
    long bytes = 6L * length + "[{\"insert\":\"\"}]".length();
    assertThat(bytes).as("the defaults are consistent").isLessThanOrEqualTo(EngineConfig.DEFAULTS.maxDocumentBytes());
    String id = "largest-escapes";
    HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        server.base().resolve("test/create?id=" + id)).timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(201);
    String op = "[{\"insert\":\"" + "\\u0001".repeat(length) + "\"}]";
    assertThat(op).hasSize((int) bytes);
    AppendResult written = server.store().append(id, 0,
        List.of(new CommittedOp(id, 1, op, "seed", 1, "setup", "Setup", Instant.now())));
    assertThat(written).isInstanceOf(AppendResult.Appended.class);

    long started = System.nanoTime();
    // Opening it takes Chromium about half a minute here (most of it Quill laying out the text):
    // longer than the page helpers wait, so this test waits for it itself.
    ann.visit(server.base(), id, "");
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(ann::isReady);
    System.out.printf("LargestDocumentBrowserIT: %,d units opened in %d ms%n", length,
        Duration.ofNanos(System.nanoTime() - started).toMillis());
    assertThat(((Number) ann.js("return window.collab.quill.getLength()")).longValue()).isEqualTo(length + 1L);
    assertThat(((Number) ann.js("return window.collab.doc.version")).longValue()).isEqualTo(1);
    assertThat(ann.js("return window.collab.binding.failure || null")).as("the binding's failure").isNull();
    assertThat(ann.editable()).isTrue();
    assertThat(ann.consoleProblems()).as("errors and warnings of the page").isEmpty();
  }
}
