package dev.collab.server.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.ot.Delta;
import dev.collab.ot.Op;
import dev.collab.ot.OtDocument;
import dev.collab.ot.RichText;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rich-text size model's bounds hold: after any op, the document's measured size, run count and
 * largest attributes part are at most what the estimate says, and a measure is exact.
 */
class RichTextSizeModelTest {
  private static final RichText TYPE = RichText.INSTANCE;
  private static final String[] UNITS = {"a", "b", "\n", "\t", "\u0001", "\u007f", "\u2028", "\"", "\\", "/", "<",
      "é", "中", "😀", "\uD83D", "\uDE00"};
  private final RichTextSizeModel model = new RichTextSizeModel();

  @Test
  @DisplayName("a measure counts UTF-8 bytes with each UTF-16 unit on its own, escapes as written")
  void measure() {
    Delta document = Delta.builder().insert("a\u0001é中😀").build();
    String json = TYPE.encodeToString(document);
    assertThat(json).isEqualTo("[{\"insert\":\"a\\u0001é中😀\"}]");
    // 15 of JSON around it, a 1, \u0001 6, é 2, 中 3, the pair 3 + 3
    assertThat(SizeModel.measure(json)).isEqualTo(15 + 1 + 6 + 2 + 3 + 6);
    SizeEstimate exact = model.measure(document, json);
    assertThat(exact).isEqualTo(new SizeEstimate(33, 1, 0, true));
  }

  @Test
  @DisplayName("a text insert's bound, taken without encoding it, is at least its encoded size, for every kind of unit")
  void insertBoundWithoutEncoding() {
    for (String unit : UNITS) {
      String text = unit.repeat(3);
      long encoded = SizeModel.measure(dev.collab.ot.DeltaJson.encode(Op.insert(text)));
      assertThat(RichTextSizeModel.escapedBound(text) + "{\"insert\":\"\"}".length())
          .as("unit U+%04X", (int) unit.charAt(0)).isGreaterThanOrEqualTo(encoded);
    }
  }

  @Test
  @DisplayName("a reformat of a range is bounded by the runs it can touch: long attributes over many runs")
  void reformatAmplifies() {
    Delta.Builder alternating = Delta.builder();
    for (int i = 0; i < 100; i++) {
      alternating.insert("x", i % 2 == 0 ? Map.of("bold", JsonValue.TRUE) : Map.of());
    }
    Delta document = alternating.build();
    SizeEstimate before = model.measure(document, TYPE.encodeToString(document));
    assertThat(before.runs()).isEqualTo(100);
    Delta link = Delta.builder().retain(100, Map.of("link", Json.createValue("https://e.example/" + "p".repeat(1_000)))).build();
    SizeGrowth growth = model.growth(before, link);
    OtDocument<Delta> applied = TYPE.newDocument(document);
    applied.apply(link);
    long after = SizeModel.measure(TYPE.encodeToString(applied.snapshot()));
    // One op of about a kilobyte that adds a kilobyte to each of 100 runs (they merge into 2 runs
    // alternating bold, each with the link: here they do not, bold alternates).
    assertThat(after - before.bytes()).isGreaterThan(100_000);
    assertThat(before.bytes() + growth.bytes()).isGreaterThanOrEqualTo(after);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  @DisplayName("random ops on random documents: the estimate stays an upper bound of the measure")
  void boundHolds(long seed) {
    System.out.println("RichTextSizeModelTest seed " + seed);
    Random random = new Random(seed);
    OtDocument<Delta> document = TYPE.newDocument(Delta.empty());
    SizeEstimate estimate = model.measure(document.snapshot(), TYPE.encodeToString(document.snapshot()));
    for (int step = 0; step < 250; step++) {
      Delta op = randomOp(random, document.length());
      SizeGrowth growth = model.growth(estimate, op);
      document.apply(op);
      estimate = estimate.plus(growth);
      Delta now = document.snapshot();
      SizeEstimate exact = model.measure(now, TYPE.encodeToString(now));
      assertThat(exact.bytes()).as("bytes after step %d (seed %d): %s", step, seed, op).isLessThanOrEqualTo(estimate.bytes());
      assertThat(exact.runs()).as("runs after step %d (seed %d)", step, seed).isLessThanOrEqualTo(estimate.runs());
      assertThat(exact.attributes()).as("attributes after step %d (seed %d)", step, seed)
          .isLessThanOrEqualTo(estimate.attributes());
      if (random.nextInt(10) == 0) {
        estimate = exact; // as a measure does
      }
    }
  }

  private static Delta randomOp(Random random, int length) {
    Delta.Builder op = Delta.builder();
    int position = 0;
    int parts = 1 + random.nextInt(8);
    for (int i = 0; i < parts; i++) {
      int left = length - position;
      int kind = random.nextInt(left > 0 ? 4 : 2);
      if (kind == 0) {
        StringBuilder text = new StringBuilder();
        for (int n = 1 + random.nextInt(12); n > 0; n--) {
          text.append(UNITS[random.nextInt(UNITS.length)]);
        }
        op.insert(text.toString(), attributes(random, false));
      } else if (kind == 1) {
        op.insertEmbed(Json.createObjectBuilder().add("image", "https://e.example/i.png").build(), attributes(random, false));
      } else if (kind == 2) {
        // short ranges often, to split runs and format neighbours in one op
        int n = 1 + random.nextInt(random.nextBoolean() ? Math.min(left, 3) : left);
        op.retain(n, random.nextBoolean() ? attributes(random, true) : Map.of());
        position += n;
      } else {
        int n = 1 + random.nextInt(Math.min(left, 8));
        op.delete(n);
        position += n;
      }
    }
    return op.build();
  }

  private static Map<String, JsonValue> attributes(Random random, boolean mayRemove) {
    Map<String, JsonValue> attributes = new LinkedHashMap<>();
    String[] keys = {"bold", "italic", "color", "link", "note"};
    for (String key : keys) {
      int pick = random.nextInt(4);
      if (pick == 0) {
        attributes.put(key, key.equals("bold") || key.equals("italic") ? JsonValue.TRUE
            : Json.createValue("v\u0001" + "w".repeat(random.nextInt(key.equals("note") ? 300 : 20))));
      } else if (pick == 1 && mayRemove) {
        attributes.put(key, JsonValue.NULL);
      }
    }
    return attributes;
  }
}
