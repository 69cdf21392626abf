package dev.collab.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.collab.ErrorCode;
import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ServerMessage;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The wire protocol ({@code docs/PROTOCOL.md}, version 1) checked against a live server, ours or a
 * third party's, over real sockets: the JDK's {@code java.net.http} WebSocket and HttpClient, no
 * other client library. An implementer's test says where the server is and how its users log in:
 *
 * <pre>{@code
 * class MyServerConformanceTest extends ProtocolConformanceKit {
 *   @Override protected URI baseUri() { return URI.create("http://127.0.0.1:8080/app/"); }
 *   @Override protected Map<String, String> credentials(Participant who) {
 *     return switch (who) {
 *       case WRITER -> Map.of("Cookie", login("ann"));
 *       case READER -> Map.of("Cookie", login("carol"));
 *       case ADMIN -> null; // none: the tests that need one are skipped
 *     };
 *   }
 * }
 * }</pre>
 *
 * <p>What the server must provide: {@code {base}collab/ws} and {@code {base}collab/api/documents};
 * a {@link Participant#WRITER} who may create documents and write the ones it creates, a
 * {@link Participant#READER} who may read those documents but not write them, optionally an
 * {@link Participant#ADMIN}; no anonymous access (unless {@link #allowsAnonymous()} says so). The
 * limits the kit crosses are the ones the server announces in {@code welcome}. Every test makes its
 * own documents and client ids (random per run), so the kit can run against a server that lives on.
 *
 * <p>Not provoked from outside, hence not checked here: {@code history-gone} (needs the server to
 * prune history), {@code retry-exhausted} and {@code internal} (need a failing store),
 * {@code draining} and close 1001 (need the server to shut down), close 1013 (needs a server-side
 * backlog larger than a test should create). Collab's own engine and endpoint tests cover those.
 *
 * <p>A test per row of {@code docs/PROTOCOL.md}, in the page's order, so that a reader can hold the
 * two side by side: the tests are declared in a chain of package-private superclasses, one file per
 * part of the page (handshake and hello, join to leave, bad input and limits, comment threads), and
 * REST here; JUnit
 * runs inherited tests as the subclass's own. The tests are flat (no {@code @Nested}) because
 * Arquillian 1.10's JUnit 5 runner does not carry a deployment into nested classes, and the kit runs
 * under Arquillian {@code @RunAsClient}.
 * Tags: {@code protocol} on all; {@code rest} on the REST tests; {@code slow} on the one that
 * floods for several seconds; {@code frame-limit} on the 1009 test (the one that caught WildFly
 * delivering an oversized frame), so that a known failure can be excluded by name; {@code comments}
 * on the comment threads group.
 *
 * <p>Comment threads are an extension of the protocol, not part of the core: a server without them
 * overrides {@link #supportsComments()} to return false, and that group is skipped with the reason
 * (or excluded with {@code -DexcludedGroups=comments}). The group opens threads as the
 * {@link Participant#WRITER}; whether the {@link Participant#READER} may comment is the server's
 * policy, read from the {@code access} of its join reply: the {@code forbidden} check for a
 * reader's comment is skipped when it is {@code comment} or more.
 */
@Tag("protocol")
public abstract class ProtocolConformanceKit extends ProtocolKitComments {

  /** Whose credentials a request carries. */
  public enum Participant {
    /** May create documents and write the documents it created (not necessarily admin). */
    WRITER,
    /** May read the WRITER's documents but not write them. */
    READER,
    /** Has admin access to the WRITER's documents (may delete them). Optional. */
    ADMIN
  }

  // ------------------------------------------------------------------ REST

  @Test
  @Tag("rest")
  @DisplayName("REST: create answers 201 with {id, version 0, type, title}, no-store; the new document is listed")
  void restCreate() throws Exception {
    String id = fresh("rest");
    HttpResponse<String> created = rest("POST", "documents", "{\"id\":\"" + id + "\",\"title\":\"Notes\"}",
        Participant.WRITER, "X-Collab-Request", "1");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonObject body = json(created.body()).asJsonObject();
    assertThat(body.getString("id")).isEqualTo(id);
    assertThat(body.getInt("version")).isZero();
    assertThat(body.getString("type")).isEqualTo("rich-text");
    assertThat(body.getString("title")).isEqualTo("Notes");
    assertThat(head(id).getString("title")).as("the title in a read").isEqualTo("Notes");
    HttpResponse<String> generated = rest("POST", "documents", "{}", Participant.WRITER, "X-Collab-Request", "1");
    assertThat(generated.statusCode()).isEqualTo(201);
    assertThat(json(generated.body()).asJsonObject().getString("id")).isNotBlank();
    boolean listed = false;
    for (int offset = 0; offset < 10_000 && !listed; offset += 100) {
      HttpResponse<String> page = rest("GET", "documents?offset=" + offset + "&limit=100", null, Participant.WRITER);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
      JsonArray documents = json(page.body()).asJsonObject().getJsonArray("documents");
      listed = documents.stream().anyMatch(d -> d.asJsonObject().getString("id").equals(id));
      if (documents.size() < 100) {
        break;
      }
    }
    assertThat(listed).as("the new document in the list").isTrue();
  }

  @Test
  @Tag("rest")
  @DisplayName("REST: refusals as problem+json: 409 existing id, 400 bad id or type, 401 anonymous, 403 cross-site or without the CSRF header")
  void restRefusals() throws Exception {
    String doc = document();
    HttpResponse<String> exists = rest("POST", "documents", "{\"id\":\"" + doc + "\"}", Participant.WRITER, "X-Collab-Request", "1");
    assertThat(exists.statusCode()).isEqualTo(409);
    assertThat(exists.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(json(exists.body()).asJsonObject().getInt("status")).isEqualTo(409);
    assertThat(rest("POST", "documents", "{\"id\":\"bad id!\"}", Participant.WRITER, "X-Collab-Request", "1").statusCode()).isEqualTo(400);
    assertThat(rest("POST", "documents", "{\"type\":\"no-such-type\"}", Participant.WRITER, "X-Collab-Request", "1").statusCode()).isEqualTo(400);
    if (!allowsAnonymous()) {
      assertThat(rest("POST", "documents", "{}", null, "X-Collab-Request", "1").statusCode()).isEqualTo(401);
    }
    assertThat(rest("POST", "documents", "{}", Participant.WRITER, "Origin", "http://evil.example").statusCode()).isEqualTo(403);
    assertThat(rest("POST", "documents", "{}", Participant.WRITER).statusCode()).isEqualTo(403);
    HttpResponse<String> readerCreates = rest("POST", "documents", "{}", Participant.READER, "X-Collab-Request", "1");
    assertThat(readerCreates.statusCode()).as("a reader may not create").isEqualTo(403);
  }

  @Test
  @Tag("rest")
  @DisplayName("ids: an id made only of dots is refused (REST create 400, join bad-message), and a raw GET of its URL answers no document")
  void dotOnlyIds() throws Exception {
    Session ann = session(Participant.WRITER);
    for (String id : List.of(".", "..", "...")) {
      HttpResponse<String> created = rest("POST", "documents", "{\"id\":\"" + id + "\"}", Participant.WRITER,
          "X-Collab-Request", "1");
      assertThat(created.statusCode()).as("REST create of '%s': %s", id, created.body()).isEqualTo(400);
      ann.socket().sendRaw("{\"t\":\"join\",\"doc\":\"" + id + "\"}");
      ServerMessage.Error refused = ann.error();
      assertThat(refused.code()).as("join of '%s'", id).isEqualTo(ErrorCode.BAD_MESSAGE);
      assertThat(refused.doc()).as("join of '%s': a malformed id is not echoed", id).isNull();
      // Sent as it is (URI.resolve would remove the dot segments): the server may refuse the URL,
      // or normalise it to another resource, but never answer a document with that id.
      HttpRequest.Builder raw = HttpRequest.newBuilder(URI.create(baseUri() + "collab/api/documents/" + id))
          .timeout(Duration.ofSeconds(20)).GET();
      headers(Participant.WRITER).forEach(raw::header);
      HttpResponse<String> read = http.send(raw.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(read.statusCode() == 200 && read.body().contains("\"id\":\"" + id + "\""))
          .as("raw GET of documents/%s answered %s %s", id, read.statusCode(), read.body()).isFalse();
    }
    ann.usable("the refused ids");
  }

  @Test
  @Tag("rest")
  @DisplayName("REST: read at the head and at a version (400 past the head, 404 unknown), ops in a range, history; all no-store")
  void restRead() throws Exception {
    String doc = document();
    Session ann = session(Participant.WRITER);
    ann.join(doc);
    ann.commit(doc, 0, 1, "[{\"insert\":\"one\"}]");
    ann.commit(doc, 1, 2, "[{\"retain\":3},{\"insert\":\" two\"}]");
    HttpResponse<String> head = rest("GET", "documents/" + doc, null, Participant.READER);
    assertThat(head.statusCode()).as(head.body()).isEqualTo(200);
    assertThat(head.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonObject document = json(head.body()).asJsonObject();
    assertThat(document.getString("id")).isEqualTo(doc);
    assertThat(document.getString("type")).isEqualTo("rich-text");
    assertThat(document.getInt("version")).isEqualTo(2);
    assertThat(document.get("data").toString()).isEqualTo("[{\"insert\":\"one two\"}]");
    HttpResponse<String> atOne = rest("GET", "documents/" + doc + "?version=1", null, Participant.READER);
    assertThat(json(atOne.body()).asJsonObject().get("data").toString()).isEqualTo("[{\"insert\":\"one\"}]");
    assertThat(rest("GET", "documents/" + doc + "?version=3", null, Participant.READER).statusCode()).isEqualTo(400);
    assertThat(rest("GET", "documents/" + fresh("missing"), null, Participant.READER).statusCode()).isEqualTo(404);
    HttpResponse<String> ops = rest("GET", "documents/" + doc + "/ops?from=1&to=2", null, Participant.READER);
    assertThat(ops.statusCode()).isEqualTo(200);
    assertThat(ops.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonArray entries = json(ops.body()).asJsonArray();
    assertThat(entries).hasSize(1);
    JsonObject entry = entries.getJsonObject(0);
    assertThat(entry.getInt("version")).isEqualTo(2);
    assertThat(entry.getString("client")).isEqualTo(ann.client());
    assertThat(entry.getInt("seq")).isEqualTo(2);
    assertThat(entry.get("op").toString()).isEqualTo("[{\"retain\":3},{\"insert\":\" two\"}]");
    assertThat(entry.getJsonObject("user").getString("id")).isEqualTo(ann.welcome().user().id());
    assertThat(entry.containsKey("time")).isTrue();
    HttpResponse<String> history = rest("GET", "documents/" + doc + "/history?after=0&limit=10", null, Participant.READER);
    assertThat(history.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonArray versions = json(history.body()).asJsonArray();
    assertThat(versions).hasSize(2);
    assertThat(versions.getJsonObject(0).getInt("version")).isEqualTo(1);
    assertThat(versions.getJsonObject(1).getJsonObject("user").getString("id")).isEqualTo(ann.welcome().user().id());
  }

  @Test
  @Tag("rest")
  @DisplayName("REST: delete is 403 without admin access and 204 with it; the deleted document is then unknown")
  void restDelete() throws Exception {
    String doc = document();
    Session ann = session(Participant.WRITER);
    boolean writerIsAdmin = ann.join(doc).access().equals("admin");
    if (!writerIsAdmin) {
      assertThat(rest("DELETE", "documents/" + doc, null, Participant.WRITER, "X-Collab-Request", "1").statusCode()).isEqualTo(403);
    }
    assertThat(rest("DELETE", "documents/" + doc, null, Participant.READER, "X-Collab-Request", "1").statusCode()).isEqualTo(403);
    Participant admin = writerIsAdmin ? Participant.WRITER : Participant.ADMIN;
    assertThat(rest("DELETE", "documents/" + doc, null, admin).statusCode()).as("delete without the CSRF header").isEqualTo(403);
    assertThat(rest("DELETE", "documents/" + doc, null, admin, "X-Collab-Request", "1").statusCode()).isEqualTo(204);
    assertThat(rest("GET", "documents/" + doc, null, Participant.WRITER).statusCode()).isEqualTo(404);
    Session later = session(Participant.WRITER);
    later.socket().send(new ClientMessage.Join(doc, null));
    assertThat(later.error().code()).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
  }

  @Test
  @Tag("rest")
  @DisplayName("REST: delete tells a joined client (unknown-document, then left); the document re-created with its id is empty at version 0 and takes edits")
  void restDeleteThenRecreate() throws Exception {
    String doc = document();
    Session ann = session(Participant.WRITER);
    boolean writerIsAdmin = ann.join(doc).access().equals("admin");
    Participant admin = writerIsAdmin ? Participant.WRITER : Participant.ADMIN;
    headers(admin);
    ann.commit(doc, 0, 1, "[{\"insert\":\"secret\"}]");
    String empty = head(document()).get("data").toString();

    assertThat(rest("DELETE", "documents/" + doc, null, admin, "X-Collab-Request", "1").statusCode()).isEqualTo(204);
    assertThat(rest("GET", "documents/" + doc, null, Participant.WRITER).statusCode()).isEqualTo(404);
    createDocument(doc);
    JsonObject recreated = head(doc);
    assertThat(recreated.getInt("version")).as("the re-created document: %s", recreated).isZero();
    assertThat(recreated.get("data").toString()).isEqualTo(empty);
    Session bob = session(Participant.WRITER);
    ServerMessage.Snapshot fresh = bob.join(doc);
    assertThat(fresh.version()).isZero();
    assertThat(fresh.data().toString()).isEqualTo(empty);
    assertThat(bob.commit(doc, 0, 1, "[{\"insert\":\"new\"}]").version()).isEqualTo(1);

    // The client joined to the deleted document heard of it, and nothing of the new one.
    ServerMessage.Error told = ann.socket().expect(ServerMessage.Error.class);
    assertThat(told.code()).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
    assertThat(told.doc()).isEqualTo(doc);
    assertThat(told.seq()).isNull();
    assertThat(ann.socket().expect(ServerMessage.Left.class).doc()).isEqualTo(doc);
    ann.usable("the delete");
    ann.submit(doc, 1, 2, "[{\"insert\":\"x\"}]");
    assertThat(ann.error().code()).as("a submit after left").isEqualTo(ErrorCode.NOT_JOINED);
    assertThat(ann.join(doc).version()).as("a rejoin gets the new document").isEqualTo(1);
    assertThat(head(doc).get("data").toString()).isEqualTo("[{\"insert\":\"new\"}]");
  }

  @Test
  @Tag("rest")
  @DisplayName("REST rename: PATCH {title} by a writer is listed after; 403 for a reader, cross-site or without the CSRF header; 400 bad or over 256; 404 unknown")
  void restRename() throws Exception {
    String id = fresh("rename");
    assertThat(rest("POST", "documents", "{\"id\":\"" + id + "\",\"title\":\"Old\"}", Participant.WRITER,
        "X-Collab-Request", "1").statusCode()).isEqualTo(201);
    HttpResponse<String> renamed = rest("PATCH", "documents/" + id, "{\"title\":\"New \uD83D\uDE00\"}", Participant.WRITER,
        "X-Collab-Request", "1");
    Assumptions.assumeFalse(renamed.statusCode() == 501, "this server's store does not rename documents (501)");
    assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
    assertThat(renamed.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(json(renamed.body()).asJsonObject().getString("title")).isEqualTo("New \uD83D\uDE00");
    assertThat(head(id).getString("title")).isEqualTo("New \uD83D\uDE00");

    String patch = "{\"title\":\"x\"}";
    assertThat(rest("PATCH", "documents/" + id, patch, Participant.READER, "X-Collab-Request", "1").statusCode())
        .as("a reader may not rename").isEqualTo(403);
    assertThat(rest("PATCH", "documents/" + id, patch, Participant.WRITER).statusCode())
        .as("without the CSRF header").isEqualTo(403);
    assertThat(rest("PATCH", "documents/" + id, patch, Participant.WRITER, "Origin", "http://evil.example").statusCode())
        .as("cross-site").isEqualTo(403);
    if (!allowsAnonymous()) {
      assertThat(rest("PATCH", "documents/" + id, patch, null, "X-Collab-Request", "1").statusCode()).isEqualTo(401);
    }
    assertThat(rest("PATCH", "documents/" + id, "{}", Participant.WRITER, "X-Collab-Request", "1").statusCode()).isEqualTo(400);
    assertThat(rest("PATCH", "documents/" + id, "{\"title\":7}", Participant.WRITER, "X-Collab-Request", "1").statusCode())
        .isEqualTo(400);
    assertThat(rest("PATCH", "documents/" + id, "{\"title\":\"" + "t".repeat(256) + "\"}", Participant.WRITER,
        "X-Collab-Request", "1").statusCode()).as("exactly at the limit").isEqualTo(200);
    HttpResponse<String> tooLong = rest("PATCH", "documents/" + id, "{\"title\":\"" + "t".repeat(257) + "\"}",
        Participant.WRITER, "X-Collab-Request", "1");
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(tooLong.body()).contains("256");
    assertThat(head(id).getString("title")).as("a refused rename changes nothing").isEqualTo("t".repeat(256));
    assertThat(rest("PATCH", "documents/" + fresh("missing"), patch, Participant.WRITER, "X-Collab-Request", "1")
        .statusCode()).isEqualTo(404);
  }
}
