package dev.collab.sample;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonStructure;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** The sample app over HTTP as its pages use it: form login, JSON calls with the CSRF header. */
final class SampleHttp {
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final URI base;

  /** {@code base}: the application's root on loopback, ending in {@code /}. */
  SampleHttp(URI base) {
    this.base = base;
  }

  URI base() {
    return base;
  }

  /** The client, which follows no redirects. */
  HttpClient client() {
    return http;
  }

  String origin() {
    return "http://" + base.getHost() + ":" + base.getPort();
  }

  URI webSocket() {
    return URI.create("ws://" + base.getHost() + ":" + base.getPort() + base.getPath() + "collab/ws");
  }

  HttpResponse<String> send(String method, String path, String body, String cookie, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String cookie) throws Exception {
    return send("GET", path, null, cookie);
  }

  /** A state-changing call as the sample's pages make it: JSON and the CSRF header. */
  HttpResponse<String> call(String method, String path, String body, String cookie) throws Exception {
    return send(method, path, body, cookie, "X-Collab-Request", "1");
  }

  /** Posts the login form (no Origin header, as a same-site form post from an older browser). */
  HttpResponse<String> postLogin(String user, String password, String cookie, String continueTo) throws Exception {
    String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
        + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
        + (continueTo == null ? "" : "&continue=" + URLEncoder.encode(continueTo, StandardCharsets.UTF_8));
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("login")).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The session cookie's Set-Cookie header of {@code response}, or null. */
  static String sessionSetCookie(HttpResponse<?> response) {
    List<String> cookies = response.headers().allValues("Set-Cookie");
    String last = null;
    for (String cookie : cookies) {
      if (cookie.startsWith("JSESSIONID=")) {
        last = cookie;
      }
    }
    return last;
  }

  /** Logs in a demo user with the form and returns the {@code Cookie} header value that carries the session. */
  String login(String user) throws Exception {
    HttpResponse<String> response = postLogin(user, user + "-demo", null, null);
    assertThat(response.statusCode()).as("login of %s", user).isEqualTo(302);
    assertThat(response.headers().firstValue("Location").orElse("")).doesNotContain("login.html");
    String setCookie = sessionSetCookie(response);
    assertThat(setCookie).as("session cookie of %s", user).isNotNull();
    return setCookie.substring(0, setCookie.indexOf(';') < 0 ? setCookie.length() : setCookie.indexOf(';'));
  }

  /** Creates a document over Collab's REST API; fails unless 201. */
  String createDocument(String cookie, String id, String title) throws Exception {
    HttpResponse<String> created = call("POST", "collab/api/documents", "{\"id\":\"" + id + "\",\"title\":\"" + title + "\"}", cookie);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return id;
  }

  /** The text of document {@code id} as the server has it (its inserts of text, joined). */
  String documentText(String cookie, String id) throws Exception {
    HttpResponse<String> head = get("collab/api/documents/" + id, cookie);
    assertThat(head.statusCode()).as(head.body()).isEqualTo(200);
    StringBuilder text = new StringBuilder();
    for (jakarta.json.JsonValue op : json(head.body()).asJsonObject().getJsonArray("data")) {
      jakarta.json.JsonValue insert = op.asJsonObject().get("insert");
      if (insert instanceof jakarta.json.JsonString s) {
        text.append(s.getString());
      }
    }
    return text.toString();
  }

  static JsonStructure json(String text) {
    try (var reader = Json.createReader(new StringReader(text))) {
      return reader.read();
    }
  }
}
