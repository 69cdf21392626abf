package dev.collab.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The browser client end to end: two users (ann and bob), each in a headless Chromium driven by
 * Selenium, on a test page that loads only what the library serves (collab.js, the Quill binding,
 * Quill itself, through the {@code current} URLs), against Collab on embedded Jetty
 * ({@link BrowserServer}). Screenshots of both browsers after every test (and at the interesting
 * steps) go to {@code target/failsafe-reports/screenshots/}.
 *
 * <p>Skipped, saying why, without Chromium; {@code COLLAB_TEST_BROWSER=required} (set by
 * {@code .ci/run}) makes that a failure.
 */
class BrowserIT {
  @RegisterExtension
  static final BrowserUsers USERS = new BrowserUsers("ann", "bob");
  private static BrowserServer server;
  private static Browser ann;
  private static Browser bob;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void users() {
    server = USERS.server();
    ann = USERS.browser("ann");
    bob = USERS.browser("bob");
  }

  @AfterAll
  static void acceptWebSocketsAgain() {
    BrowserServer.refuseWebSockets = false;
  }

  @Test
  @DisplayName("two users type at the same time in one paragraph: both see the same text, and each other's cursor")
  void concurrentTypingConverges() throws Exception {
    String doc = newDocument();
    ann.open(server.base(), doc);
    bob.open(server.base(), doc);
    ann.typeAt(0, "Hello world");
    bob.waitFor("ann's first words", d -> bob.text().equals("Hello world\n"));

    String annTyped = " dear reader,";
    String bobTyped = " and hello again";
    // ann after "Hello", bob at the end of the same paragraph, typing at the same time
    CompletableFuture<Void> a = CompletableFuture.runAsync(() -> ann.typeAt(5, annTyped));
    CompletableFuture<Void> b = CompletableFuture.runAsync(() -> bob.typeAt(11, bobTyped));
    CompletableFuture.allOf(a, b).join();
    long typed = System.nanoTime();
    String expected = "Hello" + annTyped + " world" + bobTyped + "\n";
    ann.waitFor("the merged paragraph", d -> ann.text().equals(expected));
    bob.waitFor("the merged paragraph", d -> bob.text().equals(expected));
    long convergedMs = (System.nanoTime() - typed) / 1_000_000;
    System.out.println("BrowserIT: both browsers showed the merged paragraph " + convergedMs
        + " ms after the typing ended (informational; not asserted)");
    ann.waitFor("all edits acknowledged", d -> ann.pending() == 0);
    bob.waitFor("all edits acknowledged", d -> bob.pending() == 0);
    assertThat(serverText(doc)).isEqualTo(withoutFinalNewline(expected));

    // each sees the other's cursor, with the other's name, where the other's caret is
    ann.waitFor("bob's cursor where bob's caret is", d -> ann.cursorOf("bob") == bob.caret());
    bob.waitFor("ann's cursor where ann's caret is", d -> bob.cursorOf("ann") == ann.caret());
    assertThat(bob.caret()).isEqualTo(expected.length() - 1);
    assertThat(ann.caret()).isEqualTo(("Hello" + annTyped).length());
    ann.waitFor("bob's cursor drawn", d -> ann.cursorNames().contains("bob"));
    bob.waitFor("ann's cursor drawn", d -> bob.cursorNames().contains("ann"));
    assertThat(ann.people()).contains("ann (you)").contains("bob");
    assertThat(bob.people()).contains("bob (you)").contains("ann");
  }

  @Test
  @DisplayName("a user who loses the server keeps typing; when it is back, nothing is lost")
  void editsMadeWhileTheServerIsDownAreKept() throws Exception {
    String doc = newDocument();
    ann.open(server.base(), doc);
    bob.open(server.base(), doc);
    ann.typeAt(0, "Written online. ");
    bob.waitFor("ann's text", d -> bob.text().equals("Written online. \n"));

    server.stop();
    ann.waitFor("the page to show it is offline", d -> ann.state().equals("reconnecting"));
    ann.typeAt(16, "Written offline.");
    assertThat(ann.pending()).isPositive();
    ann.screenshot("BrowserIT-editsMadeWhileTheServerIsDownAreKept-offline");

    server.start();
    ann.waitFor("the page to reconnect", d -> ann.state().equals("open"));
    ann.waitFor("the offline edits to be acknowledged", d -> ann.pending() == 0);
    String expected = "Written online. Written offline.\n";
    bob.waitFor("ann's offline edits", d -> bob.text().equals(expected));
    assertThat(ann.text()).isEqualTo(expected);
    assertThat(serverText(doc)).isEqualTo(withoutFinalNewline(expected));
  }

  @Test
  @DisplayName("a user whose login is gone sees that (not just 'offline'), keeps typing, and after logging in again nothing is lost")
  void expiredLoginIsShown() throws Exception {
    String doc = newDocument();
    ann.open(server.base(), doc);
    ann.typeAt(0, "Before. ");
    ann.waitFor("the first edit to be acknowledged", d -> ann.pending() == 0);

    ann.logOut();
    server.stop();
    ann.waitFor("the page to show it is offline", d -> ann.state().equals("reconnecting"));
    server.start();
    // The handshake is refused with 401, which a page cannot read; the client's probe can.
    ann.waitFor("the page to show the login is gone", d -> ann.state().equals("unauthorized"));
    ann.screenshot("BrowserIT-expiredLoginIsShown-unauthorized");
    ann.typeAt(8, "After.");
    assertThat(ann.pending()).isPositive();

    ann.logBackIn();
    ann.waitFor("the page to reconnect by itself", d -> ann.state().equals("open"));
    ann.waitFor("the edits typed meanwhile to be acknowledged", d -> ann.pending() == 0);
    assertThat(serverText(doc)).isEqualTo("Before. After.");
  }

  @Test
  @DisplayName("a page reload with unsent edits keeps them, and sends them once the server can be reached")
  void reloadKeepsUnsentEdits() throws Exception {
    String doc = newDocument();
    ann.open(server.base(), doc);
    ann.typeAt(0, "Saved. ");
    ann.waitFor("the first edits to be acknowledged", d -> ann.pending() == 0);

    server.stop();
    ann.waitFor("the page to show it is offline", d -> ann.state().equals("reconnecting"));
    ann.typeAt(7, "Unsent.");
    assertThat(ann.pending()).isPositive();

    // The server is back for pages but refuses WebSockets: the reloaded page cannot send yet.
    BrowserServer.refuseWebSockets = true;
    try {
      server.start();
      ann.reload();
      ann.waitFor("the reloaded page to try to connect", d -> "reconnecting".equals(ann.state()));
      assertThat(ann.isReady()).as("open() waits for the server's reply").isFalse();
      assertThat(serverText(doc)).isEqualTo("Saved. ");
      ann.screenshot("BrowserIT-reloadKeepsUnsentEdits-reloaded-offline");
    } finally {
      BrowserServer.refuseWebSockets = false;
    }
    ann.waitReady();
    ann.waitFor("the kept edits to be acknowledged", d -> ann.pending() == 0);
    assertThat(ann.text()).isEqualTo("Saved. Unsent.\n");
    assertThat(serverText(doc)).isEqualTo("Saved. Unsent.");
    bob.open(server.base(), doc);
    assertThat(bob.text()).isEqualTo("Saved. Unsent.\n");
  }

  @Test
  @DisplayName("undo takes back only the user's own edit, not the other user's later one")
  void undoIsPerUser() throws Exception {
    String doc = newDocument();
    ann.open(server.base(), doc);
    bob.open(server.base(), doc);
    bob.typeAt(0, "shared text");
    ann.waitFor("bob's text", d -> ann.text().equals("shared text\n"));

    ann.typeAt(0, "AAA ");
    bob.waitFor("ann's edit", d -> bob.text().equals("AAA shared text\n"));
    bob.typeAt(15, " BBB");
    ann.waitFor("bob's later edit", d -> ann.text().equals("AAA shared text BBB\n"));
    ann.screenshot("BrowserIT-undoIsPerUser-before-undo");

    ann.undo();
    ann.waitFor("ann's edit undone", d -> ann.text().equals("shared text BBB\n"));
    bob.waitFor("ann's undo", d -> bob.text().equals("shared text BBB\n"));
    ann.waitFor("the undo to be acknowledged", d -> ann.pending() == 0);
    assertThat(serverText(doc)).isEqualTo("shared text BBB");

    // ann's undo stack held only her own edit: a second undo changes nothing
    ann.undo();
    ann.type("!");
    bob.waitFor("ann's marker after the second undo", d -> bob.text().contains("!"));
    assertThat(bob.text()).isEqualTo("!shared text BBB\n");
  }

  @Test
  @DisplayName("a user with read access sees the edits live in an editor that does not let them type")
  void readersCannotEdit() throws Exception {
    String doc = newDocument();
    ann.open(server.base(), doc);
    bob.openAs(server.base(), doc, "carol");
    assertThat((String) bob.js("return window.collab.doc.access")).isEqualTo("read");
    assertThat(bob.editable()).isFalse();
    assertThat(ann.editable()).isTrue();
    ann.typeAt(0, "for your eyes");
    bob.waitFor("ann's text", d -> bob.text().equals("for your eyes\n"));
    bob.typeAt(0, "no");
    assertThat(bob.text()).isEqualTo("for your eyes\n");
    assertThat(bob.pending()).isZero();
    ann.waitFor("all edits acknowledged", d -> ann.pending() == 0);
    assertThat(serverText(doc)).isEqualTo("for your eyes");
  }

  @Test
  @DisplayName("the served assets: versioned and immutable, 'current' redirects, everything else no-store")
  void assetsAreServedWithTheirCachingRules() throws Exception {
    HttpResponse<String> current = get(server.base().resolve("collab/client/current/collab.js"));
    assertThat(current.statusCode()).isEqualTo(302);
    assertThat(current.headers().firstValue("Cache-Control")).hasValue("no-store");
    String location = current.headers().firstValue("Location").orElseThrow();
    assertThat(location).matches(".*/app/collab/client/0\\.1\\.0-SNAPSHOT-[0-9a-f]{10}/collab\\.js");

    HttpResponse<String> versioned = get(server.base().resolve(location));
    assertThat(versioned.statusCode()).isEqualTo(200);
    assertThat(versioned.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
    assertThat(versioned.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
    // the entry exports the client; its code is in a chunk it shares with collab-editor.js
    assertThat(versioned.body()).contains("as CollabClient").contains("from\"./shared-");
    String etag = versioned.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again = HTTP.send(HttpRequest.newBuilder(server.base().resolve(location))
        .header("If-None-Match", etag).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();

    // the page's module resolved to the versioned URL, and the context attribute names the same base
    String base = location.substring(0, location.lastIndexOf('/') + 1);
    ann.open(server.base(), newDocument());
    @SuppressWarnings("unchecked")
    java.util.List<String> loaded = (java.util.List<String>) ann.js(
        "return performance.getEntriesByType('resource').map(e => e.name)");
    String versionedBase = "http://127.0.0.1:" + server.base().getPort() + base;
    String currentBase = "http://127.0.0.1:" + server.base().getPort() + "/app/collab/client/current/";
    assertThat(loaded).contains(currentBase + "collab.js", currentBase + "quill.js", currentBase + "collab-quill.js");
    assertThat(loaded).as("the modules' own imports resolve against the versioned URL")
        .anyMatch(url -> url.startsWith(versionedBase + "shared-"));
    assertThat((String) ann.js("return getComputedStyle(document.querySelector('.ql-toolbar')).borderTopStyle"))
        .as("quill.snow.css applied").isEqualTo("solid");
    assertThat((String) ann.js("return window.collab.client.url")).isEqualTo("ws://127.0.0.1:" + server.base().getPort() + "/app/collab/ws");
    assertThat((Long) ann.js("return document.querySelectorAll('link[href$=\"quill-cursors.css\"]').length"))
        .as("the page's own link to the cursor styles is used, not a second one").isEqualTo(1L);

    // a page without the cursor styles gets them linked by the binding, from the versioned URL
    ann.openPage(server.base(), newDocument(), "bare.html");
    @SuppressWarnings("unchecked")
    java.util.List<String> links = (java.util.List<String>) ann.js(
        "return Array.from(document.querySelectorAll('link[rel=stylesheet]')).map(l => l.href)");
    assertThat(links).contains(versionedBase + "quill-cursors.css");
    ann.waitFor("the cursor styles to apply", d -> "absolute".equals(ann.js(
        "const e = document.createElement('div'); e.className = 'ql-cursor-flag';"
            + " const c = document.createElement('div'); c.className = 'ql-cursor'; c.append(e);"
            + " document.body.append(c); const p = getComputedStyle(e).position; c.remove(); return p")));

    for (URI miss : new URI[] {
        server.base().resolve(base.replaceAll("-[0-9a-f]{10}/", "-0000000000/") + "collab.js"),
        server.base().resolve(base + "nothing.js"),
        server.base().resolve("collab/client/current/nothing.js"),
        server.base().resolve("collab/client/")}) {
      HttpResponse<String> response = get(miss);
      assertThat(response.statusCode()).as(miss.toString()).isEqualTo(404);
      assertThat(response.headers().firstValue("Cache-Control")).as(miss.toString()).hasValue("no-store");
    }
    HttpResponse<String> api = get(server.base().resolve("collab/api/documents"));
    assertThat(api.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  // ------------------------------------------------------------------ helpers

  /**
   * What the server holds for what Quill shows: Quill always shows a final newline, which a
   * document created empty does not have until a user formats its last line.
   */
  private static String withoutFinalNewline(String shown) {
    assertThat(shown).endsWith("\n");
    return shown.substring(0, shown.length() - 1);
  }

  private static String newDocument() throws Exception {
    return server.newDocument();
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri).header("Cookie", CookieAuthenticator.COOKIE + "=ann").GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The document's text as the server has it (REST, as ann). */
  private static String serverText(String doc) throws Exception {
    return server.serverText(doc);
  }
}
