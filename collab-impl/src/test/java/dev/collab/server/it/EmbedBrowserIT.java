package dev.collab.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * The {@code <collab-editor>} element end to end, in headless Chromium against Collab on embedded
 * Jetty ({@link BrowserServer}), on {@code embed.html}: a page with two elements and one module
 * script, nothing else from Collab. Two editors on two documents over one WebSocket; the attributes
 * and their changes at run time; the events and methods; a host stylesheet that would break a
 * naive editor; axe-core (npm {@code axe-core}, injected by the test) in English and German, light
 * and dark, with no serious or critical violation; the keyboard. Screenshots go to
 * {@code target/failsafe-reports/screenshots/} after every test and at the interesting steps.
 */
class EmbedBrowserIT {
  private static final Path AXE = Path.of("node_modules", "axe-core", "axe.min.js");
  @RegisterExtension
  static final BrowserUsers USERS = new BrowserUsers("ann", "bob");
  private static BrowserServer server;
  private static Browser ann;
  private static Browser bob;

  @BeforeAll
  static void users() {
    server = USERS.server();
    ann = USERS.browser("ann");
    bob = USERS.browser("bob");
  }

  @AfterEach
  void lightAgain() {
    ann.colorScheme("light");
  }

  @Test
  @DisplayName("two <collab-editor> on one page, on two documents, share one WebSocket; another user sees both")
  void twoEditorsShareOneSocket() throws Exception {
    String first = server.newDocument();
    String second = server.newDocument();
    open(ann, first, second, "");
    typeInto(ann, "first", 0, "Alpha text");
    typeInto(ann, "second", 0, "Beta text");
    open(bob, first, second, "");
    bob.waitFor("ann's text in the first editor", d -> text(bob, "first").equals("Alpha text\n"));
    bob.waitFor("ann's text in the second editor", d -> text(bob, "second").equals("Beta text\n"));
    typeInto(bob, "second", 9, " from bob");
    ann.waitFor("bob's words in the second editor", d -> text(ann, "second").equals("Beta text from bob\n"));
    assertThat(text(ann, "first")).isEqualTo("Alpha text\n");

    assertThat(ann.js("return window.sockets.length")).as("WebSockets ann's page opened").isEqualTo(1L);
    assertThat(bob.js("return window.sockets.length")).as("WebSockets bob's page opened").isEqualTo(1L);
    assertThat(ann.js("return first.client === second.client && first.client.state === 'open'")).isEqualTo(true);
    ann.waitFor("the second document acknowledged", d -> pending(ann, "second") == 0);
    bob.waitFor("bob's edit acknowledged", d -> pending(bob, "second") == 0);
    assertThat(server.serverText(first)).isEqualTo("Alpha text");
    assertThat(server.serverText(second)).isEqualTo("Beta text from bob");

    // who is here, in each editor, and the polite announcement of bob's arrival
    ann.waitFor("bob listed in both editors", d -> people(ann, "first").contains("bob") && people(ann, "second").contains("bob"));
    assertThat(people(ann, "first")).contains("ann (you)");
    ann.waitFor("bob's arrival announced", d -> announced(ann, "first").contains("bob joined"));
    assertThat(ann.js("return first.querySelector('.collab-editor-live').getAttribute('aria-live')")).isEqualTo("polite");
    assertThat(ann.consoleProblems()).isEmpty();
    assertThat(bob.consoleProblems()).isEmpty();
  }

  @Test
  @DisplayName("the attributes: toolbar (list and preset, unknown formats reported), readonly, placeholder, height, locale, panels; changed at run time too")
  void attributesConfigureTheEditor() throws Exception {
    String first = server.newDocument();
    String second = server.newDocument();
    open(ann, first, second, "&first.toolbar=bold+italic+%7C+link+blink"
        + "&second.readonly=&second.placeholder=Schreib+hier&second.height=120px&second.locale=de&second.panels=history+state");

    assertThat(toolbarControls(ann, "first")).containsExactly("ql-bold", "ql-italic", "ql-link");
    assertThat(errors(ann)).anySatisfy(e -> {
      assertThat(e.get("id")).isEqualTo("first");
      assertThat(detail(e).get("code")).isEqualTo("bad-attribute");
      assertThat((String) detail(e).get("message")).contains("blink");
    });
    // readonly, no toolbar shown, the placeholder, the height, German, the panels
    assertThat(ann.js("return second.quill.isEnabled()")).isEqualTo(false);
    assertThat(ann.js("return second.quill.root.getAttribute('aria-readonly')")).isEqualTo("true");
    assertThat(ann.js("const t = second.querySelector('.ql-toolbar'); return !t || t.hidden")).isEqualTo(true);
    assertThat(ann.js("return second.quill.root.dataset.placeholder")).isEqualTo("Schreib hier");
    assertThat(ann.js("return second.querySelector('.ql-container').getBoundingClientRect().height")).isEqualTo(120L);
    ann.waitFor("the German connection state", d -> "Verbunden · alle Änderungen gespeichert".equals(stateText(ann, "second")));
    assertThat(ann.js("return second.querySelector('.collab-editor-people').hidden")).isEqualTo(true);
    ann.waitFor("the German history panel", d -> String.valueOf(ann.js("return second.querySelector('.collab-editor-history').innerText"))
        .contains("Verlauf") && String.valueOf(ann.js("return second.querySelector('.collab-editor-history').innerText")).contains("Noch keine Änderungen"));
    new Actions(ann.driver()).click(ann.driver().findElement(org.openqa.selenium.By.cssSelector("#second .ql-editor")))
        .sendKeys("nope").perform();
    assertThat(text(ann, "second")).as("a read-only editor takes no typing").isEqualTo("\n");
    ann.screenshot("EmbedBrowserIT-attributes-readonly");

    // properties reflect to attributes and back; changes apply at once
    ann.js("second.readonly = false; second.height = '200px'");
    assertThat(ann.js("return second.hasAttribute('readonly')")).isEqualTo(false);
    assertThat(ann.js("return second.getAttribute('height')")).isEqualTo("200px");
    assertThat(ann.js("return second.quill.isEnabled()")).isEqualTo(true);
    assertThat(ann.js("return second.querySelector('.ql-container').getBoundingClientRect().height")).isEqualTo(200L);
    typeInto(ann, "second", 0, "Hallo");
    ann.waitFor("the history to list ann's edit", d -> String.valueOf(ann.js("return second.querySelector('.collab-editor-history-list').innerText"))
        .matches("(?s).*Version \\d+ · ann · .*"));
    ann.js("first.setAttribute('toolbar', 'basic')");
    ann.waitFor("the basic toolbar", d -> toolbarControls(ann, "first").equals(
        List.of("ql-bold", "ql-italic", "ql-underline", "ql-link", "ql-list", "ql-list", "ql-list", "ql-clean")));
    ann.js("first.setAttribute('height', '12 parsecs')");
    assertThat(errors(ann)).anySatisfy(e -> assertThat((String) detail(e).get("message")).contains("height"));
    assertThat(ann.consoleProblems()).isEmpty();
  }

  @Test
  @DisplayName("events (collab-ready, collab-change, collab-state, collab-error: bubbling, composed, with details) and methods (focus, getText, getContents)")
  void eventsAndMethods() throws Exception {
    String first = server.newDocument();
    String missing = "b-missing-" + UUID.randomUUID();
    open(ann, first, missing, "");
    Map<String, Object> ready = events(ann, "collab-ready").get(0);
    assertThat(ready.get("id")).isEqualTo("first");
    assertThat(ready.get("composed")).isEqualTo(true);
    assertThat(detail(ready)).containsEntry("document", first).containsEntry("access", "write");
    assertThat(detail(ready).get("user")).isEqualTo(Map.of("id", "ann", "name", "ann"));
    assertThat(errors(ann)).anySatisfy(e -> {
      assertThat(e.get("id")).isEqualTo("second");
      assertThat(detail(e)).containsEntry("code", "unknown-document").containsEntry("document", missing);
    });

    // focus() puts the caret in the editor: keys typed afterwards land there
    ann.js("first.focus()");
    ann.type("Hi there");
    ann.waitFor("the typed text", d -> "Hi there\n".equals(ann.js("return first.getText()")));
    assertThat(ann.js("return first.getContents().ops")).isEqualTo(List.of(Map.of("insert", "Hi there\n")));
    Map<String, Object> typed = events(ann, "collab-change").get(0);
    assertThat(detail(typed)).containsEntry("source", "local").containsEntry("document", first)
        .containsEntry("delta", Map.of("ops", List.of(Map.of("insert", "H"))));

    // a remote change, from bob on the module API's page
    bob.open(server.base(), first);
    bob.typeAt(8, "!");
    ann.waitFor("bob's edit", d -> "Hi there!\n".equals(ann.js("return first.getText()")));
    ann.waitFor("a remote collab-change naming bob", d -> events(ann, "collab-change").stream().anyMatch(e ->
        "remote".equals(detail(e).get("source")) && detail(e).get("user") instanceof Map<?, ?> u && "bob".equals(u.get("id"))));

    // the connection: lost and back, as events, the state attribute, and announcements
    server.stop();
    ann.waitFor("state reconnecting", d -> "reconnecting".equals(ann.js("return first.state")));
    assertThat(events(ann, "collab-state")).anySatisfy(e -> assertThat(detail(e)).containsEntry("state", "reconnecting"));
    ann.waitFor("the loss announced", d -> announced(ann, "first").contains("Offline, reconnecting"));
    assertThat(ann.js("return first.getAttribute('state')")).isEqualTo("reconnecting");
    ann.screenshot("EmbedBrowserIT-eventsAndMethods-offline");
    server.start();
    ann.waitFor("state open again", d -> "open".equals(ann.js("return first.state")));
    ann.waitFor("the return announced", d -> announced(ann, "first").contains("Connection: Connected"));
    assertThat(events(ann, "collab-state").get(events(ann, "collab-state").size() - 1).get("id")).isEqualTo("first");
  }

  @Test
  @DisplayName("a host stylesheet with framework resets and careless element rules does not break the editor, and ours does not touch the host")
  void hostStylesDoNotBreakTheEditor() throws Exception {
    String first = server.newDocument();
    String second = server.newDocument();
    open(ann, first, second, "&hostile=1&second.panels=participants+state+history");
    typeInto(ann, "first", 0, "Styled by the editor, not the host");
    Map<String, Object> styles = computed(ann, "#first .ql-editor p");
    assertThat(styles).containsEntry("fontSize", "15px").containsEntry("marginTop", "0px")
        .containsEntry("textTransform", "none").containsEntry("color", "rgb(31, 35, 40)");
    Map<String, Object> button = computed(ann, "#first .ql-toolbar button.ql-bold");
    assertThat(button).containsEntry("width", "28px").containsEntry("height", "24px");
    assertThat(computed(ann, "#first .ql-toolbar button.ql-bold svg")).doesNotContainEntry("display", "none");
    assertThat(computed(ann, "#first .ql-toolbar")).containsEntry("marginTop", "0px");
    assertThat(ann.js("return first.querySelector('.ql-container').getBoundingClientRect().height")).isEqualTo(240L);
    assertThat(computed(ann, "#second .collab-editor-history-title")).containsEntry("fontSize", "12.75px")
        .containsEntry("color", "rgb(31, 35, 40)").containsEntry("lineHeight", "19.125px");
    // the host's own text keeps the host's style
    assertThat(computed(ann, ".host-text")).containsEntry("textTransform", "uppercase").containsEntry("fontSize", "30px");
    ann.waitFor("the edit acknowledged", d -> pending(ann, "first") == 0);
    assertThat(server.serverText(first)).isEqualTo("Styled by the editor, not the host");
    assertThat(ann.consoleProblems()).isEmpty();
  }

  @Test
  @DisplayName("axe-core finds no serious or critical violation (English and German, light and dark, with the history panel); the keyboard reaches everything and leaves the editor")
  void accessibleAndKeyboardOperable() throws Exception {
    String first = server.newDocument();
    String second = server.newDocument();
    open(ann, first, second, "&second.panels=participants+state+history&first.toolbar=full");
    open(bob, first, second, "&second.panels=participants+state+history&first.locale=de&second.locale=de");
    typeInto(ann, "first", 0, "Accessible text");
    bob.waitFor("ann's text", d -> text(bob, "first").equals("Accessible text\n"));
    List<String> problems = new ArrayList<>();
    problems.addAll(axe(ann, "en-light"));
    bob.colorScheme("dark");
    problems.addAll(axe(bob, "de-dark"));
    bob.screenshot("EmbedBrowserIT-accessible-dark-de");
    bob.colorScheme("light");
    assertThat(problems).as("serious or critical axe-core violations").isEmpty();

    // keyboard: Tab from the button before the editors reaches the first editor's text through its toolbar
    ann.js("document.getElementById('before').focus()");
    int tabs = 0;
    while (!Boolean.TRUE.equals(ann.js("return document.activeElement === first.quill.root")) && tabs < 60) {
      new Actions(ann.driver()).sendKeys(Keys.TAB).perform();
      tabs++;
    }
    assertThat(tabs).as("Tab presses to reach the first editor").isBetween(2, 59);
    ann.js("first.quill.setSelection(first.quill.getLength(), 0, 'user')");
    ann.type(" typed");
    ann.type(Keys.TAB);
    assertThat(ann.js("return document.activeElement === first.quill.root")).as("Tab leaves the editor").isEqualTo(false);
    assertThat(text(ann, "first")).isEqualTo("Accessible text typed\n");
    // a toolbar button, by keyboard: bold on the selected word
    ann.js("first.quill.setSelection(0, 10, 'user'); first.querySelector('.ql-toolbar button.ql-bold').focus()");
    ann.type(Keys.SPACE);
    ann.waitFor("bold applied from the keyboard", d -> "Accessible bold".equals(
        ann.js("const op = first.getContents().ops[0]; return op.insert + (op.attributes && op.attributes.bold ? ' bold' : '')")));
    bob.waitFor("the bold word at bob's", d -> String.valueOf(bob.js("return JSON.stringify(first.getContents().ops[0])"))
        .contains("\"bold\":true"));
    assertThat(bob.js("return first.querySelector('.ql-toolbar button.ql-bold').getAttribute('aria-label')")).isEqualTo("Fett");
  }

  @Test
  @DisplayName("panels=\"comments\": a thread on the selected word, its card and highlight, live at another user's, no serious or critical axe-core violation (light and dark), resolved under Resolved")
  void commentsPanel() throws Exception {
    String first = server.newDocument();
    String second = server.newDocument();
    open(ann, first, second, "&first.panels=comments");
    typeInto(ann, "first", 0, "Hello world");
    ann.waitFor("the text acknowledged", d -> pending(ann, "first") == 0);
    open(bob, first, second, "&first.panels=comments");
    bob.waitFor("ann's text", d -> text(bob, "first").equals("Hello world\n"));
    assertThat(bob.js("return first.querySelector('.collab-comments-empty').textContent")).isEqualTo("No open comments");

    ann.js("first.focus(); first.quill.setSelection(6, 5, 'user')");
    ann.waitFor("the Comment button enabled", d -> Boolean.FALSE.equals(ann.js("return first.querySelector('.collab-comment-new').disabled")));
    ann.js("first.querySelector('.collab-comment-new').click();"
        + " first.querySelector('.collab-comment-form textarea').value = 'Which world?';"
        + " first.querySelector('.collab-comment-create').click()");
    ann.waitFor("the thread's card", d -> "Which world?".equals(ann.js(
        "const t = first.querySelector('.collab-threads .collab-comment-text'); return t && t.textContent")));
    ann.waitFor("the collab-comment event", d -> events(ann, "collab-comment").stream().anyMatch(e -> "create".equals(detail(e).get("action"))));
    Map<String, Object> created = detail(events(ann, "collab-comment").get(0));
    assertThat(created).containsEntry("documentId", first).containsEntry("document", first).containsKey("threadId");
    ann.waitFor("the highlight", d -> ((Number) ann.js("return first.querySelectorAll('.collab-thread-highlight').length")).intValue() == 1);
    assertThat(ann.js("return first.querySelector('.collab-thread-highlight').dataset.thread")).isEqualTo(created.get("threadId"));
    assertThat(ann.js("return first.querySelector('.collab-comment-author').textContent")).isEqualTo("ann");
    assertThat((String) ann.js("return first.querySelector('.collab-comment-time').textContent")).as("the comment's time").isNotBlank();
    bob.waitFor("the thread at bob's, live", d -> "Which world?".equals(bob.js(
        "const t = first.querySelector('.collab-threads .collab-comment-text'); return t && t.textContent")));
    assertThat(bob.js("return first.querySelectorAll('.collab-comment-delete').length")).as("bob may not delete ann's comment").isEqualTo(0L);
    ann.screenshot("EmbedBrowserIT-commentsPanel-open");
    // axe-core on the panel with a thread, its reply form and the Comment button, light and dark
    List<String> problems = new ArrayList<>(axe(ann, "comments-en-light"));
    bob.colorScheme("dark");
    problems.addAll(axe(bob, "comments-en-dark"));
    bob.colorScheme("light");
    assertThat(problems).as("serious or critical axe-core violations with the comments panel").isEmpty();

    ann.js("first.querySelector('.collab-comment-resolve').click()");
    for (Browser b : List.of(ann, bob)) {
      b.waitFor("the thread under Resolved (1)", d -> "Resolved (1)".equals(b.js(
          "const s = first.querySelector('.collab-threads-resolved summary'); return s && s.textContent")));
      assertThat(b.js("return first.querySelector('.collab-threads-resolved').open")).isEqualTo(false);
      assertThat(b.js("return first.querySelectorAll('.collab-thread-highlight').length")).isEqualTo(0L);
    }
    ann.waitFor("the resolve event", d -> events(ann, "collab-comment").stream().anyMatch(e -> "resolve".equals(detail(e).get("action"))));
    assertThat(errors(ann)).isEmpty();
    assertThat(ann.consoleProblems()).isEmpty();
  }

  // ------------------------------------------------------------------ helpers

  private static void open(Browser browser, String first, String second, String query) {
    browser.openPage(server.base(), first + "&doc2=" + second + query, "embed.html");
  }

  private static void typeInto(Browser browser, String element, int index, String keys) {
    browser.js("const e = document.getElementById(arguments[0]); e.focus(); e.quill.setSelection(arguments[1], 0, 'user')",
        element, index);
    browser.type(keys);
  }

  private static String text(Browser browser, String element) {
    return (String) browser.js("return document.getElementById(arguments[0]).getText()", element);
  }

  private static long pending(Browser browser, String element) {
    return ((Number) browser.js("return document.getElementById(arguments[0]).doc.pendingCount", element)).longValue();
  }

  private static String people(Browser browser, String element) {
    return (String) browser.js("return document.querySelector('#' + arguments[0] + ' .collab-editor-people').textContent", element);
  }

  private static String stateText(Browser browser, String element) {
    return (String) browser.js("return document.querySelector('#' + arguments[0] + ' .collab-state').textContent", element);
  }

  /** What the editor's aria-live region has said so far, one announcement a line (embed.html records them). */
  private static String announced(Browser browser, String element) {
    return (String) browser.js("return window.announcements[arguments[0]].join('\\n')", element);
  }

  @SuppressWarnings("unchecked")
  private static List<String> toolbarControls(Browser browser, String element) {
    return (List<String>) browser.js("return Array.from(document.querySelectorAll('#' + arguments[0] + ' .ql-toolbar button'))"
        + ".map(b => Array.from(b.classList).find(c => c.startsWith('ql-')))", element);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> events(Browser browser, String type) {
    return (List<Map<String, Object>>) browser.js("return window.collabEvents.filter(e => e.type === arguments[0])", type);
  }

  private static List<Map<String, Object>> errors(Browser browser) {
    return events(browser, "collab-error");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> detail(Map<String, Object> event) {
    return (Map<String, Object>) event.get("detail");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> computed(Browser browser, String selector) {
    return (Map<String, Object>) browser.js("const s = getComputedStyle(document.querySelector(arguments[0]));"
        + " return {fontSize: s.fontSize, marginTop: s.marginTop, color: s.color, textTransform: s.textTransform,"
        + " width: s.width, height: s.height, display: s.display, lineHeight: s.lineHeight}", selector);
  }

  /**
   * Injects axe-core into the page and runs it on the whole page; prints every violation and
   * returns the serious and critical ones.
   */
  @SuppressWarnings("unchecked")
  private static List<String> axe(Browser browser, String label) throws Exception {
    if (!Files.isRegularFile(AXE)) {
      throw new AssertionError("axe-core is missing at " + AXE.toAbsolutePath() + ": run npm ci in collab-impl");
    }
    browser.js(Files.readString(AXE));
    // First, that axe sees a violation on this page at all: a button without a name, added and removed.
    @SuppressWarnings("unchecked")
    List<String> canary = (List<String>) browser.jsAsync("const done = arguments[arguments.length - 1];"
        + " const b = document.createElement('button'); b.id = 'axe-canary'; document.querySelector('main').append(b);"
        + " axe.run(document, {runOnly: ['button-name']}).then(r => { b.remove(); done(r.violations.map(v => v.id)); });");
    assertThat(canary).as("axe-core reports a button without a name").containsExactly("button-name");
    List<Map<String, Object>> violations = (List<Map<String, Object>>) browser.jsAsync(
        "const done = arguments[arguments.length - 1];"
            + " axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact,"
            + " help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))), e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));");
    List<String> serious = new ArrayList<>();
    System.out.println("EmbedBrowserIT axe-core " + label + " (" + browser.user + "): " + violations.size() + " violation(s)");
    for (Map<String, Object> v : violations) {
      String line = v.get("impact") + " " + v.get("id") + ": " + v.get("help") + " " + v.get("nodes");
      System.out.println("  " + line);
      if ("serious".equals(v.get("impact")) || "critical".equals(v.get("impact"))) {
        serious.add(label + ": " + line);
      }
    }
    return serious;
  }
}
