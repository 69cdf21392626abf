package dev.collab.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ServerMessage;
import dev.collab.tck.WireSocket;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sample WAR exactly as the module builds it ({@code target/sample-app.war}), on Payara Micro,
 * checked from outside as a browser would: login, session cookie, Collab's REST and WebSocket with
 * that cookie, restore as a new edit, a reader's limits. One boot for the class; its documents go
 * to {@code target/it-data} (H2), and every test uses ids of its own.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SampleAppIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    File war = new File(System.getProperty("sample.war", "target/sample-app.war"));
    return ShrinkWrap.create(ZipImporter.class, "sample-app.war").importFrom(war).as(WebArchive.class);
  }

  @ArquillianResource URL reported;

  private SampleHttp sample;

  /** The sample over HTTP, at {@link #base()}. */
  private SampleHttp sample() {
    if (sample == null) {
      sample = new SampleHttp(base());
    }
    return sample;
  }

  /** The application's root on loopback (Payara Micro reports the machine's external address). */
  private URI base() {
    String path = reported.getPath().endsWith("/") ? reported.getPath() : reported.getPath() + "/";
    return URI.create("http://127.0.0.1:" + reported.getPort() + path);
  }

  private String origin() {
    return "http://127.0.0.1:" + reported.getPort();
  }

  private URI ws() {
    return URI.create("ws://127.0.0.1:" + reported.getPort() + base().getPath() + "collab/ws");
  }

  private static String uniqueId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  // ---------------------------------------------------------------- HTTP helpers (SampleHttp)

  private HttpResponse<String> send(String method, String path, String body, String cookie, String... headers) throws Exception {
    return sample().send(method, path, body, cookie, headers);
  }

  private HttpResponse<String> get(String path, String cookie) throws Exception {
    return sample().get(path, cookie);
  }

  /** A state-changing call as the sample's pages make it: JSON and the CSRF header. */
  private HttpResponse<String> call(String method, String path, String body, String cookie) throws Exception {
    return sample().call(method, path, body, cookie);
  }

  private HttpResponse<String> postLogin(String user, String password, String cookie) throws Exception {
    return sample().postLogin(user, password, cookie, null);
  }

  private HttpResponse<String> postLogin(String user, String password, String cookie, String continueTo) throws Exception {
    return sample().postLogin(user, password, cookie, continueTo);
  }

  private static String sessionSetCookie(HttpResponse<?> response) {
    return SampleHttp.sessionSetCookie(response);
  }

  private String login(String user) throws Exception {
    return sample().login(user);
  }

  private static JsonStructure json(String text) {
    return SampleHttp.json(text);
  }

  private String createDocument(String cookie, String id, String title) throws Exception {
    return sample().createDocument(cookie, id, title);
  }

  /**
   * A raw socket that presents {@code cookie} (null: none) and {@code origin}, as a browser tab
   * does; it waits up to 60 s for a message (the machine may be busy with other servers).
   */
  private CompletableFuture<WireSocket> open(String cookie, String origin) {
    Map<String, String> headers = new HashMap<>(Map.of("Origin", origin));
    if (cookie != null) {
      headers.put("Cookie", cookie);
    }
    return WireSocket.open(HttpClient.newHttpClient(), ws(), headers, Duration.ofSeconds(60));
  }

  private WireSocket connect(String cookie, String client) throws Exception {
    WireSocket socket = open(cookie, origin()).get(20, TimeUnit.SECONDS);
    socket.send(new ClientMessage.Hello(1, client));
    return socket;
  }

  private static JsonValue op(String json) {
    return json(json);
  }

  // ---------------------------------------------------------------- tests

  @Test
  @DisplayName("the health probes answer without a login: live, and ready within a minute (engine, drain, store UP; no bus on one node), no-store, nothing but names, statuses and reasons")
  void healthWithoutLogin() throws Exception {
    // Probed as an orchestrator does, until UP: the store's first probe may take longer than the
    // 2 s allowed on a loaded machine (cold Hibernate, H2 opening), and once, on WildFly, the very
    // first request right after the deployment was answered 404 by the server.
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() -> {
      for (String probe : List.of("live", "ready")) {
        HttpResponse<String> answer = get("collab/api/health/" + probe, null);
        assertThat(answer.statusCode()).as(probe + ": " + answer.body()).isEqualTo(200);
      }
    });
    HttpResponse<String> live = get("collab/api/health/live", null);
    assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
    assertThat(json(live.body()).asJsonObject().getString("status")).isEqualTo("UP");
    HttpResponse<String> ready = get("collab/api/health/ready", null);
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(ready.headers().firstValue("Cache-Control")).hasValue("no-store");
    jakarta.json.JsonObject body = json(ready.body()).asJsonObject();
    assertThat(body.getString("status")).isEqualTo("UP");
    assertThat(body.getJsonArray("checks").stream().map(c -> c.asJsonObject().getString("name") + "="
        + c.asJsonObject().getString("status"))).containsExactly("engine=UP", "drain=UP", "store=UP");
    assertThat(body.getJsonArray("checks").stream().map(c -> c.asJsonObject().keySet()))
        .allSatisfy(keys -> assertThat(keys).containsExactlyInAnyOrder("name", "status", "reason"));
  }

  @Test
  @DisplayName("an anonymous request for a page is answered with the login form; Collab's REST answers 401 itself")
  void anonymousGoesToLogin() throws Exception {
    for (String page : List.of("", "index.html", "editor.html?doc=x", "app/me")) {
      HttpResponse<String> response = get(page, null);
      assertThat(response.statusCode()).as(page).isEqualTo(200);
      assertThat(response.body()).as(page).contains("action=\"login\"").contains("name=\"password\"")
          .doesNotContain("<h1>Documents</h1>");
    }
    assertThat(get("login.html", null).statusCode()).isEqualTo(200);
    assertThat(get("collab/api/documents", null).statusCode()).as("Collab's REST answers for itself").isEqualTo(401);
  }

  @Test
  @DisplayName("form login sets an HttpOnly SameSite=Lax session cookie that opens the pages; a wrong password does not")
  void formLogin() throws Exception {
    HttpResponse<String> response = postLogin("alice", "alice-demo", null);
    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location").orElse("")).endsWith(base().getPath());
    String setCookie = sessionSetCookie(response);
    assertThat(setCookie).isNotNull();
    assertThat(setCookie.toLowerCase()).contains("httponly").contains("samesite=lax");
    assertThat(setCookie.toLowerCase()).as("no Secure over plain HTTP").doesNotContain("secure;").doesNotEndWith("secure");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));

    HttpResponse<String> index = get("", cookie);
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.body()).contains("<h1>Documents</h1>");
    JsonObject me = json(get("app/me", cookie).body()).asJsonObject();
    assertThat(me.getString("name")).isEqualTo("alice");
    assertThat(me.getJsonArray("roles").getString(0)).isEqualTo("collab-writer");
    assertThat(me.getBoolean("admin")).isFalse();

    HttpResponse<String> wrong = postLogin("alice", "not-her-password", null);
    assertThat(wrong.statusCode()).isEqualTo(302);
    assertThat(wrong.headers().firstValue("Location").orElse("")).endsWith("login.html?error");
    HttpResponse<String> unknown = postLogin("mallory", "alice-demo", null);
    assertThat(unknown.headers().firstValue("Location").orElse("")).endsWith("login.html?error");
    String wrongCookie = sessionSetCookie(wrong);
    if (wrongCookie != null) {
      String cookieOfFailure = wrongCookie.substring(0, wrongCookie.indexOf(';'));
      assertThat(get("", cookieOfFailure).body()).doesNotContain("<h1>Documents</h1>");
      assertThat(get("app/me", cookieOfFailure).body()).doesNotContain("alice");
    }
  }

  @Test
  @DisplayName("after a login the browser returns to the page that asked for it (never another site); logout ends the session")
  void loginToContinueAndLogout() throws Exception {
    String asked = base().getPath() + "editor.html?doc=somewhere";
    HttpResponse<String> loggedIn = postLogin("bob", "bob-demo", null, asked);
    assertThat(loggedIn.statusCode()).isEqualTo(302);
    assertThat(loggedIn.headers().firstValue("Location").orElse("")).endsWith(asked);
    assertThat(postLogin("bob", "bob-demo", null, "http://evil.example/x").headers().firstValue("Location").orElse(""))
        .doesNotContain("evil").endsWith(base().getPath());
    String setCookie = sessionSetCookie(loggedIn);
    assertThat(setCookie).isNotNull();
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    HttpResponse<String> editor = get("editor.html?doc=somewhere", cookie);
    assertThat(editor.statusCode()).isEqualTo(200);
    assertThat(editor.body()).contains("id=\"editor\"");

    HttpResponse<String> out = send("POST", "logout", null, cookie);
    assertThat(out.statusCode()).isEqualTo(302);
    assertThat(out.headers().firstValue("Location").orElse("")).endsWith("login.html?bye");
    assertThat(get("", cookie).body()).as("the old cookie no longer works").contains("action=\"login\"");
    assertThat(get("collab/api/documents", cookie).statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("a login or logout posted from another site is refused with 403 and logs nobody in or out; from this site it works")
  void crossSiteLoginIsRefused() throws Exception {
    String form = "username=alice&password=alice-demo";
    HttpResponse<String> foreign = sample().client().send(HttpRequest.newBuilder(base().resolve("login"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "http://evil.example")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(foreign.statusCode()).isEqualTo(403);
    String foreignCookie = sessionSetCookie(foreign);
    if (foreignCookie != null) {
      assertThat(get("app/me", foreignCookie.substring(0, foreignCookie.indexOf(';'))).body()).doesNotContain("alice");
    }
    HttpResponse<String> own = sample().client().send(HttpRequest.newBuilder(base().resolve("login"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", origin())
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(own.statusCode()).isEqualTo(302);
    String cookie = sessionSetCookie(own).substring(0, sessionSetCookie(own).indexOf(';'));
    assertThat(json(get("app/me", cookie).body()).asJsonObject().getString("name")).isEqualTo("alice");

    assertThat(send("POST", "logout", null, cookie, "Origin", "http://evil.example").statusCode()).isEqualTo(403);
    assertThat(get("app/me", cookie).statusCode()).as("still logged in").isEqualTo(200);
    assertThat(send("POST", "logout", null, cookie, "Origin", origin()).statusCode()).isEqualTo(302);
  }

  @Test
  @DisplayName("logging out closes the WebSockets opened under that login, and a new handshake with the old cookie is refused")
  void logoutClosesTheWebSockets() throws Exception {
    String alice = login("alice");
    String bob = login("bob");
    WireSocket aliceSocket = connect(alice, uniqueId("tab"));
    aliceSocket.next(ServerMessage.Welcome.class);
    WireSocket bobSocket = connect(bob, uniqueId("tab"));
    bobSocket.next(ServerMessage.Welcome.class);

    assertThat(send("POST", "logout", null, alice, "Origin", origin()).statusCode()).isEqualTo(302);
    // Payara closes it itself with 1008, as the WebSocket specification asks when the handshake's
    // HTTP session ends; where a container does not, Collab's session listener closes with 1001.
    assertThat(aliceSocket.closeCode()).isIn(1008, 1001);
    assertThatThrownBy(() -> open(alice, origin()).get(20, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).hasStackTraceContaining("401");
    // bob's login is another session: his connection goes on
    bobSocket.send(new ClientMessage.Ping());
    bobSocket.next(ServerMessage.Pong.class);
    assertThat(bobSocket.isClosed()).isFalse();
    bobSocket.close();
  }

  @Test
  @DisplayName("a login from an existing session gets a new session id")
  void sessionIdChangesAtLogin() throws Exception {
    String before = login("alice");
    HttpResponse<String> again = postLogin("bob", "bob-demo", before, null);
    String after = sessionSetCookie(again);
    assertThat(after).isNotNull();
    assertThat(after.substring(0, after.indexOf(';'))).isNotEqualTo(before);
    JsonObject me = json(get("app/me", after.substring(0, after.indexOf(';'))).body()).asJsonObject();
    assertThat(me.getString("name")).isEqualTo("bob");
  }

  @Test
  @DisplayName("REST with the session: create, list, rename, delete (admin; not another writer); refused without the CSRF header")
  void restWithSession() throws Exception {
    String alice = login("alice");
    String id = uniqueId("rest");
    assertThat(call("POST", "collab/api/documents", "{\"id\":\"" + id + "\",\"title\":\"x\"}", alice).statusCode()).isEqualTo(201);
    assertThat(send("POST", "collab/api/documents", "{\"title\":\"no header\"}", alice).statusCode()).isEqualTo(403);
    assertThat(send("POST", "collab/api/documents", "{\"title\":\"x\"}", alice, "Origin", "http://evil.example").statusCode())
        .isEqualTo(403);

    HttpResponse<String> renamed = call("PATCH", "collab/api/documents/" + id, "{\"title\":\"Minutes 😀\"}", alice);
    assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
    assertThat(send("PATCH", "collab/api/documents/" + id, "{\"title\":\"no header\"}", alice).statusCode()).isEqualTo(403);
    HttpResponse<String> list = get("collab/api/documents?limit=100", alice);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(json(list.body()).asJsonObject().getJsonArray("documents").getValuesAs(JsonObject.class))
        .anySatisfy(d -> {
          assertThat(d.getString("id")).isEqualTo(id);
          assertThat(d.getString("title")).isEqualTo("Minutes 😀");
          assertThat(d.getString("creator")).isEqualTo("alice");
        });

    String bob = login("bob");
    assertThat(call("DELETE", "collab/api/documents/" + id, null, bob).statusCode())
        .as("a writer who does not own it may not delete").isEqualTo(403);
    String admin = login("admin");
    assertThat(send("DELETE", "collab/api/documents/" + id, null, admin).statusCode()).as("no CSRF header").isEqualTo(403);
    assertThat(call("DELETE", "collab/api/documents/" + id, null, admin).statusCode()).isEqualTo(204);
    assertThat(get("collab/api/documents/" + id, alice).statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("a WebSocket with the session cookie gets welcome with the user's name, joins a document and submits an op; without it, 401")
  void webSocketWithSession() throws Exception {
    String alice = login("alice");
    String id = createDocument(alice, uniqueId("ws"), "Socket");
    WireSocket socket = connect(alice, "alice-tab-" + id);
    ServerMessage.Welcome welcome = socket.next(ServerMessage.Welcome.class);
    assertThat(welcome.user().id()).isEqualTo("alice");
    assertThat(welcome.user().name()).isEqualTo("alice");
    socket.send(new ClientMessage.Join(id, null));
    ServerMessage.Snapshot snapshot = socket.next(ServerMessage.Snapshot.class);
    assertThat(snapshot.version()).isZero();
    assertThat(snapshot.access()).as("alice created it: she owns it").isEqualTo("admin");
    socket.send(new ClientMessage.Submit(id, 0, 1, op("[{\"insert\":\"Hello\\n\"}]")));
    assertThat(socket.next(ServerMessage.Ack.class).version()).isEqualTo(1);
    socket.close();
    JsonObject head = json(get("collab/api/documents/" + id, alice).body()).asJsonObject();
    assertThat(head.getInt("version")).isEqualTo(1);
    assertThat(head.get("data").toString()).isEqualTo("[{\"insert\":\"Hello\\n\"}]");

    assertThatThrownBy(() -> open(null, origin()).get(20, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).hasStackTraceContaining("401");
    assertThatThrownBy(() -> open(alice, "http://evil.example").get(20, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).hasStackTraceContaining("403");
  }

  @Test
  @DisplayName("a frame over maxMessageBytes, and one eight times over, closes the socket with 1009 (or aborts the write), never 1011")
  void oversizedFrameIs1009() throws Exception {
    String alice = login("alice");
    for (int times : new int[] {2, 8}) {
      WireSocket socket = connect(alice, uniqueId("big"));
      int limit = socket.next(ServerMessage.Welcome.class).limits().maxMessageBytes();
      socket.sendRawAsync("{\"t\":\"ping\",\"pad\":\"" + "x".repeat(times * limit) + "\"}");
      // The server stops reading at the limit and closes; a client still writing may see its write
      // fail instead of the close frame. Never another close code (1011 "Buffer overflow." was reported).
      try {
        assertThat(socket.closeCode()).as("close code for %d times the limit", times).isEqualTo(1009);
      } catch (ExecutionException aborted) {
        assertThat(aborted).hasRootCauseInstanceOf(java.io.IOException.class);
      }
    }
    WireSocket after = connect(alice, uniqueId("after"));
    after.next(ServerMessage.Welcome.class);
    after.send(new ClientMessage.Ping());
    after.next(ServerMessage.Pong.class);
    after.close();
  }

  @Test
  @DisplayName("restore as a new edit: a new version whose content equals the old one, seen by a connected editor as an op")
  void restoreAsNewEdit() throws Exception {
    String alice = login("alice");
    String id = createDocument(alice, uniqueId("restore"), "Restore");
    WireSocket writer = connect(alice, "alice-w-" + id);
    writer.next(ServerMessage.Welcome.class);
    writer.send(new ClientMessage.Join(id, null));
    writer.next(ServerMessage.Snapshot.class);
    writer.send(new ClientMessage.Submit(id, 0, 1, op("[{\"insert\":\"Hello world\\n\"}]")));
    writer.next(ServerMessage.Ack.class);
    writer.send(new ClientMessage.Submit(id, 1, 2, op("[{\"retain\":5},{\"insert\":\", dear\",\"attributes\":{\"bold\":true}}]")));
    writer.next(ServerMessage.Ack.class);
    writer.send(new ClientMessage.Submit(id, 2, 3, op("[{\"delete\":5}]")));
    writer.next(ServerMessage.Ack.class);

    String bob = login("bob");
    WireSocket watcher = connect(bob, "bob-w-" + id);
    watcher.next(ServerMessage.Welcome.class);
    watcher.send(new ClientMessage.Join(id, null));
    assertThat(watcher.next(ServerMessage.Snapshot.class).version()).isEqualTo(3);

    HttpResponse<String> restored = call("POST", "app/documents/" + id + "/restore", "{\"version\":1}", bob);
    assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
    JsonObject result = json(restored.body()).asJsonObject();
    assertThat(result.getInt("version")).isEqualTo(4);
    assertThat(result.getBoolean("changed")).isTrue();

    String atOne = json(get("collab/api/documents/" + id + "?version=1", alice).body()).asJsonObject().get("data").toString();
    String atFour = json(get("collab/api/documents/" + id + "?version=4", alice).body()).asJsonObject().get("data").toString();
    assertThat(atFour).isEqualTo(atOne).isEqualTo("[{\"insert\":\"Hello world\\n\"}]");
    ServerMessage.Op seen = writer.next(ServerMessage.Op.class);
    assertThat(seen.version()).isEqualTo(4);
    assertThat(seen.user().id()).isEqualTo("bob");
    JsonObject last = json(get("collab/api/documents/" + id + "/history?after=3", alice).body()).asJsonArray().getJsonObject(0);
    assertThat(last.getJsonObject("user").getString("id")).isEqualTo("bob");

    HttpResponse<String> again = call("POST", "app/documents/" + id + "/restore", "{\"version\":4}", bob);
    assertThat(json(again.body()).asJsonObject().getBoolean("changed")).as("restoring the head changes nothing").isFalse();
    assertThat(send("POST", "app/documents/" + id + "/restore", "{\"version\":1}", bob).statusCode()).as("no CSRF header").isEqualTo(403);
    assertThat(call("POST", "app/documents/" + id + "/restore", "{\"version\":99}", bob).statusCode()).isEqualTo(400);
    assertThat(call("POST", "app/documents/" + id + "/restore", "{\"version\":-1}", bob).statusCode()).isEqualTo(400);
    assertThat(call("POST", "app/documents/" + id + "/restore", "{}", bob).statusCode()).isEqualTo(400);
    assertThat(call("POST", "app/documents/nope-" + id + "/restore", "{\"version\":1}", bob).statusCode()).isEqualTo(404);
    writer.close();
    watcher.close();
  }

  @Test
  @DisplayName("a reader joins read-only: submit forbidden, no create, rename or restore")
  void readerCannotEdit() throws Exception {
    String alice = login("alice");
    String id = createDocument(alice, uniqueId("read"), "Readable");
    String carol = login("carol");
    WireSocket socket = connect(carol, "carol-tab-" + id);
    assertThat(socket.next(ServerMessage.Welcome.class).user().id()).isEqualTo("carol");
    socket.send(new ClientMessage.Join(id, null));
    assertThat(socket.next(ServerMessage.Snapshot.class).access()).isEqualTo("read");
    socket.send(new ClientMessage.Submit(id, 0, 1, op("[{\"insert\":\"mine\"}]")));
    ServerMessage.Error refused = socket.next(ServerMessage.Error.class);
    assertThat(refused.code().wire()).isEqualTo("forbidden");
    socket.close();
    assertThat(json(get("collab/api/documents/" + id, carol).body()).asJsonObject().getInt("version")).isZero();

    assertThat(call("POST", "collab/api/documents", "{\"title\":\"carol's\"}", carol).statusCode()).isEqualTo(403);
    assertThat(call("PATCH", "collab/api/documents/" + id, "{\"title\":\"carol's\"}", carol).statusCode()).isEqualTo(403);
    assertThat(call("POST", "app/documents/" + id + "/restore", "{\"version\":0}", carol).statusCode()).isEqualTo(403);
    assertThat(get("collab/api/documents/" + id, carol).statusCode()).as("but reads").isEqualTo(200);
  }

  // ---------------------------------------------------------------- in a browser

  private static void logIn(WebDriver browser, WebDriverWait wait, String user, String password) {
    WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
    name.clear();
    name.sendKeys(user);
    browser.findElement(By.name("password")).sendKeys(password + Keys.ENTER);
  }

  private static By row(String title) {
    return By.xpath("//tbody/tr[td/a[text()='" + title + "']]");
  }

  @Test
  @DisplayName("in headless Chromium: login form (wrong password, then right), document list, create, rename, delete as admin, logout")
  void pagesInABrowser() throws Exception {
    WebDriver browser = Browser.start();
    try {
      WebDriverWait wait = new WebDriverWait(browser, java.time.Duration.ofSeconds(30));
      browser.get(base().toString());
      logIn(browser, wait, "alice", "wrong");
      wait.until(ExpectedConditions.textToBe(By.id("message"), "Wrong user or password."));
      logIn(browser, wait, "alice", "alice-demo");
      wait.until(ExpectedConditions.textToBe(By.id("me"), "alice (writer)"));
      assertThat(browser.getCurrentUrl()).isEqualTo(base().toString());

      String title = "Browser " + uniqueId("t");
      browser.findElement(By.name("title")).sendKeys(title + Keys.ENTER);
      wait.until(ExpectedConditions.urlContains("editor.html?doc="));
      browser.get(base().toString());
      WebElement created = wait.until(ExpectedConditions.presenceOfElementLocated(row(title)));
      assertThat(created.findElements(By.xpath(".//button[text()='Delete']"))).as("the owner may delete her document").hasSize(1);

      created.findElement(By.xpath(".//button[text()='Rename']")).click();
      Alert prompt = wait.until(ExpectedConditions.alertIsPresent());
      prompt.sendKeys(title + " renamed");
      prompt.accept();
      wait.until(ExpectedConditions.presenceOfElementLocated(row(title + " renamed")));

      browser.findElement(By.cssSelector("header form button")).click();
      wait.until(ExpectedConditions.textToBe(By.id("message"), "You are logged out."));
      logIn(browser, wait, "admin", "admin-demo");
      wait.until(ExpectedConditions.textToBe(By.id("me"), "admin (admin)"));
      wait.until(ExpectedConditions.presenceOfElementLocated(row(title + " renamed")))
          .findElement(By.xpath(".//button[text()='Delete']")).click();
      wait.until(ExpectedConditions.alertIsPresent()).accept();
      wait.until(ExpectedConditions.invisibilityOfElementLocated(row(title + " renamed")));
      wait.until(ExpectedConditions.textToBe(By.id("status"), "Deleted."));
    } finally {
      browser.quit();
    }
  }

  @Test
  @DisplayName("in headless Chromium: alice and bob type in one document's editor, see each other, and restore a version")
  void editorInTwoBrowsers() throws Exception {
    WebDriver alice = Browser.start();
    WebDriver bob = null;
    try {
      bob = Browser.start();
      WebDriverWait aliceWait = new WebDriverWait(alice, java.time.Duration.ofSeconds(30));
      WebDriverWait bobWait = new WebDriverWait(bob, java.time.Duration.ofSeconds(30));
      alice.get(base().toString());
      logIn(alice, aliceWait, "alice", "alice-demo");
      aliceWait.until(ExpectedConditions.textToBe(By.id("me"), "alice (writer)"));
      alice.findElement(By.name("title")).sendKeys("Two browsers " + uniqueId("t") + Keys.ENTER);
      aliceWait.until(ExpectedConditions.urlContains("editor.html?doc="));
      String editorUrl = alice.getCurrentUrl();
      aliceWait.until(ExpectedConditions.attributeToBe(By.id("state"), "data-state", "open"));
      WebElement aliceText = aliceWait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#editor .ql-editor")));
      aliceText.click();
      aliceText.sendKeys("Hello from alice.");
      aliceWait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#history li")));

      bob.get(editorUrl);
      logIn(bob, bobWait, "bob", "bob-demo");
      bobWait.until(ExpectedConditions.attributeToBe(By.id("state"), "data-state", "open"));
      WebElement bobText = bobWait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#editor .ql-editor")));
      bobWait.until(ExpectedConditions.textToBePresentInElement(bobText, "Hello from alice."));
      bobText.click();
      bobText.sendKeys(Keys.END, " And bob.");
      aliceText.sendKeys(Keys.END, " Alice again.");

      // Both end with the same text holding everyone's words; each lists the other as present.
      for (WebDriverWait wait : List.of(aliceWait, bobWait)) {
        wait.until(d -> {
          String text = d.findElement(By.cssSelector("#editor .ql-editor")).getText();
          return text.contains("Hello from alice.") && text.contains("And bob.") && text.contains("Alice again.");
        });
      }
      aliceWait.until(d -> aliceText.getText().equals(bobText.getText()));
      aliceWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("participants"), "bob"));
      bobWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("participants"), "alice"));
      Browser.screenshot(alice, "sample-editor-alice");
      Browser.screenshot(bob, "sample-editor-bob");

      // bob views the oldest listed version in the history panel and restores it: both editors show it.
      // The panel reloads its list as acknowledgements arrive, and the list above the Restore button
      // grows until it reaches the head: wait for the head first, so the button stays where the
      // click is aimed (a click during a reload once landed on the list instead).
      String documentId = editorUrl.substring(editorUrl.indexOf("doc=") + 4);
      long head = json(get("collab/api/documents/" + documentId, login("alice")).body()).asJsonObject()
          .getJsonNumber("version").longValue();
      bobWait.until(d -> String.valueOf(head).equals(
          d.findElement(By.cssSelector("#history li")).getAttribute("value")));
      bobWait.until(d -> d.findElements(By.cssSelector("#history li")).size() >= 2);
      // The panel re-renders the list as edits are acknowledged: a click may find a replaced row; click again.
      bobWait.until(d -> {
        try {
          d.findElement(By.xpath("(//ol[@id='history']/li)[last()]/button")).click();
          return true;
        } catch (org.openqa.selenium.StaleElementReferenceException replaced) {
          return false;
        }
      });
      bobWait.until(ExpectedConditions.visibilityOfElementLocated(By.id("version")));
      String versionOne = bobWait.until(d -> {
        String text = d.findElement(By.cssSelector("#version-content .ql-editor")).getText();
        return text.isEmpty() ? null : text;
      });
      bob.findElement(By.id("restore")).click();
      bobWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "restored as version"));
      for (WebElement text : List.of(aliceText, bobText)) {
        aliceWait.until(d -> text.getText().equals(versionOne));
      }
      Browser.screenshot(bob, "sample-editor-restored");
    } finally {
      alice.quit();
      if (bob != null) {
        bob.quit();
      }
    }
  }
}
