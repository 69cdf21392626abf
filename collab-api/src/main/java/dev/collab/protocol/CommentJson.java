package dev.collab.protocol;

import dev.collab.comments.Anchor;
import dev.collab.comments.Comment;
import dev.collab.comments.CommentThread;
import dev.collab.internal.json.BoundedJson;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of comment threads, shared by the wire ({@code thread}, {@code threads}), REST, the
 * engine's cluster messages and the JPA store (which keeps a thread's comments as this JSON):
 *
 * <pre>{@code
 * {"id": "t1", "anchor": {"index": 6, "length": 5, "detached": false},
 *  "comments": [{"id": "c1", "user": {"id": "alice", "name": "Alice"}, "text": "Which world?",
 *                "created": "2026-12-07T10:00:00Z", "edited": null}],
 *  "resolved": false, "resolvedBy": null, "resolvedAt": null, "revision": 1}
 * }</pre>
 *
 * The anchor's version is not in the object: the message that carries it says at which version it
 * is ({@code version}). Decoding trusts its input to come from Collab (a store, another node): a
 * malformed object fails with the exception Jakarta JSON Processing or the records' checks throw.
 */
public final class CommentJson {
  private CommentJson() {}

  /**
   * A thread as a JSON object, its anchor without the version.
   *
   * @param thread the thread
   * @return the object
   */
  public static JsonObject thread(CommentThread thread) {
    Anchor a = thread.anchor();
    JsonObjectBuilder b = BoundedJson.PROVIDER.createObjectBuilder()
        .add("id", thread.id())
        .add("anchor", BoundedJson.PROVIDER.createObjectBuilder().add("index", a.index()).add("length", a.length())
            .add("detached", a.detached()))
        .add("comments", comments(thread.comments()))
        .add("resolved", thread.resolved());
    if (thread.resolved()) {
      b.add("resolvedBy", thread.resolvedBy()).add("resolvedAt", String.valueOf(thread.resolvedAt()));
    } else {
      b.addNull("resolvedBy").addNull("resolvedAt");
    }
    return b.add("revision", thread.revision()).build();
  }

  /**
   * Comments as a JSON array.
   *
   * @param comments the comments
   * @return the array
   */
  public static JsonArray comments(List<Comment> comments) {
    JsonArrayBuilder array = BoundedJson.PROVIDER.createArrayBuilder();
    for (Comment c : comments) {
      JsonObjectBuilder o = BoundedJson.PROVIDER.createObjectBuilder().add("id", c.id())
          .add("user", BoundedJson.PROVIDER.createObjectBuilder().add("id", c.userId()).add("name", c.userName()))
          .add("text", c.text()).add("created", c.created().toString());
      if (c.edited() != null) {
        o.add("edited", c.edited().toString());
      } else {
        o.addNull("edited");
      }
      array.add(o);
    }
    return array.build();
  }

  /**
   * The thread a {@link #thread} object describes.
   *
   * @param documentId the document it belongs to
   * @param version the version its anchor is at
   * @param json the object
   * @return the thread
   */
  public static CommentThread decodeThread(String documentId, long version, JsonObject json) {
    JsonObject a = json.getJsonObject("anchor");
    boolean resolved = json.getBoolean("resolved");
    return new CommentThread(documentId, json.getString("id"),
        new Anchor(a.getInt("index"), a.getInt("length"), version, a.getBoolean("detached")),
        decodeComments(json.getJsonArray("comments")), resolved,
        resolved ? json.getString("resolvedBy") : null,
        resolved ? Instant.parse(json.getString("resolvedAt")) : null,
        json.getJsonNumber("revision").longValueExact());
  }

  /**
   * The comments a {@link #comments} array describes.
   *
   * @param array the array
   * @return the comments
   */
  public static List<Comment> decodeComments(JsonArray array) {
    List<Comment> comments = new ArrayList<>(array.size());
    for (JsonValue value : array) {
      JsonObject c = value.asJsonObject();
      JsonObject user = c.getJsonObject("user");
      JsonValue edited = c.get("edited");
      comments.add(new Comment(c.getString("id"), user.getString("id"), user.getString("name"), c.getString("text"),
          Instant.parse(c.getString("created")),
          edited == null || edited == JsonValue.NULL ? null : Instant.parse(c.getString("edited"))));
    }
    return comments;
  }
}
