package dev.collab.internal.ot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.collab.ot.Delta;
import dev.collab.ot.InvalidOpException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random ops on ropes with small chunks, each result cross-checked against {@link Delta#compose}
 * (canonicalised). Seeded from {@code -Dcollab.seed=...} if set; the seed is in every failure.
 */
class RichTextRopeRandomTest {
  private static final List<String> NAMES = List.of("bold", "italic", "color", "link");
  private static final List<JsonValue> VALUES =
      List.of(JsonValue.TRUE, Json.createValue("red"), Json.createValue("blue"), Json.createValue(3));
  private static final List<JsonObject> EMBEDS =
      List.of(
          Json.createObjectBuilder().add("image", "a.png").build(),
          Json.createObjectBuilder().add("formula", "x^2").build());
  private static final String ALPHABET = "abcde \n\uD83D\uDE00\uD800";

  private final long seed = Long.getLong("collab.seed", new Random().nextLong());
  private final Random random = new Random(seed);

  @Test
  void randomOpsMatchCompose() {
    int[] chunkSizes = {4, 8, 16, 64, RichTextRope.DEFAULT_MAX_CHUNK};
    for (int round = 0; round < 30; round++) {
      int maxChunk = chunkSizes[round % chunkSizes.length];
      Delta document = randomDocument(random.nextInt(1500));
      RichTextRope rope = new RichTextRope(document, maxChunk, random.nextInt());
      Delta expected = RichTextRopeTest.canonical(document);
      for (int step = 0; step < 200; step++) {
        String where = "seed " + seed + " (-Dcollab.seed), round " + round + ", step " + step;
        if (random.nextInt(20) == 0) {
          Delta bad = Delta.builder().retain(expected.length() + 1 + random.nextInt(3)).build();
          assertThatThrownBy(() -> rope.apply(bad)).as(where).isInstanceOf(InvalidOpException.class);
          assertThat(rope.snapshot()).as(where).isEqualTo(expected);
          continue;
        }
        Delta op = randomOp(expected.length());
        Delta before = expected;
        expected = RichTextRopeTest.canonical(expected.compose(op));
        rope.apply(op);
        String detail = where + ": " + printable(before + " + " + op);
        assertThat(rope.length()).as(detail).isEqualTo(expected.length());
        assertThat(rope.snapshot()).as(detail).isEqualTo(expected);
        try {
          rope.checkInvariants();
        } catch (IllegalStateException e) {
          throw new AssertionError(detail, e);
        }
      }
    }
  }

  /** Non-ASCII as \\uXXXX: lone surrogates would garble the test reports. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        out.append(c);
      } else {
        out.append(String.format("\\u%04X", (int) c));
      }
    }
    return out.toString();
  }

  private Delta randomDocument(int length) {
    Delta.Builder builder = Delta.builder();
    while (length > 0) {
      if (random.nextInt(30) == 0) {
        builder.insertEmbed(EMBEDS.get(random.nextInt(EMBEDS.size())), randomAttributes(false));
        length--;
      } else {
        int count = 1 + random.nextInt(Math.min(length, 200));
        builder.insert(randomText(count), random.nextBoolean() ? Map.of() : randomAttributes(false));
        length -= count;
      }
    }
    return builder.build();
  }

  private Delta randomOp(int documentLength) {
    Delta.Builder builder = Delta.builder();
    int left = documentLength;
    int components = 1 + random.nextInt(4);
    for (int i = 0; i < components; i++) {
      int choice = random.nextInt(10);
      if (choice < 4) {
        if (left == 0) {
          continue;
        }
        int count = 1 + random.nextInt(Math.min(left, random.nextBoolean() ? 10 : left));
        if (random.nextInt(3) == 0) {
          builder.retain(count, randomAttributes(true));
        } else {
          builder.retain(count);
        }
        left -= count;
      } else if (choice < 8) {
        if (random.nextInt(8) == 0) {
          builder.insertEmbed(EMBEDS.get(random.nextInt(EMBEDS.size())), randomAttributes(false));
        } else {
          int count = 1 + random.nextInt(random.nextInt(5) == 0 ? 300 : 4);
          builder.insert(randomText(count), random.nextBoolean() ? Map.of() : randomAttributes(false));
        }
      } else {
        if (left == 0) {
          continue;
        }
        int count = 1 + random.nextInt(Math.min(left, random.nextBoolean() ? 5 : left));
        builder.delete(count);
        left -= count;
      }
    }
    return builder.build();
  }

  private String randomText(int count) {
    StringBuilder text = new StringBuilder(count);
    for (int i = 0; i < count; i++) {
      text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return text.toString();
  }

  /** One or two attributes; on a retain, sometimes NULL (remove). */
  private Map<String, JsonValue> randomAttributes(boolean allowNull) {
    Map<String, JsonValue> attributes = new LinkedHashMap<>();
    int count = 1 + random.nextInt(2);
    for (int i = 0; i < count; i++) {
      JsonValue value =
          allowNull && random.nextInt(3) == 0 ? JsonValue.NULL : VALUES.get(random.nextInt(VALUES.size()));
      attributes.put(NAMES.get(random.nextInt(NAMES.size())), value);
    }
    return attributes;
  }
}
