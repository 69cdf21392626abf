package dev.collab.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.client.CollabClient;
import dev.collab.client.SharedDocument;
import dev.collab.ot.Delta;
import dev.collab.ot.DeltaJson;
import dev.collab.ot.Op;
import dev.collab.ot.RichTextSchema;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Content of every kind the server's schema ({@link RichTextSchema#QUILL}) accepts, written by the
 * Java client, shown in the browser editor (editor.html on {@link BrowserServer}, headless
 * Chromium): every embed and every attribute renders, the text after each embed is there, and what
 * the user then types reaches the server. And a page whose editor cannot show its document says so
 * and sends nothing more. Screenshots go to {@code target/failsafe-reports/screenshots/}.
 */
class RichContentBrowserIT {
  private static BrowserServer server;
  private static Browser ann;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final List<CollabClient> clients = new ArrayList<>();

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
        ann.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  @AfterEach
  void after(TestInfo test) {
    ann.screenshot("RichContentBrowserIT-" + test.getTestMethod().map(m -> m.getName()).orElse("test"));
    clients.forEach(CollabClient::close);
  }

  /**
   * Every attribute (inline ones on text, line ones on a newline, {@code width}/{@code height}/
   * {@code alt} on an image and a video) and every embed, each embed followed by text that names it.
   * The video on {@code localhost} is on the page's allow-list; the other one is not.
   */
  private static String everything(int port) {
    String picture = "http://127.0.0.1:" + port + "/app/test/browser/picture.png";
    String player = "http://localhost:" + port + "/app/test/browser/player.html";
    return """
        [{"insert":"Inline: "},{"insert":"bold","attributes":{"bold":true}},{"insert":" "},
         {"insert":"italic","attributes":{"italic":true}},{"insert":" "},
         {"insert":"underline","attributes":{"underline":true}},{"insert":" "},
         {"insert":"strike","attributes":{"strike":true}},{"insert":" "},
         {"insert":"code","attributes":{"code":true}},{"insert":" "},
         {"insert":"web","attributes":{"link":"https://example.com/a?b=c"}},{"insert":" "},
         {"insert":"mail","attributes":{"link":"mailto:ann@example.com"}},{"insert":" "},
         {"insert":"sub","attributes":{"script":"sub"}},{"insert":" "},
         {"insert":"super","attributes":{"script":"super"}},{"insert":"\\n"},
         {"insert":"Colours: "},{"insert":"short","attributes":{"color":"#c00"}},{"insert":" "},
         {"insert":"long","attributes":{"color":"#1a2b3c","background":"#ffff00"}},{"insert":" "},
         {"insert":"named","attributes":{"color":"red","background":"yellow"}},{"insert":" "},
         {"insert":"rgb","attributes":{"color":"rgb(0, 128, 0)","background":"rgba(0,0,255,0.25)"}},{"insert":"\\n"},
         {"insert":"Fonts: "},{"insert":"serif","attributes":{"font":"serif"}},{"insert":" "},
         {"insert":"arial","attributes":{"font":"arial"}},{"insert":" "},
         {"insert":"small","attributes":{"size":"small"}},{"insert":" "},
         {"insert":"large","attributes":{"size":"large"}},{"insert":" "},
         {"insert":"huge","attributes":{"size":"huge"}},{"insert":" "},
         {"insert":"18px","attributes":{"size":"18px"}},{"insert":" "},
         {"insert":"2em","attributes":{"size":"2em"}},{"insert":"\\n"},
         {"insert":"Heading 1"},{"insert":"\\n","attributes":{"header":1}},
         {"insert":"Heading 6"},{"insert":"\\n","attributes":{"header":6}},
         {"insert":"ordered"},{"insert":"\\n","attributes":{"list":"ordered"}},
         {"insert":"bullet"},{"insert":"\\n","attributes":{"list":"bullet","indent":1}},
         {"insert":"checked"},{"insert":"\\n","attributes":{"list":"checked"}},
         {"insert":"unchecked"},{"insert":"\\n","attributes":{"list":"unchecked"}},
         {"insert":"quoted"},{"insert":"\\n","attributes":{"blockquote":true}},
         {"insert":"let a = 1;"},{"insert":"\\n","attributes":{"code-block":true}},
         {"insert":"let b = 2;"},{"insert":"\\n","attributes":{"code-block":"javascript"}},
         {"insert":"left"},{"insert":"\\n","attributes":{"align":"left"}},
         {"insert":"center"},{"insert":"\\n","attributes":{"align":"center"}},
         {"insert":"right"},{"insert":"\\n","attributes":{"align":"right"}},
         {"insert":"justify"},{"insert":"\\n","attributes":{"align":"justify","indent":8}},
         {"insert":"rtl"},{"insert":"\\n","attributes":{"direction":"rtl","align":"right"}},
         {"insert":"ltr"},{"insert":"\\n","attributes":{"direction":"ltr"}},
         {"insert":"Image: "},{"insert":{"image":"%s"},"attributes":{"width":120,"height":"90px","alt":"a blue picture"}},
         {"insert":" after image\\n"},
         {"insert":{"video":"%s"},"attributes":{"width":"320","height":180}},
         {"insert":"after allowed video\\n"},
         {"insert":{"video":"https://video.example.com/v/1"}},{"insert":"after other video\\n"},
         {"insert":"Formula: "},{"insert":{"formula":"e=mc^2"}},{"insert":" after formula\\n"},
         {"insert":{"divider":true}},{"insert":"after divider\\n"},
         {"insert":"Mention: "},{"insert":{"mention":{"name":"Ann Example","id":"ann"}}},{"insert":" after mention\\n"}]
        """.formatted(picture, player);
  }

  @Test
  @DisplayName("every embed and attribute the schema accepts, written by the Java client, renders in the editor, and typing after it is sent")
  void everythingTheSchemaAcceptsRendersAndEdits() throws Exception {
    String id = newDocument();
    Delta content = normal(DeltaJson.decode(everything(server.base().getPort())));
    assertThat(attributesIn(content)).as("the test covers every attribute of the schema")
        .isEqualTo(new TreeSet<>(RichTextSchema.QUILL.attributeNames()));
    assertThat(embedsIn(content)).as("the test covers every embed of the schema")
        .isEqualTo(new TreeSet<>(RichTextSchema.QUILL.embedTypes()));
    SharedDocument<Delta> writer = javaClient("bob").open(id);
    writer.edit(content);
    writer.whenSynced().get(30, TimeUnit.SECONDS);
    long written = serverVersion(id);
    assertThat(written).isPositive();
    assertThat(serverContent(id)).as("the schema accepted all of it").isEqualTo(content);

    ann.visit(server.base(), id, "videoHosts=localhost");
    ann.waitFor("the page to be ready, or to log a problem",
        d -> ann.isReady() || !ann.consoleProblems().isEmpty());
    assertThat(ann.consoleProblems()).as("errors and warnings of the page").isEmpty();
    assertThat(ann.js("return window.collab.binding.failure || null")).as("the binding's failure").isNull();
    ann.screenshot("RichContentBrowserIT-everything-loaded");
    ann.js("document.getElementById('editor').style.height = '520px';"
        + " document.querySelector('.ql-editor .ql-formula').scrollIntoView()");
    ann.screenshot("RichContentBrowserIT-everything-embeds");

    String text = ann.text();
    for (String after : List.of("after image", "after allowed video", "after other video", "after formula",
        "after divider", "after mention")) {
      assertThat(text).as("the text after the embed").contains(after);
    }
    assertThat(ann.js("return document.querySelector('.ql-editor img').getAttribute('src')"))
        .isEqualTo(content.ops().stream().filter(Op::isEmbed).findFirst().orElseThrow().embed().getString("image"));
    assertThat(ann.js("return document.querySelectorAll('.ql-editor hr').length")).isEqualTo(1L);
    // (Quill puts zero-width guards around an inline embed's content)
    assertThat(ann.js("return document.querySelector('.ql-editor .ql-mention').textContent.replace(/\\uFEFF/g, '')"))
        .isEqualTo("@Ann Example");
    assertThat(ann.js("return document.querySelector('.ql-editor .ql-formula').textContent.replace(/\\uFEFF/g, '')"))
        .isEqualTo("e=mc^2");
    // the allowed video plays in a sandboxed frame; the other one is only a link
    assertThat(ann.js("return document.querySelectorAll('.ql-editor iframe').length")).isEqualTo(1L);
    assertThat(ann.js("return document.querySelector('.ql-editor iframe').getAttribute('sandbox')"))
        .isEqualTo("allow-scripts allow-same-origin allow-presentation");
    assertThat((String) ann.js("return document.querySelector('.ql-editor iframe').src")).contains("localhost");
    assertThat(ann.js("return document.querySelector('.ql-editor a[href=\"https://video.example.com/v/1\"]').textContent"))
        .isEqualTo("https://video.example.com/v/1");

    // what the editor shows is the document: the same text and embeds, and every attribute
    assertThat(shown(ann.js("return window.collab.quill.getContents().ops")))
        .isEqualTo(shown(DeltaJson.toJson(content)));

    String typed = " and typed";
    ann.typeAt(((Number) ann.js("return window.collab.quill.getLength()")).intValue() - 1, typed);
    ann.waitFor("the typing to be acknowledged", d -> ann.pending() == 0 && ann.text().contains(typed));
    long head = serverVersion(id);
    assertThat(head).isGreaterThan(written);
    assertThat(((Number) ann.js("return window.collab.doc.version")).longValue()).isEqualTo(head);
    assertThat(serverContent(id).text()).endsWith("after mention" + typed + "\n");
    assertThat(ann.consoleProblems()).isEmpty();
  }

  @Test
  @DisplayName("an editor that cannot show a change stops: read-only, the page says why, and nothing more is sent")
  void anEditorThatCannotShowAChangeStops() throws Exception {
    String id = newDocument();
    SharedDocument<Delta> writer = javaClient("bob").open(id);
    writer.edit(Delta.ofText("Shown. "));
    writer.whenSynced().get(30, TimeUnit.SECONDS);
    ann.visit(server.base(), id, "");
    ann.waitReady();
    assertThat(ann.text()).isEqualTo("Shown. \n");
    assertThat(ann.editable()).isTrue();

    // The stand-in for content this Quill cannot show: showing the next change, or the document
    // afresh, throws.
    ann.js("const q = window.collab.quill;"
        + " q.updateContents = q.setContents = () => { throw new Error('test fault: cannot show this change'); }");
    writer.edit(Delta.builder().retain(7).insert("Not shown.").build());
    writer.whenSynced().get(30, TimeUnit.SECONDS);
    ann.waitFor("the page to show the failure", d -> "failed".equals(ann.state()));
    assertThat(ann.editable()).isFalse();
    assertThat((String) ann.js("return document.getElementById('state').textContent")).contains("cannot show this change");
    assertThat(ann.consoleProblems()).anyMatch(p -> p.startsWith("error: collab-quill") && p.contains("cannot show this change"));

    // Even if the page enables the editor again, what is typed there is not sent.
    ann.js("window.collab.quill.enable(true)");
    ann.typeAt(0, "typed after the failure");
    ann.js("window.collab.quill.update('user')");
    assertThat(ann.pending()).isZero();
    assertThat((String) ann.js("return window.collab.doc.contents.ops.map(o => o.insert).join('')")).doesNotContain("typed");
    ann.screenshot("RichContentBrowserIT-failed");
    assertThat(serverContent(id).text()).isEqualTo("Shown. Not shown.");
  }

  @Test
  @DisplayName("an editor that cannot show the document it opens stays read-only and says why")
  void anEditorThatCannotLoadTheDocumentStops() throws Exception {
    String id = newDocument();
    SharedDocument<Delta> writer = javaClient("bob").open(id);
    writer.edit(Delta.ofText("Cannot be shown."));
    writer.whenSynced().get(30, TimeUnit.SECONDS);
    ann.visit(server.base(), id, "fault=load");
    ann.waitReady();
    assertThat(ann.state()).isEqualTo("failed");
    assertThat(ann.editable()).isFalse();
    ann.js("window.collab.quill.enable(true)");
    ann.typeAt(0, "typed");
    ann.js("window.collab.quill.update('user')");
    assertThat(ann.pending()).isZero();
    assertThat(serverContent(id).text()).isEqualTo("Cannot be shown.");
  }

  // ------------------------------------------------------------------ helpers

  private CollabClient javaClient(String user) throws Exception {
    URI ws = URI.create("ws://127.0.0.1:" + server.base().getPort() + "/app/collab/ws");
    CollabClient client = CollabClient.builder(ws).header("Cookie", CookieAuthenticator.COOKIE + "=" + user)
        .reconnectBackoff(Duration.ofMillis(50), Duration.ofSeconds(1)).connect();
    clients.add(client);
    return client;
  }

  /** Adjacent ops merged, as the server keeps a document. */
  private static Delta normal(Delta delta) {
    Delta.Builder builder = Delta.builder();
    delta.ops().forEach(builder::push);
    return builder.build();
  }

  private static Set<String> attributesIn(Delta delta) {
    Set<String> names = new TreeSet<>();
    delta.ops().forEach(op -> names.addAll(op.attributes().keySet()));
    return names;
  }

  private static Set<String> embedsIn(Delta delta) {
    Set<String> types = new TreeSet<>();
    delta.ops().stream().filter(Op::isEmbed).forEach(op -> types.addAll(op.embed().keySet()));
    return types;
  }

  /**
   * A document as one entry per character or embed with its attributes, so that two documents
   * compare however their ops are split. Values compare as text (Quill reads {@code width} back as
   * a string), colours by name only (the browser writes {@code #c00} back as {@code #cc0000}), and
   * {@code "code-block": true} as {@code "plain"} (Quill's code block reads it back so).
   */
  private static List<String> shown(Object ops) {
    jakarta.json.JsonArray array = ops instanceof JsonValue v ? v.asJsonArray()
        : Json.createReader(new StringReader(toJson(ops))).readArray();
    List<String> entries = new ArrayList<>();
    for (JsonValue value : array) {
      JsonObject op = value.asJsonObject();
      Map<String, String> attributes = new TreeMap<>();
      JsonObject given = op.containsKey("attributes") ? op.getJsonObject("attributes") : JsonValue.EMPTY_JSON_OBJECT;
      given.forEach((name, v) -> attributes.put(name, name.equals("color") || name.equals("background") ? "(a colour)"
          : name.equals("code-block") && v == JsonValue.TRUE ? "plain"
          : v instanceof JsonString s ? s.getString() : v.toString()));
      JsonValue insert = op.get("insert");
      if (insert instanceof JsonString s) {
        s.getString().codePoints().forEach(c -> entries.add(Character.toString(c) + " " + attributes));
      } else {
        entries.add(canonical(insert.asJsonObject()) + " " + attributes);
      }
    }
    return entries;
  }

  /** An embed with its keys sorted (Quill need not keep the order of a mention's fields). */
  private static String canonical(JsonObject embed) {
    Map<String, String> sorted = new TreeMap<>();
    embed.forEach((k, v) -> sorted.put(k, v instanceof JsonObject o ? canonical(o) : v.toString()));
    return sorted.toString();
  }

  /** What Selenium returned for a JavaScript array of objects, as JSON. */
  private static String toJson(Object value) {
    if (value instanceof Map<?, ?> map) {
      var builder = Json.createObjectBuilder();
      map.forEach((k, v) -> builder.add((String) k, Json.createReader(new StringReader("[" + toJson(v) + "]")).readArray().get(0)));
      return builder.build().toString();
    }
    if (value instanceof List<?> list) {
      StringBuilder json = new StringBuilder("[");
      for (Object item : list) {
        json.append(json.length() > 1 ? "," : "").append(toJson(item));
      }
      return json.append(']').toString();
    }
    if (value instanceof String s) {
      return Json.createValue(s).toString();
    }
    return String.valueOf(value);
  }

  private static String newDocument() throws Exception {
    String id = "r-" + UUID.randomUUID();
    HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(server.base().resolve("test/create?id=" + id))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(201);
    return id;
  }

  private static JsonObject read(String doc) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(server.base().resolve("collab/api/documents/" + doc))
        .header("Cookie", CookieAuthenticator.COOKIE + "=ann").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.createReader(new StringReader(response.body())).readObject();
  }

  /** The server's head version (REST). */
  private static long serverVersion(String doc) throws Exception {
    return read(doc).getJsonNumber("version").longValue();
  }

  /** The document as the server has it (REST). */
  private static Delta serverContent(String doc) throws Exception {
    return DeltaJson.decode(read(doc).getJsonArray("data").toString());
  }
}
