package dev.collab.server.internal.rest;

import static dev.collab.server.internal.rest.FakeRequests.code;
import static dev.collab.server.internal.rest.FakeRequests.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.collab.Access;
import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.ot.Delta;
import dev.collab.ot.RichText;
import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.internal.config.CollabConfiguration;
import dev.collab.server.internal.engine.CollabEngine;
import dev.collab.spi.AccessPolicy;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link VersionsResource} called as JAX-RS calls it, with a real engine and in-memory store, a
 * fake security context and request: access checks, CSRF, bad input, JSON and HTML answers.
 */
class VersionsResourceTest {
  /** ann and mallory write everything; carol reads everything; eve may read nothing of "secret". */
  private final AccessPolicy policy = (user, doc) -> switch (user.id()) {
    case "ann", "mallory" -> Access.WRITE;
    case "carol" -> Access.READ;
    default -> doc.equals("secret") ? Access.NONE : Access.READ;
  };
  private final InMemoryDocumentStore store = new InMemoryDocumentStore();
  private final CollabEngine engine = CollabEngine.builder().store(store).policy(policy).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private VersionsResource as(String userId, boolean csrfHeader) {
    VersionsResource resource = new VersionsResource();
    resource.engine = engine;
    resource.store = store;
    resource.policy = policy;
    resource.configuration = CollabConfiguration.defaults();
    resource.security = FakeRequests.security(userId);
    resource.request = FakeRequests.request(csrfHeader);
    return resource;
  }

  private void document(String id, String text) throws Exception {
    engine.create(id, RichText.NAME, id, Map.of(), User.of("ann"));
    get(engine.edit(id, User.of("ann"), RichText.INSTANCE, Delta.ofText(text)));
  }

  @Test
  @DisplayName("a writer names, lists, reads and unnames a version; the name's JSON is as documented")
  void writerNames() throws Exception {
    document("doc", "Hello\n");
    JsonObject named = SampleJson.object(get(as("ann", true).name("doc", "1", "{\"name\":\"sent to legal\"}")));
    assertThat(named.getInt("version")).isEqualTo(1);
    assertThat(named.getString("name")).isEqualTo("sent to legal");
    assertThat(named.getString("user")).isEqualTo("ann");

    JsonArray list = SampleJson.array(get(as("carol", false).list("doc")));
    assertThat(list).hasSize(1);
    JsonObject read = SampleJson.object(get(as("carol", false).read("doc", "1")));
    assertThat(read.getString("name")).isEqualTo("sent to legal");
    assertThat(read.getJsonArray("data").getJsonObject(0).getString("insert")).isEqualTo("Hello\n");
    assertThat(SampleJson.object(get(as("carol", false).read("doc", "0"))).isNull("name")).isTrue();

    assertThat(get(as("ann", true).unname("doc", "1")).getStatus()).isEqualTo(204);
    ExecutionException again = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> get(as("ann", true).unname("doc", "1")));
    assertThat(again.getCause()).isInstanceOf(NotFoundException.class);
  }

  @Test
  @DisplayName("a reader may list and compare but not name (403); naming without the CSRF header or a same-site Origin is refused")
  void readerAndCsrf() throws Exception {
    document("doc", "Hello\n");
    assertThat(code(() -> as("carol", true).name("doc", "1", "{\"name\":\"mine\"}"))).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(code(() -> as("carol", true).unname("doc", "1"))).isEqualTo(ErrorCode.FORBIDDEN);
    assertThatThrownBy(() -> as("ann", false).name("doc", "1", "{\"name\":\"forged\"}")).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> as("ann", false).unname("doc", "1")).isInstanceOf(ForbiddenException.class);
    assertThat(get(as("carol", false).compare("doc", "0", "1", null)).getStatus()).isEqualTo(200);
    assertThat(get(engine.versions().list("doc"))).isEmpty();
  }

  @Test
  @DisplayName("a user without read access gets the same unknown-document for an existing document as for a missing one")
  void noReadAccessLooksMissing() throws Exception {
    document("secret", "Top secret\n");
    CollabException existing = (CollabException) org.junit.jupiter.api.Assertions.assertThrows(CollabException.class,
        () -> as("eve", false).list("secret"));
    CollabException missing = (CollabException) org.junit.jupiter.api.Assertions.assertThrows(CollabException.class,
        () -> as("ann", false).list("missing"));
    assertThat(existing.code()).isEqualTo(missing.code()).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
    assertThat(existing.getMessage().replace("secret", "X")).isEqualTo(missing.getMessage().replace("missing", "X"));
    for (FakeRequests.ThrowingCall call : new FakeRequests.ThrowingCall[] {
        () -> as("eve", false).read("secret", "1"),
        () -> as("eve", false).compare("secret", "0", "1", null),
        () -> as("eve", false).compareHtml("secret", "0", "1"),
        () -> as("eve", true).name("secret", "1", "{\"name\":\"x\"}"),
        () -> as("eve", true).unname("secret", "1")}) {
      assertThat(code(call)).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
    }
  }

  @Test
  @DisplayName("bad input is a bad-message or version-ahead (400): versions that are not numbers, missing or out of range, bad names, bad formats")
  void badInput() throws Exception {
    document("doc", "Hello\n");
    VersionsResource ann = as("ann", true);
    assertThat(code(() -> ann.read("doc", "one"))).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(code(() -> ann.read("doc", "99999999999999999999"))).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(code(() -> get(ann.read("doc", "2")))).isEqualTo(ErrorCode.VERSION_AHEAD);
    assertThat(code(() -> ann.compare("doc", null, "1", null))).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(code(() -> ann.compare("doc", "0", "x", null))).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(code(() -> ann.compare("doc", "0", "1", "xml"))).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(code(() -> get(ann.compare("doc", "0", "5", null)))).isEqualTo(ErrorCode.VERSION_AHEAD);
    assertThat(code(() -> get(ann.compare("doc", "1", "0", null)))).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(code(() -> ann.name("doc", "1", "{}"))).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(code(() -> ann.name("doc", "1", "{\"name\":7}"))).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(code(() -> ann.name("doc", "1", "not json"))).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(code(() -> get(ann.name("doc", "1", "{\"name\":\"" + "n".repeat(101) + "\"}")))).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(code(() -> get(ann.name("doc", "1", "{\"name\":\"line\\nbreak\"}")))).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(code(() -> get(ann.name("doc", "-1", "{\"name\":\"minus\"}")))).isEqualTo(ErrorCode.VERSION_AHEAD);
    assertThat(get(ann.name("doc", "1", "{\"name\":\"" + "n".repeat(100) + "\"}"))).contains("n".repeat(100));
  }

  @Test
  @DisplayName("the comparison comes as JSON with authors and parts, and as HTML whose user content is escaped")
  void jsonAndHtml() throws Exception {
    engine.create("doc", RichText.NAME, "doc", Map.of(), User.of("ann"));
    get(engine.edit("doc", User.of("ann"), RichText.INSTANCE, Delta.ofText("Hi <b>there</b>\n")));
    User mallory = new User("mallory", "<img src=x onerror=alert(1)>", java.util.Set.of());
    get(engine.edit("doc", mallory, RichText.INSTANCE, Delta.ofText("<script>alert(2)</script>")));
    get(engine.edit("doc", User.of("ann"), RichText.INSTANCE, Delta.builder().retain(28).delete(3).build()));

    Response json = get(as("carol", false).compare("doc", "1", "3", null));
    assertThat(json.getMediaType().toString()).startsWith("application/json");
    JsonObject comparison = SampleJson.object((String) json.getEntity());
    assertThat(comparison.getBoolean("authorsKnown")).isTrue();
    assertThat(comparison.getJsonArray("authors").getValuesAs(JsonObject.class))
        .extracting(a -> a.getString("id")).containsExactly("mallory", "ann");
    assertThat(comparison.getJsonArray("parts").getValuesAs(JsonObject.class))
        .extracting(p -> p.getString("kind"), p -> p.getString("text"), p -> p.getString("author", null))
        .containsExactly(
            org.assertj.core.api.Assertions.tuple("inserted", "<script>alert(2)</script>", "mallory"),
            org.assertj.core.api.Assertions.tuple("unchanged", "Hi ", null),
            org.assertj.core.api.Assertions.tuple("deleted", "<b>", "ann"),
            org.assertj.core.api.Assertions.tuple("unchanged", "there</b>\n", null));

    for (Response response : new Response[] {get(as("carol", false).compare("doc", "1", "3", "html")),
        get(as("carol", false).compareHtml("doc", "1", "3"))}) {
      assertThat(response.getMediaType().toString()).startsWith("text/html");
      String html = (String) response.getEntity();
      assertThat(html).doesNotContain("<script>", "<img", "<b>")
          .contains("<ins class=\"collab-author-0\" data-author=\"mallory\" title=\"inserted by &lt;img src=x onerror=alert(1)&gt;\">"
              + "&lt;script&gt;alert(2)&lt;/script&gt;</ins>")
          .contains("<del class=\"collab-author-1\" data-author=\"ann\" title=\"deleted by ann\">&lt;b&gt;</del>")
          .contains("there&lt;/b&gt;<br>");
    }
  }

  /** JSON text of the resource's answers. */
  private static final class SampleJson {
    static JsonObject object(String text) {
      return dev.collab.internal.json.BoundedJson.read(text, dev.collab.ot.JsonLimits.STORAGE).asJsonObject();
    }

    static JsonArray array(String text) {
      return dev.collab.internal.json.BoundedJson.read(text, dev.collab.ot.JsonLimits.STORAGE).asJsonArray();
    }
  }
}
