package dev.collab.server.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.CommittedOp;
import dev.collab.internal.json.BoundedJson;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The bus encoding: what is written reads back the same, and the shortcuts equal the long way. */
class BusMessagesTest {

  @Test
  @DisplayName("a string literal is what the JSON provider writes, for ASCII, quotes, backslashes, controls and other scripts")
  void stringLiteral() {
    long seed = Long.getLong("collab.seed", System.nanoTime());
    System.out.println("BusMessagesTest.stringLiteral seed: " + seed + " (rerun with -Dcollab.seed=" + seed + ")");
    Random random = new Random(seed);
    char[] alphabet = {'a', 'Z', '0', ' ', '~', '#', '"', '\\', '/', '\n', '\t', '\u0000', '\u001f', '\u007f',
        '\u00e9', '\u4e2d', '\ud83d', '\ude00'};
    for (String fixed : List.of("", "ann", "tab-1#2", "a\"b", "back\\slash", "line\nbreak", "\u00e9t\u00e9", "\ud83d\ude00")) {
      assertThat(BusMessages.string(fixed)).as(fixed).isEqualTo(BoundedJson.PROVIDER.createValue(fixed).toString());
    }
    for (int i = 0; i < 5_000; i++) {
      StringBuilder value = new StringBuilder();
      int length = random.nextInt(12);
      for (int j = 0; j < length; j++) {
        value.append(alphabet[random.nextInt(alphabet.length)]);
      }
      String s = value.toString();
      assertThat(BusMessages.string(s)).as("seed %d, case %d", seed, i)
          .isEqualTo(BoundedJson.PROVIDER.createValue(s).toString());
    }
  }

  @Test
  @DisplayName("an ops message reads back as the ops it was written from, and is recognised as its node's without parsing")
  void opsRoundTrip() {
    List<CommittedOp> ops = List.of(
        new CommittedOp("doc", 7, "[{\"insert\":\"a\\\"b\"}]", "tab_1", 3, "ann", "Ann \"the\" \u00e9\\", Instant.parse("2026-11-29T01:02:03.456Z")),
        new CommittedOp("doc", 8, "[{\"retain\":1},{\"delete\":1}]", "tab2", 1, "bob.x@example.org", "Bob\nLine", Instant.EPOCH));
    String message = BusMessages.ops("node-1", ops);
    assertThat(BusMessages.committedOps(BusMessages.parse(message))).isEqualTo(ops);
    assertThat(BusMessages.isOpsOf("node-1", message)).isTrue();
    assertThat(BusMessages.isOpsOf("node-2", message)).isFalse();
    assertThat(BusMessages.isOpsOf("node-1", BusMessages.head("node-1", 8))).isFalse();
  }

  @Test
  @DisplayName("a deleted message names its node and the deleted document's creation time, to the nanosecond")
  void deletedRoundTrip() {
    Instant created = Instant.parse("2026-11-29T01:02:03.456789123Z");
    var message = BusMessages.parse(BusMessages.deleted("node-1", created));
    assertThat(message.getString("t")).isEqualTo("deleted");
    assertThat(message.getString("node")).isEqualTo("node-1");
    assertThat(BusMessages.deletedCreated(message)).isEqualTo(created);
  }
}
