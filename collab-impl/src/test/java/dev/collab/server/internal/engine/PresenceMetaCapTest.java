package dev.collab.server.internal.engine;

import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.RoleAccessPolicy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.internal.json.BoundedJson;
import dev.collab.ot.RichText;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A presence {@code meta} over maxPresenceMetaLength is too-large and reaches nobody. */
class PresenceMetaCapTest {
  static final User ANN = new User("ann", "Ann", Set.of(RoleAccessPolicy.WRITER));
  static final User BOB = new User("bob", "Bob", Set.of(RoleAccessPolicy.WRITER));

  final CollabEngine engine = CollabEngine.builder().store(new InMemoryDocumentStore())
      .config(EngineConfig.DEFAULTS.withMaxPresenceMetaLength(40).withPresenceInterval(Duration.ZERO)).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private static JsonObject meta(String note) {
    return BoundedJson.PROVIDER.createObjectBuilder().add("note", note).build();
  }

  @Test
  @DisplayName("a presence meta longer than maxPresenceMetaLength is too-large; a smaller one is relayed")
  void metaTooLarge() {
    engine.create("doc", RichText.NAME, "Doc", Map.of(), ANN);
    RecordingListener annEvents = new RecordingListener();
    RecordingListener bobEvents = new RecordingListener();
    Session ann = engine.openSession(ANN, "ann-tab", annEvents);
    Session bob = engine.openSession(BOB, "bob-tab", bobEvents);
    ann.join("doc", null);
    annEvents.next("joined");
    bob.join("doc", null);
    bobEvents.next("joined");

    JsonObject big = meta("x".repeat(40)); // {"note":"xxx..."}: 51 characters
    ann.presence("doc", JsonValue.NULL, big);
    RecordingListener.Event refused = annEvents.next("error");
    assertThat(refused.b()).isEqualTo(ErrorCode.TOO_LARGE);
    assertThat((String) refused.c()).contains("40");

    JsonObject small = meta("hi");
    ann.presence("doc", JsonValue.NULL, small);
    // Presence of one document is relayed in order: the first bob sees is the small one.
    RecordingListener.Event seen = bobEvents.next("presence");
    assertThat(seen.c()).isEqualTo(small);
  }
}
