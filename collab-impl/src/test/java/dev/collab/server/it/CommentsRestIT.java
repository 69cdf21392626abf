package dev.collab.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.client.CollabClient;
import dev.collab.client.SharedDocument;
import dev.collab.comments.Anchor;
import dev.collab.internal.json.BoundedJson;
import dev.collab.ot.Delta;
import dev.collab.ot.JsonLimits;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Comment threads over REST and the WebSocket on the Jetty test server (Weld, Jersey): the resource
 * is registered, its paths and methods route as documented (docs/COMMENTS.md), answers are JSON and
 * never cached, errors problem+json with the status of their code; and the Java client's threads
 * ({@code ClientComments}) against the real engine, with REST changes reaching it.
 */
class CommentsRestIT {
  private static Server server;
  private static URI base;
  private static HttpClient http;

  @BeforeAll
  static void boot() throws Exception {
    server = JettyApp.start("/app");
    base = JettyApp.base(server, "/app");
    http = HttpClient.newHttpClient();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  private static HttpRequest.Builder request(String user, String path) {
    return HttpRequest.newBuilder(base.resolve("collab/api/" + path)).header("Authorization", TestSecurity.basic(user));
  }

  private static HttpRequest.Builder change(String user, String path) {
    return request(user, path).header("X-Collab-Request", "1").header("Content-Type", "application/json");
  }

  private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject json(HttpResponse<String> response) {
    return BoundedJson.read(response.body(), JsonLimits.STORAGE).asJsonObject();
  }

  private static void problem(HttpResponse<String> response, int status, String title) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(response.body()).contains("\"title\":\"" + title + "\"");
  }

  private static CollabClient client(String user) throws Exception {
    URI ws = URI.create("ws" + base.toString().substring("http".length()) + "collab/ws");
    return CollabClient.builder(ws).header("Authorization", TestSecurity.basic(user))
        .reconnectBackoff(Duration.ofMillis(50), Duration.ofSeconds(1)).timeout(Duration.ofSeconds(20)).connect();
  }

  private static Anchor anchor(SharedDocument<Delta> doc) {
    return doc.comments().threads().get(0).anchor();
  }

  @Test
  @DisplayName("the Java client's threads against the server: opened, moved by edits on both sides, changed over REST, refused, deleted")
  void javaClient() throws Exception {
    HttpResponse<String> created = send(request("ann", "documents?title=Client").header("X-Collab-Request", "1")
        .header("Content-Type", "text/markdown; charset=UTF-8").POST(HttpRequest.BodyPublishers.ofString("Hello world\n")).build());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String doc = json(created).getString("id");
    try (CollabClient annClient = client("ann"); CollabClient bobClient = client("bob")) {
      SharedDocument<Delta> ann = annClient.open(doc);
      SharedDocument<Delta> bob = bobClient.open(doc);
      String thread = ann.comments().createThread(6, 5, "Which world?").toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(ann.comments().threads()).singleElement().satisfies(t -> assertThat(t.id()).isEqualTo(thread));
      assertThat(anchor(ann)).isEqualTo(new Anchor(6, 5, 1, false));
      Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> bob.comments().threads().size() == 1);

      bob.edit(Delta.builder().insert("Oh, ").build());
      bob.whenSynced().get(10, TimeUnit.SECONDS);
      assertThat(anchor(bob)).isEqualTo(new Anchor(10, 5, 2, false));
      Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> anchor(ann).equals(new Anchor(10, 5, 2, false)));
      ann.edit(Delta.builder().retain(12).insert("-").build());
      assertThat(anchor(ann).length()).isEqualTo(6); // at once, acknowledged or not
      ann.whenSynced().get(10, TimeUnit.SECONDS);
      assertThat(anchor(ann)).isEqualTo(new Anchor(10, 6, 3, false));
      JsonObject listed = json(send(request("carol", "documents/" + doc + "/comments").build()));
      assertThat(listed.getJsonNumber("version").longValue()).isEqualTo(3);
      assertThat(listed.getJsonArray("threads").getJsonObject(0).getJsonObject("anchor").getInt("index")).isEqualTo(10);
      assertThat(listed.getJsonArray("threads").getJsonObject(0).getJsonObject("anchor").getInt("length")).isEqualTo(6);

      // A reply over REST reaches both clients; editing it from ann's client is refused.
      HttpResponse<String> replied = send(change("dave", "documents/" + doc + "/comments/" + thread + "/replies")
          .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"@ann this one\"}")).build());
      assertThat(replied.statusCode()).as(replied.body()).isEqualTo(201);
      String reply = json(replied).getJsonArray("comments").getJsonObject(1).getString("id");
      Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> ann.comments().threads().get(0).comments().size() == 2);
      ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
          () -> ann.comments().editComment(thread, reply, "mine now").toCompletableFuture().get(10, TimeUnit.SECONDS));
      assertThat(refused.getCause()).isInstanceOf(CollabException.class);
      assertThat(((CollabException) refused.getCause()).code()).isEqualTo(ErrorCode.FORBIDDEN);

      bob.comments().resolve(thread).toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(send(request("carol", "documents/" + doc + "/comments").build()).body()).contains("\"resolvedBy\":\"bob\"");
      Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> ann.comments().threads().get(0).resolved());

      // Deleting all of its text detaches it, everywhere alike.
      bob.edit(Delta.builder().retain(9).delete(8).build());
      bob.whenSynced().get(10, TimeUnit.SECONDS);
      Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> anchor(ann).detached());
      assertThat(anchor(ann)).isEqualTo(anchor(bob)).isEqualTo(new Anchor(9, 0, 4, true));

      ann.comments().deleteComment(thread, ann.comments().threads().get(0).first().id()).toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      assertThat(ann.comments().threads()).isEmpty();
      Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> bob.comments().threads().isEmpty());
    }
  }

  @Test
  @DisplayName("open, list, reply, edit, resolve and delete a thread over HTTP; reader, CSRF and limits refused as documented")
  void overHttp() throws Exception {
    HttpResponse<String> created = send(request("ann", "documents?title=Comments").header("X-Collab-Request", "1")
        .header("Content-Type", "text/markdown; charset=UTF-8").POST(HttpRequest.BodyPublishers.ofString("Hello world\n")).build());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String doc = json(created).getString("id");
    String comments = "documents/" + doc + "/comments";

    HttpResponse<String> none = send(request("carol", comments).build());
    assertThat(none.statusCode()).isEqualTo(200);
    assertThat(none.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(none.body()).isEqualTo("{\"version\":1,\"threads\":[]}");

    HttpResponse<String> opened = send(change("ann", comments)
        .POST(HttpRequest.BodyPublishers.ofString("{\"version\":1,\"index\":6,\"length\":5,\"text\":\"Start here\"}")).build());
    assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
    assertThat(opened.headers().firstValue("Location")).hasValueSatisfying(v -> assertThat(v).contains(comments + "/"));
    assertThat(opened.body()).contains("\"version\":1", "\"index\":6", "\"length\":5", "\"text\":\"Start here\"", "\"revision\":1");
    String thread = json(opened).getString("id");
    String first = json(opened).getJsonArray("comments").getJsonObject(0).getString("id");

    HttpResponse<String> replied = send(change("bob", comments + "/" + thread + "/replies")
        .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Agreed\"}")).build());
    assertThat(replied.statusCode()).as(replied.body()).isEqualTo(201);
    String reply = json(replied).getJsonArray("comments").getJsonObject(1).getString("id");

    HttpResponse<String> edited = send(change("bob", comments + "/" + thread + "/replies/" + reply)
        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"text\":\"Agreed!\"}")).build());
    assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
    assertThat(edited.body()).contains("\"text\":\"Agreed!\"");
    problem(send(change("ann", comments + "/" + thread + "/replies/" + reply)
        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"text\":\"forged\"}")).build()), 403, "forbidden");

    HttpResponse<String> resolved = send(change("bob", comments + "/" + thread)
        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"resolved\":true}")).build());
    assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
    assertThat(resolved.body()).contains("\"resolved\":true", "\"resolvedBy\":\"bob\"");

    problem(send(change("carol", comments)
        .POST(HttpRequest.BodyPublishers.ofString("{\"version\":1,\"index\":0,\"length\":5,\"text\":\"me\"}")).build()), 403, "forbidden");
    problem(send(request("ann", comments).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"version\":1,\"index\":0,\"length\":5,\"text\":\"forged\"}")).build()), 403, "Forbidden");
    problem(send(change("ann", comments).POST(HttpRequest.BodyPublishers.ofString(
        "{\"version\":1,\"index\":0,\"length\":5,\"text\":\"" + "x".repeat(4001) + "\"}")).build()), 400, "too-large");
    problem(send(change("ann", comments).POST(HttpRequest.BodyPublishers.ofString(
        "{\"version\":1,\"index\":0,\"length\":0,\"text\":\"empty\"}")).build()), 400, "bad-message");
    problem(send(request("ann", "documents/no-such-document/comments").build()), 404, "unknown-document");

    assertThat(send(change("bob", comments + "/" + thread + "/replies/" + reply).DELETE().build()).statusCode()).isEqualTo(200);
    assertThat(send(change("ann", comments + "/" + thread + "/replies/" + first).DELETE().build()).statusCode()).isEqualTo(204);
    assertThat(send(request("carol", comments).build()).body()).isEqualTo("{\"version\":1,\"threads\":[]}");
  }
}
