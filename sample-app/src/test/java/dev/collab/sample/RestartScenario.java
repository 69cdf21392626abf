package dev.collab.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ServerMessage;
import dev.collab.tck.WireSocket;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * "Acknowledged means durable", the way a user meets it: the sample app on a real server, documents
 * created over REST and edited over the WebSocket until acknowledged, then the server is killed
 * (SIGKILL, right after the last acknowledgement) and started again on the same data; every
 * document must be listed with every acknowledged edit. Then more edits, a graceful stop (SIGTERM)
 * and a third start, with the same check. Each document also gets a comment thread on its first line,
 * acknowledged ({@code commented}) right before the kill: it must be listed after each restart,
 * still on that line while lines are added after it. A subclass names the server and the database.
 */
abstract class RestartScenario {
  /** Documents edited at once, each by a writer of its own (their commits share group commits). */
  private static final int WRITERS = 3;
  private static final int OPS_BEFORE_KILL = 40;
  private static final int OPS_BEFORE_STOP = 15;

  /** Starts the sample with {@code settings} (environment variables) in {@code workDir} and waits until it answers. */
  protected abstract SampleServer start(Map<String, String> settings, Path workDir) throws Exception;

  /** The sample's settings that choose the database, the same for every start (may abort the test). */
  protected abstract Map<String, String> storage(Path workDir) throws Exception;

  /** One writer's document and what it must hold. */
  private static final class Edited {
    final String id;
    final String title;
    final StringBuilder text = new StringBuilder();
    long version;
    WireSocket socket;

    Edited(String id, String title) {
      this.id = id;
      this.title = title;
    }
  }

  @Test
  @DisplayName("every acknowledged edit survives SIGKILL and a graceful stop, and the documents are listed after each restart")
  void acknowledgedEditsSurviveRestarts() throws Exception {
    Path workDir = Files.createDirectories(Path.of(System.getProperty("sample.it.restart-dir", "target/restart"))
        .resolve(getClass().getSimpleName() + "-" + UUID.randomUUID().toString().substring(0, 8))).toAbsolutePath();
    Map<String, String> settings = storage(workDir);
    List<Edited> documents = new ArrayList<>();

    try (SampleServer first = start(settings, workDir)) {
      assertThat(first.log()).as("the start-up log names the store the engine actually uses")
          .contains("started with store dev.collab.jpa.JpaDocumentStore");
      SampleHttp http = new SampleHttp(first.base());
      String alice = http.login("alice");
      for (int w = 0; w < WRITERS; w++) {
        String id = "restart-" + w + "-" + UUID.randomUUID().toString().substring(0, 8);
        documents.add(new Edited(http.createDocument(alice, id, "Restart " + w), "Restart " + w));
      }
      edit(http, alice, documents, OPS_BEFORE_KILL, "before the crash");
      comment(documents);
      first.kill();
    }

    try (SampleServer second = start(settings, workDir)) {
      SampleHttp http = new SampleHttp(second.base());
      String bob = http.login("bob");
      assertKept(http, bob, documents, "after SIGKILL");
      edit(http, bob, documents, OPS_BEFORE_STOP, "before the stop");
      second.stop();
    }

    try (SampleServer third = start(settings, workDir)) {
      SampleHttp http = new SampleHttp(third.base());
      assertKept(http, http.login("carol"), documents, "after a graceful stop");
      third.stop();
    }
  }

  /** Each writer appends {@code ops} lines to its document, one submit in flight each, all writers at once. */
  private static void edit(SampleHttp http, String cookie, List<Edited> documents, int ops, String phase) throws Exception {
    for (Edited doc : documents) {
      doc.socket = WireSocket.open(HttpClient.newHttpClient(), http.webSocket(),
          Map.of("Cookie", cookie, "Origin", http.origin()), Duration.ofSeconds(60)).get(20, TimeUnit.SECONDS);
      doc.socket.send(new ClientMessage.Hello(1, "w-" + UUID.randomUUID().toString().substring(0, 8)));
      doc.socket.next(ServerMessage.Welcome.class);
      doc.socket.send(new ClientMessage.Join(doc.id, null));
      ServerMessage.Snapshot snapshot = doc.socket.next(ServerMessage.Snapshot.class);
      assertThat(snapshot.version()).as("%s joins %s at the version it left", phase, doc.id).isEqualTo(doc.version);
    }
    for (int i = 1; i <= ops; i++) {
      List<String> lines = new ArrayList<>();
      for (Edited doc : documents) {
        String line = doc.id + " " + phase + " " + i + "\n";
        lines.add(line);
        String retain = doc.text.length() == 0 ? "" : "{\"retain\":" + doc.text.length() + "},";
        JsonValue op = SampleHttp.json("[" + retain + "{\"insert\":\"" + line.replace("\n", "\\n") + "\"}]");
        doc.socket.send(new ClientMessage.Submit(doc.id, doc.version, i, op));
      }
      for (int d = 0; d < documents.size(); d++) {
        Edited doc = documents.get(d);
        ServerMessage.Ack ack = doc.socket.next(ServerMessage.Ack.class);
        assertThat(ack.seq()).isEqualTo(i);
        assertThat(ack.version()).isEqualTo(doc.version + 1);
        doc.version = ack.version();
        doc.text.append(lines.get(d));
      }
    }
  }

  /** A thread on each document's first line, over the wire, answered {@code commented} (durable) before this returns. */
  private static void comment(List<Edited> documents) throws Exception {
    long seq = 1_000;
    for (Edited doc : documents) {
      int firstLine = doc.text.indexOf("\n");
      doc.socket.send(new ClientMessage.Comment(doc.id, ++seq, ClientMessage.CommentAction.CREATE, "kept", "first",
          doc.version, 0, firstLine, "Is this line kept, @bob?"));
    }
    for (Edited doc : documents) {
      assertThat(doc.socket.next(ServerMessage.Commented.class).thread()).isEqualTo("kept");
    }
  }

  /** Every document is listed with its title and holds exactly its acknowledged text at its acknowledged version. */
  private static void assertKept(SampleHttp http, String cookie, List<Edited> documents, String phase) throws Exception {
    HttpResponse<String> list = http.get("collab/api/documents?limit=100", cookie);
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    Map<String, String> listed = new LinkedHashMap<>();
    for (JsonObject d : SampleHttp.json(list.body()).asJsonObject().getJsonArray("documents").getValuesAs(JsonObject.class)) {
      listed.put(d.getString("id"), d.getString("title"));
    }
    for (Edited doc : documents) {
      assertThat(listed).as("the document list %s", phase).containsEntry(doc.id, doc.title);
      HttpResponse<String> head = http.get("collab/api/documents/" + doc.id, cookie);
      assertThat(head.statusCode()).as(head.body()).isEqualTo(200);
      JsonObject content = SampleHttp.json(head.body()).asJsonObject();
      assertThat(content.getJsonNumber("version").longValue()).as("%s's version %s", doc.id, phase).isEqualTo(doc.version);
      StringBuilder text = new StringBuilder();
      for (JsonObject insert : content.getJsonArray("data").getValuesAs(JsonObject.class)) {
        text.append(insert.getString("insert"));
      }
      assertThat(text.toString()).as("%s's text %s", doc.id, phase).isEqualTo(doc.text.toString());

      HttpResponse<String> comments = http.get("collab/api/documents/" + doc.id + "/comments", cookie);
      assertThat(comments.statusCode()).as(comments.body()).isEqualTo(200);
      List<JsonObject> threads = SampleHttp.json(comments.body()).asJsonObject().getJsonArray("threads").getValuesAs(JsonObject.class);
      assertThat(threads).as("%s's comment threads %s", doc.id, phase).hasSize(1);
      JsonObject anchor = threads.get(0).getJsonObject("anchor");
      assertThat(text.substring(anchor.getInt("index"), anchor.getInt("index") + anchor.getInt("length")))
          .as("the text of %s's thread %s", doc.id, phase).isEqualTo(doc.id + " before the crash 1");
      assertThat(threads.get(0).getJsonArray("comments").getJsonObject(0).getString("text")).isEqualTo("Is this line kept, @bob?");
    }
  }
}
