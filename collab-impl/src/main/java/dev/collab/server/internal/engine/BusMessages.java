package dev.collab.server.internal.engine;

import dev.collab.CommittedOp;
import dev.collab.internal.json.BoundedJson;
import dev.collab.ot.JsonLimits;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The engine's messages on the {@link dev.collab.spi.ClusterBus}, as JSON text. Every message has a
 * type {@code t} and the publishing node's id {@code node}:
 *
 * <ul>
 *   <li>{@code ops}: committed ops ({@code ops}: the {@link CommittedOp} fields, the op as JSON);
 *   <li>{@code presence}: a cursor ({@code client, user, name, range, meta, version}) or, with
 *       {@code gone: true}, a client that left;
 *   <li>{@code head}: the publishing node's head {@code v}, announced after a burst of commits (or
 *       of comment changes) so that a node that lost the last {@code ops} message notices; with
 *       {@code threads}, the digest of its comment threads, so that a node that lost a
 *       {@code thread} message reads them again;
 *   <li>{@code revoke}: forget access decisions of {@code user} for the document;
 *   <li>{@code thread}: a comment thread as written ({@code thread}, its anchor at {@code version}),
 *       or deleted ({@code deleted: true}, {@code thread: {id}}); {@code rebase: true} when only
 *       its stored anchor version moved (after a snapshot) and clients need not hear of it;
 *   <li>{@code deleted}: the document, created at {@code created}, was deleted: drop the loaded copy
 *       of that document (not of one created again with the same id since) and tell its clients.
 * </ul>
 *
 * Messages come from other nodes of the same cluster, but they are decoded within
 * {@link JsonLimits#STORAGE} all the same, so a corrupt message fails cleanly.
 */
final class BusMessages {
  /**
   * The encoding's version, in every message as {@code v}. Readers ignore fields they do not know,
   * so adding a field keeps the version; a change that older nodes would misread raises it.
   */
  static final int VERSION = 1;

  private BusMessages() {}

  /** True for an {@code ops} message published by {@code node} (recognised without parsing). */
  static boolean isOpsOf(String node, String message) {
    return message.startsWith(opsPrefix(node));
  }

  /** The last node's prefix: a node asks for its own on every message it publishes or hears. */
  private static volatile String @Nullable [] lastPrefix;

  private static String opsPrefix(String node) {
    String[] last = lastPrefix;
    if (last != null && last[0].equals(node)) {
      return last[1];
    }
    String prefix = "{\"v\":" + VERSION + ",\"t\":\"ops\",\"node\":" + string(node) + ",";
    lastPrefix = new String[] {node, prefix};
    return prefix;
  }

  /**
   * The {@code ops} message. Written as text rather than built as a JSON tree: each op is JSON text
   * already (encoded by the sequencer), so it is copied in as it is instead of being parsed again.
   */
  static String ops(String node, List<CommittedOp> ops) {
    StringBuilder out = new StringBuilder(64 + 192 * ops.size());
    out.append(opsPrefix(node)).append("\"ops\":[");
    for (int i = 0; i < ops.size(); i++) {
      CommittedOp op = ops.get(i);
      if (i > 0) {
        out.append(',');
      }
      out.append("{\"doc\":").append(string(op.document()))
          .append(",\"v\":").append(op.version())
          .append(",\"op\":").append(op.op())
          .append(",\"client\":").append(string(op.client()))
          .append(",\"seq\":").append(op.seq())
          .append(",\"user\":").append(string(op.userId()))
          .append(",\"name\":").append(string(op.userName()))
          .append(",\"time\":").append(string(op.time().toString()))
          .append('}');
    }
    return BoundedJson.escapeLoneSurrogates(out.append("]}").toString());
  }

  /** {@code value} as a JSON string literal, quoted and escaped. */
  static String string(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || c > 0x7e) {
        // Something to escape (or to leave to the provider's rules): the JSON provider writes it.
        return BoundedJson.PROVIDER.createValue(value).toString();
      }
    }
    return '"' + value + '"'; // printable ASCII without quote or backslash: nothing to escape
  }

  static String presence(
      String node, String client, String userId, String userName, JsonValue range,
      @Nullable JsonObject meta, long version) {
    JsonObjectBuilder message =
        base("presence", node)
            .add("client", client)
            .add("user", userId)
            .add("name", userName)
            .add("range", range)
            .add("version", version);
    if (meta != null) {
      message.add("meta", meta);
    }
    return BoundedJson.escapeLoneSurrogates(message.build().toString());
  }

  static String presenceGone(String node, String client, String userId, String userName) {
    return BoundedJson.escapeLoneSurrogates(base("presence", node)
        .add("client", client)
        .add("user", userId)
        .add("name", userName)
        .add("gone", true)
        .build()
        .toString());
  }

  static String head(String node, long version) {
    return base("head", node).add("v", version).build().toString();
  }

  /** A {@code head} message that also carries the digest of the node's comment threads ({@link DocumentThreads#digest}). */
  static String head(String node, long version, long threads) {
    return base("head", node).add("v", version).add("threads", threads).build().toString();
  }

  static String revoke(String node, String userId) {
    return base("revoke", node).add("user", userId).build().toString();
  }

  static String deleted(String node, Instant created) {
    return base("deleted", node).add("created", created.toString()).build().toString();
  }

  /** A comment thread as {@code node} wrote it, its anchor at {@code version}. */
  static String thread(String node, String documentId, long version, JsonObject thread) {
    return BoundedJson.escapeLoneSurrogates(base("thread", node).add("doc", documentId).add("version", version)
        .add("thread", thread).build().toString());
  }

  /** A comment thread written again by {@code node} with its anchor at {@code version}, nothing else changed (after a snapshot). */
  static String rebased(String node, String documentId, long version, JsonObject thread) {
    return BoundedJson.escapeLoneSurrogates(base("thread", node).add("doc", documentId).add("version", version)
        .add("thread", thread).add("rebase", true).build().toString());
  }

  /** A comment thread deleted by {@code node} at {@code version}. */
  static String threadDeleted(String node, String documentId, long version, String threadId) {
    return base("thread", node).add("doc", documentId).add("version", version)
        .add("thread", BoundedJson.PROVIDER.createObjectBuilder().add("id", threadId)).add("deleted", true).build().toString();
  }

  /** The creation time of the document a {@code deleted} message is about. */
  static Instant deletedCreated(JsonObject message) {
    return Instant.parse(message.getString("created"));
  }

  private static JsonObjectBuilder base(String type, String node) {
    return BoundedJson.PROVIDER.createObjectBuilder().add("v", VERSION).add("t", type).add("node", node);
  }

  static JsonObject parse(String message) {
    return BoundedJson.read(message, JsonLimits.STORAGE).asJsonObject();
  }

  static List<CommittedOp> committedOps(JsonObject message) {
    JsonArray array = message.getJsonArray("ops");
    List<CommittedOp> ops = new ArrayList<>(array.size());
    for (JsonValue value : array) {
      JsonObject o = value.asJsonObject();
      ops.add(
          new CommittedOp(
              o.getString("doc"),
              o.getJsonNumber("v").longValueExact(),
              BoundedJson.escapeLoneSurrogates(o.get("op").toString()),
              o.getString("client"),
              o.getJsonNumber("seq").longValueExact(),
              o.getString("user"),
              o.getString("name"),
              Instant.parse(o.getString("time"))));
    }
    return ops;
  }
}
