package dev.collab.internal.ot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.collab.ot.Delta;
import dev.collab.ot.InvalidOpException;
import dev.collab.ot.Op;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Each kind of edit on a {@link RichTextRope}, checked against {@link Delta#compose}. */
class RichTextRopeTest {
  private static final Map<String, JsonValue> BOLD = Map.of("bold", JsonValue.TRUE);
  private static final Map<String, JsonValue> ITALIC = Map.of("italic", JsonValue.TRUE);
  private static final Map<String, JsonValue> NO_BOLD = Map.of("bold", JsonValue.NULL);
  private static final JsonObject IMAGE = Json.createObjectBuilder().add("image", "a.png").build();

  /** The text "0123456789" repeated, long enough for many chunks of 8. */
  private static String digits(int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append((char) ('0' + i % 10));
    }
    return text.toString();
  }

  /** The delta as Delta.Builder normalises it. */
  static Delta canonical(Delta delta) {
    Delta.Builder builder = Delta.builder();
    delta.ops().forEach(builder::push);
    return builder.build();
  }

  /** Applies {@code op} to a rope of {@code document} with chunk size 8, and checks it. */
  private static RichTextRope applyAndCheck(Delta document, Delta op) {
    RichTextRope rope = new RichTextRope(document, 8);
    rope.apply(op);
    rope.checkInvariants();
    Delta expected = canonical(document.compose(op));
    assertThat(rope.snapshot()).isEqualTo(expected);
    assertThat(rope.length()).isEqualTo(expected.length());
    return rope;
  }

  @Test
  @DisplayName("an empty document has length 0, an empty snapshot, and takes a first insert")
  void emptyDocument() {
    RichTextRope rope = new RichTextRope(Delta.empty());
    assertThat(rope.length()).isZero();
    assertThat(rope.snapshot()).isEqualTo(Delta.empty());
    rope.apply(Delta.empty());
    rope.apply(Delta.builder().insert("hi").build());
    assertThat(rope.snapshot()).isEqualTo(Delta.ofText("hi"));
    rope.apply(Delta.builder().delete(2).build());
    assertThat(rope.snapshot()).isEqualTo(Delta.empty());
    assertThat(rope.length()).isZero();
  }

  @Test
  @DisplayName("inserts at the start, in the middle and at the end of a many-chunk document")
  void insertAnywhere() {
    Delta document = Delta.ofText(digits(100));
    applyAndCheck(document, Delta.builder().insert("abc").build());
    applyAndCheck(document, Delta.builder().retain(37).insert("abc").build());
    applyAndCheck(document, Delta.builder().retain(100).insert("abc").build());
    applyAndCheck(document, Delta.builder().retain(40).insert(digits(50)).build());
    applyAndCheck(document, Delta.builder().retain(40).insert("bold", BOLD).build());
  }

  @Test
  @DisplayName("a delete may span many chunks, or take the whole document")
  void deleteAcrossChunks() {
    Delta document = Delta.ofText(digits(100));
    applyAndCheck(document, Delta.builder().retain(3).delete(90).build());
    applyAndCheck(document, Delta.builder().delete(100).build());
    applyAndCheck(document, Delta.builder().retain(99).delete(1).build());
    applyAndCheck(document, Delta.builder().retain(10).delete(5).retain(20).delete(30).build());
  }

  @Test
  @DisplayName("a reformat across many runs composes each run's attributes")
  void reformatAcrossRuns() {
    Delta.Builder builder = Delta.builder();
    for (int i = 0; i < 20; i++) {
      builder.insert(digits(7), i % 3 == 0 ? BOLD : i % 3 == 1 ? ITALIC : Map.of());
    }
    Delta document = builder.build();
    applyAndCheck(document, Delta.builder().retain(5).retain(120, BOLD).build());
    applyAndCheck(document, Delta.builder().retain(5).retain(120, NO_BOLD).build());
    applyAndCheck(
        document, Delta.builder().retain(140, Map.of("color", Json.createValue("red"))).build());
  }

  @Test
  @DisplayName("a null attribute on a retain removes it, merging runs that become equal")
  void attributeRemoval() {
    Delta document =
        Delta.builder().insert("plain ").insert("bold", BOLD).insert(" plain").build();
    RichTextRope rope = applyAndCheck(document, Delta.builder().retain(6).retain(4, NO_BOLD).build());
    assertThat(rope.snapshot()).isEqualTo(Delta.ofText("plain bold plain"));
  }

  @Test
  @DisplayName("embeds are inserted, reformatted and deleted as one unit that never merges")
  void embeds() {
    Delta document = Delta.builder().insert(digits(20)).insertEmbed(IMAGE, Map.of()).insert("x").build();
    applyAndCheck(document, Delta.builder().retain(5).insertEmbed(IMAGE, BOLD).build());
    applyAndCheck(document, Delta.builder().retain(20).retain(1, BOLD).build());
    applyAndCheck(document, Delta.builder().retain(18).delete(3).build());
    applyAndCheck(document, Delta.builder().retain(21).insertEmbed(IMAGE, Map.of()).build());
    RichTextRope rope = new RichTextRope(document, 8);
    rope.apply(Delta.builder().retain(21).insertEmbed(IMAGE, Map.of()).build());
    assertThat(rope.snapshot().ops()).hasSize(4);
  }

  @Test
  @DisplayName("surrogate pairs may be cut, as positions count UTF-16 code units")
  void surrogates() {
    Delta document = Delta.ofText("a\uD83D\uDE00b\uD83D\uDE00");
    applyAndCheck(document, Delta.builder().retain(2).insert("x").build());
    applyAndCheck(document, Delta.builder().retain(2).delete(3).build());
    applyAndCheck(document, Delta.builder().retain(1).retain(1, BOLD).build());
  }

  @Test
  @DisplayName("an op reaching past the end is refused and changes nothing")
  void pastTheEndRejected() {
    Delta document = Delta.builder().insert(digits(30)).insert("b", BOLD).build();
    RichTextRope rope = new RichTextRope(document, 8);
    Delta before = rope.snapshot();
    for (Delta bad :
        new Delta[] {
          Delta.builder().insert("x").retain(32).build(),
          Delta.builder().retain(5).delete(27).build(),
          Delta.builder().retain(10, BOLD).retain(22).build(),
          Delta.of(Op.insert("x", NO_BOLD)),
        }) {
      assertThatThrownBy(() -> rope.apply(bad)).isInstanceOf(InvalidOpException.class);
      assertThat(rope.snapshot()).isEqualTo(before);
      assertThat(rope.length()).isEqualTo(31);
    }
  }

  @Test
  @DisplayName("a non-document is refused; a document's split runs are merged")
  void construction() {
    assertThatThrownBy(() -> new RichTextRope(Delta.builder().retain(1).build()))
        .isInstanceOf(InvalidOpException.class);
    Delta split = Delta.of(Op.insert("ab"), Op.insert("cd"), Op.insert("e", BOLD), Op.insert("f", BOLD));
    assertThat(new RichTextRope(split).snapshot()).isEqualTo(canonical(split));
  }

  @Test
  @DisplayName("the snapshot is cached until an op changes the document")
  void snapshotCached() {
    RichTextRope rope = new RichTextRope(Delta.ofText("abc"));
    Delta first = rope.snapshot();
    assertThat(rope.snapshot()).isSameAs(first);
    rope.apply(Delta.builder().retain(2).build());
    assertThat(rope.snapshot()).isSameAs(first);
    rope.apply(Delta.builder().retain(1).insert("x").build());
    assertThat(rope.snapshot()).isNotSameAs(first).isEqualTo(Delta.ofText("axbc"));
  }

  @Test
  @DisplayName("typing a long text one character at a time fills chunks in place")
  void typingKeepsChunksFull() {
    RichTextRope rope = new RichTextRope(Delta.empty(), 64);
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      int position = (i * 7919) % (expected.length() + 1);
      char c = (char) ('a' + i % 26);
      rope.apply(Delta.builder().retain(position).insert(String.valueOf(c)).build());
      expected.insert(position, c);
      if (i % 3 == 2) {
        rope.apply(Delta.builder().retain(position / 2).delete(1).build());
        expected.deleteCharAt(position / 2);
      }
    }
    int nodes = rope.checkInvariants();
    assertThat(rope.snapshot()).isEqualTo(Delta.ofText(expected.toString()));
    // Every node but a few is at least a quarter full.
    assertThat(nodes).isLessThanOrEqualTo(expected.length() / 16 + 2);
  }
}
