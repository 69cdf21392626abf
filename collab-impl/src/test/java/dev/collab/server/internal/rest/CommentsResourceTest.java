package dev.collab.server.internal.rest;

import static dev.collab.server.internal.rest.FakeRequests.code;
import static dev.collab.server.internal.rest.FakeRequests.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.collab.Access;
import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.internal.json.BoundedJson;
import dev.collab.ot.Delta;
import dev.collab.ot.JsonLimits;
import dev.collab.ot.RichText;
import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.internal.config.CollabConfiguration;
import dev.collab.server.internal.engine.CollabEngine;
import dev.collab.spi.AccessPolicy;
import jakarta.json.JsonObject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link CommentsResource} called as JAX-RS calls it, with a real engine and in-memory store, a
 * fake security context and request: every endpoint, the access rules, limits, bad input and CSRF.
 */
class CommentsResourceTest {
  /** ann writes; bob and bea comment; carol reads; dora is an admin; eve may read nothing of "secret". */
  private final AccessPolicy policy = (user, doc) -> switch (user.id()) {
    case "ann" -> Access.WRITE;
    case "bob", "bea" -> Access.COMMENT;
    case "carol" -> Access.READ;
    case "dora" -> Access.ADMIN;
    default -> doc.equals("secret") ? Access.NONE : Access.READ;
  };
  private final InMemoryDocumentStore store = new InMemoryDocumentStore();
  private final CollabEngine engine = CollabEngine.builder().store(store).policy(policy).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private CommentsResource as(String userId, boolean csrfHeader) {
    CommentsResource resource = new CommentsResource();
    resource.engine = engine;
    resource.store = store;
    resource.policy = policy;
    resource.configuration = CollabConfiguration.defaults();
    resource.security = FakeRequests.security(userId);
    resource.request = FakeRequests.request(csrfHeader);
    return resource;
  }

  private static JsonObject json(String text) {
    return BoundedJson.read(text, JsonLimits.STORAGE).asJsonObject();
  }

  private static JsonObject json(Response response) {
    return json((String) response.getEntity());
  }

  private void document(String id, String text) throws Exception {
    engine.create(id, RichText.NAME, id, Map.of(), User.of("ann"));
    get(engine.edit(id, User.of("ann"), RichText.INSTANCE, Delta.ofText(text)));
  }

  /** Opens a thread on "world" of "Hello world\n" (version 1) as {@code user}; its JSON. */
  private JsonObject open(String user) throws Exception {
    Response created = get(as(user, true).create("doc", "{\"version\":1,\"index\":6,\"length\":5,\"text\":\"Which world?\"}"));
    assertThat(created.getStatus()).isEqualTo(201);
    return json(created);
  }

  @Test
  @DisplayName("a commenter opens a thread, others reply, edit their own, resolve, reopen and delete; the JSON is as documented")
  void wholeLife() throws Exception {
    document("doc", "Hello world\n");
    JsonObject thread = open("bob");
    String threadId = thread.getString("id");
    assertThat(thread.getJsonNumber("version").longValue()).isEqualTo(1);
    assertThat(thread.getJsonObject("anchor").getInt("index")).isEqualTo(6);
    assertThat(thread.getJsonObject("anchor").getInt("length")).isEqualTo(5);
    assertThat(thread.getJsonObject("anchor").getBoolean("detached")).isFalse();
    assertThat(thread.getJsonArray("comments")).hasSize(1);
    assertThat(thread.getJsonArray("comments").getJsonObject(0).getJsonObject("user").getString("id")).isEqualTo("bob");
    assertThat(thread.getBoolean("resolved")).isFalse();
    assertThat(thread.getJsonNumber("revision").longValue()).isEqualTo(1);

    Response replied = get(as("bea", true).reply("doc", threadId, "{\"text\":\"The whole one.\"}"));
    assertThat(replied.getStatus()).isEqualTo(201);
    JsonObject reply = json(replied).getJsonArray("comments").getJsonObject(1);
    assertThat(reply.getString("text")).isEqualTo("The whole one.");
    String replyId = reply.getString("id");

    JsonObject edited = json(get(as("bea", true).edit("doc", threadId, replyId, "{\"text\":\"The whole wide one.\"}")));
    assertThat(edited.getJsonArray("comments").getJsonObject(1).getString("text")).isEqualTo("The whole wide one.");
    assertThat(edited.getJsonArray("comments").getJsonObject(1).isNull("edited")).isFalse();

    JsonObject resolved = json(get(as("bob", true).resolve("doc", threadId, "{\"resolved\":true}")));
    assertThat(resolved.getBoolean("resolved")).isTrue();
    assertThat(resolved.getString("resolvedBy")).isEqualTo("bob");
    assertThat(json(get(as("bea", true).resolve("doc", threadId, "{\"resolved\":false}"))).getBoolean("resolved")).isFalse();

    // The anchor follows the text: four units inserted before it move it at the head.
    get(engine.edit("doc", User.of("ann"), RichText.INSTANCE, Delta.builder().insert("Oh, ").build()));
    JsonObject listed = json(get(as("carol", false).list("doc")));
    assertThat(listed.getJsonNumber("version").longValue()).isEqualTo(2);
    assertThat(listed.getJsonArray("threads")).singleElement()
        .satisfies(t -> assertThat(t.asJsonObject().getJsonObject("anchor").getInt("index")).isEqualTo(10));

    Response deletedReply = get(as("bea", true).delete("doc", threadId, replyId));
    assertThat(deletedReply.getStatus()).isEqualTo(200);
    assertThat(json(deletedReply).getJsonArray("comments")).hasSize(1);
    assertThat(get(as("bob", true).delete("doc", threadId, thread.getJsonArray("comments").getJsonObject(0).getString("id")))
        .getStatus()).isEqualTo(204);
    JsonObject none = json(get(as("carol", false).list("doc")));
    assertThat(none.getJsonArray("threads")).isEmpty();
    assertThat(none.getJsonNumber("version").longValue()).isEqualTo(2);
  }

  @Test
  @DisplayName("a reader may list but not comment (403); only the author edits a comment; an admin may delete another's")
  void accessLevels() throws Exception {
    document("doc", "Hello world\n");
    assertThat(code(() -> get(as("carol", true).create("doc", "{\"version\":1,\"index\":0,\"length\":5,\"text\":\"no\"}"))))
        .isEqualTo(ErrorCode.FORBIDDEN);
    JsonObject thread = open("bob");
    String threadId = thread.getString("id");
    String first = thread.getJsonArray("comments").getJsonObject(0).getString("id");
    assertThat(code(() -> get(as("carol", true).reply("doc", threadId, "{\"text\":\"me too\"}")))).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(code(() -> get(as("carol", true).resolve("doc", threadId, "{\"resolved\":true}")))).isEqualTo(ErrorCode.FORBIDDEN);
    // Not the author: another commenter, a writer, even an admin may not change bob's words.
    for (String other : new String[] {"bea", "ann", "dora"}) {
      assertThat(code(() -> get(as(other, true).edit("doc", threadId, first, "{\"text\":\"forged\"}"))))
          .as(other).isEqualTo(ErrorCode.FORBIDDEN);
    }
    assertThat(code(() -> get(as("bea", true).delete("doc", threadId, first)))).isEqualTo(ErrorCode.FORBIDDEN);
    JsonObject listed = json(get(as("carol", false).list("doc")));
    assertThat(listed.getJsonArray("threads").getJsonObject(0).getJsonArray("comments").getJsonObject(0).getString("text"))
        .isEqualTo("Which world?");
    assertThat(get(as("dora", true).delete("doc", threadId, first)).getStatus()).isEqualTo(204);
  }

  @Test
  @DisplayName("a user without read access gets the same unknown-document for an existing document as for a missing one")
  void noReadAccessLooksMissing() throws Exception {
    document("secret", "Top secret\n");
    CollabException existing = org.junit.jupiter.api.Assertions.assertThrows(CollabException.class,
        () -> as("eve", false).list("secret"));
    CollabException missing = org.junit.jupiter.api.Assertions.assertThrows(CollabException.class,
        () -> as("ann", false).list("missing"));
    assertThat(existing.code()).isEqualTo(missing.code()).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
    assertThat(existing.getMessage().replace("secret", "X")).isEqualTo(missing.getMessage().replace("missing", "X"));
    for (FakeRequests.ThrowingCall call : new FakeRequests.ThrowingCall[] {
        () -> as("eve", true).create("secret", "{\"version\":1,\"index\":0,\"length\":3,\"text\":\"x\"}"),
        () -> as("eve", true).reply("secret", "t1", "{\"text\":\"x\"}"),
        () -> as("eve", true).edit("secret", "t1", "c1", "{\"text\":\"x\"}"),
        () -> as("eve", true).delete("secret", "t1", "c1"),
        () -> as("eve", true).resolve("secret", "t1", "{\"resolved\":true}"),
        // Bad bodies are not looked at before the access check: nothing is learnt from a 400.
        () -> as("eve", true).create("secret", "not json")}) {
      assertThat(code(call)).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
    }
  }

  @Test
  @DisplayName("bad input is a 400: text over 4000 units (too-large, as on the wire) or blank, an empty range, missing fields, bad JSON, bad ids")
  void badInput() throws Exception {
    document("doc", "Hello world\n");
    CommentsResource bob = as("bob", true);
    String tooLong = "x".repeat(4001);
    assertThat(code(() -> bob.create("doc", "{\"version\":1,\"index\":0,\"length\":5,\"text\":\"" + tooLong + "\"}")))
        .isEqualTo(ErrorCode.TOO_LARGE);
    assertThat(code(() -> bob.create("doc", "{\"version\":1,\"index\":0,\"length\":5,\"text\":\"   \"}"))).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(code(() -> bob.create("doc", "{\"version\":1,\"index\":0,\"length\":0,\"text\":\"empty\"}"))).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(code(() -> bob.create("doc", "{\"version\":1,\"index\":-1,\"length\":2,\"text\":\"before\"}"))).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(code(() -> bob.create("doc", "{\"index\":0,\"length\":2,\"text\":\"no version\"}"))).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(code(() -> bob.create("doc", "{\"version\":1,\"index\":0,\"length\":2}"))).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(code(() -> bob.create("doc", "{\"version\":1.5,\"index\":0,\"length\":2,\"text\":\"x\"}"))).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(code(() -> bob.create("doc", "{\"version\":1,\"index\":0,\"length\":2,\"text\":7}"))).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(code(() -> bob.create("doc", "not json"))).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(code(() -> bob.create("doc", "[1]"))).isEqualTo(ErrorCode.BAD_MESSAGE);
    // Past the text at that version, or a version not reached yet: the engine refuses.
    assertThat(code(() -> get(bob.create("doc", "{\"version\":1,\"index\":10,\"length\":50,\"text\":\"past\"}"))))
        .isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(code(() -> get(bob.create("doc", "{\"version\":9,\"index\":0,\"length\":2,\"text\":\"ahead\"}"))))
        .isEqualTo(ErrorCode.VERSION_AHEAD);

    JsonObject thread = json(get(bob.create("doc", "{\"version\":1,\"index\":0,\"length\":5,\"text\":\"" + "x".repeat(4000) + "\"}")));
    String threadId = thread.getString("id");
    String first = thread.getJsonArray("comments").getJsonObject(0).getString("id");
    assertThat(code(() -> bob.reply("doc", threadId, "{\"text\":\"" + tooLong + "\"}"))).isEqualTo(ErrorCode.TOO_LARGE);
    assertThat(code(() -> bob.reply("doc", threadId, "{}"))).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(code(() -> bob.reply("doc", "bad id!", "{\"text\":\"x\"}"))).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(code(() -> get(bob.reply("doc", "nosuchthread", "{\"text\":\"x\"}")))).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(code(() -> bob.edit("doc", threadId, first, "{\"text\":\"\"}"))).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(code(() -> bob.edit("doc", threadId, "x".repeat(65), "{\"text\":\"x\"}"))).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(code(() -> get(bob.edit("doc", threadId, "nosuchcomment", "{\"text\":\"x\"}")))).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(code(() -> bob.resolve("doc", threadId, "{\"resolved\":\"yes\"}"))).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(code(() -> bob.resolve("doc", threadId, "{}"))).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(code(() -> bob.delete("doc", threadId, "a/b"))).isEqualTo(ErrorCode.BAD_MESSAGE);
  }

  @Test
  @DisplayName("past 200 comments in a thread, a reply is too-large (400)")
  void tooManyComments() throws Exception {
    document("doc", "Hello world\n");
    String threadId = open("bob").getString("id");
    CommentsResource bea = as("bea", true);
    for (int i = 1; i < 200; i++) {
      get(bea.reply("doc", threadId, "{\"text\":\"reply " + i + "\"}"));
    }
    assertThat(code(() -> get(bea.reply("doc", threadId, "{\"text\":\"one too many\"}")))).isEqualTo(ErrorCode.TOO_LARGE);
    assertThat(new ProblemMapper().toResponse(new CollabException(ErrorCode.TOO_LARGE, "x")).getStatus()).isEqualTo(400);
  }

  @Test
  @DisplayName("every state-changing request without the CSRF header or a same-site Origin is refused (403), and changes nothing")
  void csrf() throws Exception {
    document("doc", "Hello world\n");
    JsonObject thread = open("bob");
    String threadId = thread.getString("id");
    String first = thread.getJsonArray("comments").getJsonObject(0).getString("id");
    CommentsResource forged = as("bob", false);
    assertThatThrownBy(() -> forged.create("doc", "{\"version\":1,\"index\":0,\"length\":5,\"text\":\"forged\"}"))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> forged.reply("doc", threadId, "{\"text\":\"forged\"}")).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> forged.edit("doc", threadId, first, "{\"text\":\"forged\"}")).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> forged.delete("doc", threadId, first)).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> forged.resolve("doc", threadId, "{\"resolved\":true}")).isInstanceOf(ForbiddenException.class);
    // Checked first, alike for every document: a missing one is refused the same way.
    assertThatThrownBy(() -> forged.delete("missing", threadId, first)).isInstanceOf(ForbiddenException.class);
    // Reading needs no header.
    JsonObject listed = json(get(forged.list("doc")));
    assertThat(listed.getJsonArray("threads")).singleElement().satisfies(t -> {
      assertThat(t.asJsonObject().getJsonArray("comments")).hasSize(1);
      assertThat(t.asJsonObject().getBoolean("resolved")).isFalse();
    });
  }

  @Test
  @DisplayName("failures map to problem+json with the status of their code: 404, 403, 400")
  void problems() {
    ProblemMapper mapper = new ProblemMapper();
    assertThat(mapper.toResponse(new CollabException(ErrorCode.UNKNOWN_DOCUMENT, "no document x")).getStatus()).isEqualTo(404);
    assertThat(mapper.toResponse(new CollabException(ErrorCode.FORBIDDEN, "no")).getStatus()).isEqualTo(403);
    assertThat(mapper.toResponse(new CollabException(ErrorCode.BAD_MESSAGE, "bad")).getStatus()).isEqualTo(400);
    assertThat(mapper.toResponse(new CollabException(ErrorCode.TOO_LARGE, "many")).getStatus()).isEqualTo(400);
    assertThat(mapper.toResponse(new ForbiddenException("csrf")).getStatus()).isEqualTo(403);
  }
}
