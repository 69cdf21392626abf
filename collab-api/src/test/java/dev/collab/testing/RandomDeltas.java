package dev.collab.testing;

import dev.collab.ot.Delta;
import dev.collab.ot.DeltaJson;
import dev.collab.ot.Op;
import dev.collab.ot.RichText;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * The one seeded generator of random rich-text documents and changes for the tests of every module
 * (collab-api's property tests, the engine's simulations, the server processes of the ITs, the
 * TCK's rich-text OT kit). It has two families:
 *
 * <ul>
 *   <li>{@link #document()} and {@link #change}: the corners of the {@link Delta} algebra, for
 *       property tests. They cover what the reference vectors tag: embeds, attributes with string,
 *       boolean, number and object values, {@code null} values on retains (removal), astral
 *       characters (surrogate pairs) and ops cut inside them, lone surrogates, NUL characters
 *       (which the diff uses for embeds), empty documents and empty changes, and non-canonical
 *       input built with {@link Delta#of} (split ops, a delete before an insert, a trailing plain
 *       retain).
 *   <li>{@link #edit}: one small edit as a user types it in an editor, canonical, for the tests of
 *       the engine and the protocol, whose subject is not the algebra.
 * </ul>
 *
 * <p>Every draw comes from the {@link Random} given, in a fixed order: a test that pins its seeds
 * (the multi-node simulation's 1, 2, 3) gets the same sequence as long as this class's algorithms
 * stay as they are. Change a method's draws only together with the seeds of the tests that use it.
 *
 * <p>Inserts never carry a {@code null} attribute unless asked ({@link #withNullInsertAttributes}):
 * the reference breaks its own invert and diff round trips on them, and {@link RichText#check}
 * refuses them. Generated numbers are in the canonical form {@link DeltaJson} decodes to, so JSON
 * round trips compare exactly. Not thread-safe: one instance per test, like its {@link Random}.
 */
public final class RandomDeltas {
  private static final String[] TEXT = {
    "a", "b", "c", "xy", "hello", " ", "\n", "\n", "é", "\uD834\uDD1E" /* 𝄞 */,
    "\uD83D\uDE00" /* 😀 */, "a\uD83D\uDE00b", "\0",
  };
  /** What {@link #edit} types. */
  private static final String[] EDIT_TEXT = {"a", "bc", "\n", "\uD83D\uDE00" /* 😀 */, "word "};
  private static final String[] LONE_SURROGATES = {"\uD834", "\uDE00"};
  private static final String[] KEYS = {"bold", "italic", "color", "size", "link", "header"};

  /** Looked up once: {@code Json.createXxx} searches the class path on every call. */
  private static final JsonProvider JSON = JsonProvider.provider();

  private final Random random;
  private final boolean nullInsertAttributes;

  /** A generator drawing from {@code random}. */
  public RandomDeltas(Random random) {
    this(random, false);
  }

  /** A generator drawing from a new {@link Random} with this seed. */
  public RandomDeltas(long seed) {
    this(new Random(seed), false);
  }

  private RandomDeltas(Random random, boolean nullInsertAttributes) {
    this.random = Objects.requireNonNull(random, "random");
    this.nullInsertAttributes = nullInsertAttributes;
  }

  /**
   * A generator on the same {@link Random} whose inserts may also carry {@code null} attributes,
   * as the reference allows (for properties that hold for them: transform, compose, JSON).
   */
  public RandomDeltas withNullInsertAttributes() {
    return new RandomDeltas(random, true);
  }

  /** The source of randomness, for choices a test makes itself. */
  public Random random() {
    return random;
  }

  /** A random document (inserts only): sometimes empty, sometimes non-canonical. */
  public Delta document() {
    if (random.nextInt(20) == 0) {
      return Delta.empty();
    }
    int count = 1 + random.nextInt(random.nextInt(8) == 0 ? 20 : 6);
    List<Op> ops = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ops.add(insert());
    }
    return finish(ops);
  }

  /**
   * A random change applicable to {@code document}: it never retains or deletes past its end
   * (and may stop early, retaining the rest implicitly). Sometimes empty or non-canonical.
   */
  public Delta change(Delta document) {
    if (random.nextInt(20) == 0) {
      return Delta.empty();
    }
    int length = document.length();
    int position = 0;
    List<Op> ops = new ArrayList<>();
    int steps = 1 + random.nextInt(6);
    for (int i = 0; i < steps; i++) {
      int left = length - position;
      int choice = random.nextInt(10);
      if (left == 0 || choice < 3) {
        ops.add(insert());
      } else {
        // A short run mostly, sometimes everything that is left; cuts surrogate pairs at random.
        int count = random.nextInt(4) == 0 ? left : 1 + random.nextInt(Math.min(left, 6));
        if (choice < 7) {
          ops.add(
              random.nextInt(5) < 2
                  ? Op.retain(count, attributes(true))
                  : Op.retain(count));
        } else {
          ops.add(Op.delete(count));
          if (random.nextInt(4) == 0) {
            ops.add(insert()); // a delete before an insert: non-canonical unless normalised
          }
        }
        position += count;
      }
    }
    if (position < length && random.nextInt(5) == 0) {
      ops.add(Op.retain(length - position)); // a trailing plain retain, which changes nothing
    }
    return finish(ops);
  }

  /** Two changes made concurrently on {@code document}. */
  public Delta[] concurrent(Delta document) {
    return new Delta[] {change(document), change(document)};
  }

  /**
   * One edit as a user makes it: at a random position, delete a run of 1 to 4 characters (3 in
   * 10), set or clear bold on a run of 1 to 6 (1 in 10), or else insert one of a few short texts
   * ({@code "a"}, {@code "bc"}, a newline, an astral character, {@code "word "}); an insert when
   * the position is the end. Canonical, never empty, no embeds, no attributes on inserts.
   *
   * <p>The draws are pinned by {@code MultiNodeSimulationTest}'s seeds: keep them as they are.
   */
  public Delta edit(Delta document) {
    int length = document.length();
    int at = random.nextInt(length + 1);
    Delta.Builder op = Delta.builder().retain(at);
    int kind = random.nextInt(10);
    if (kind < 3 && at < length) {
      return op.delete(1 + random.nextInt(Math.min(4, length - at))).build();
    }
    if (kind < 4 && at < length) {
      return op.retain(1 + random.nextInt(Math.min(6, length - at)),
          Map.of("bold", random.nextBoolean() ? JsonValue.TRUE : JsonValue.NULL)).build();
    }
    return op.insert(EDIT_TEXT[random.nextInt(EDIT_TEXT.length)]).build();
  }

  /** A random insert: text (with astral characters, sometimes a lone surrogate) or an embed. */
  public Op insert() {
    Map<String, JsonValue> attributes =
        random.nextBoolean() ? Map.of() : attributes(nullInsertAttributes && random.nextInt(4) == 0);
    if (random.nextInt(7) == 0) {
      return Op.insertEmbed(embed(), attributes);
    }
    return Op.insert(text(), attributes);
  }

  /** Non-empty text of a few pieces. */
  public String text() {
    StringBuilder text = new StringBuilder();
    int pieces = 1 + random.nextInt(4);
    for (int i = 0; i < pieces; i++) {
      text.append(
          random.nextInt(40) == 0
              ? LONE_SURROGATES[random.nextInt(LONE_SURROGATES.length)]
              : TEXT[random.nextInt(TEXT.length)]);
    }
    return text.toString();
  }

  /** An embed object: an image, a mention, a formula, a divider. */
  public JsonObject embed() {
    switch (random.nextInt(4)) {
      case 0:
        return JSON.createObjectBuilder().add("image", "https://example.com/" + random.nextInt(3) + ".png").build();
      case 1:
        return JSON.createObjectBuilder()
            .add("mention", JSON.createObjectBuilder().add("id", "u" + random.nextInt(3)))
            .build();
      case 2:
        return JSON.createObjectBuilder().add("formula", "e=mc^2").build();
      default:
        return JSON.createObjectBuilder().add("divider", true).build();
    }
  }

  /** One to three attributes; with {@code allowNull}, some values are {@code null} (removal). */
  public Map<String, JsonValue> attributes(boolean allowNull) {
    Map<String, JsonValue> attributes = new LinkedHashMap<>();
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      String key = KEYS[random.nextInt(KEYS.length)];
      attributes.put(key, allowNull && random.nextInt(3) == 0 ? JsonValue.NULL : value());
    }
    return attributes;
  }

  private JsonValue value() {
    switch (random.nextInt(6)) {
      case 0:
        return JsonValue.TRUE;
      case 1:
        return JsonValue.FALSE;
      case 2:
        return JSON.createValue(random.nextBoolean() ? "red" : "#00f");
      case 3:
        return JSON.createValue((long) random.nextInt(4) - 1);
      case 4:
        return JSON.createValue(new BigDecimal("1.5"));
      default:
        return JSON.createObjectBuilder().add("href", "https://example.com").build();
    }
  }

  /** Half the time the ops as they are (some split, maybe non-canonical), else normalised. */
  private Delta finish(List<Op> ops) {
    if (random.nextBoolean()) {
      return normalise(Delta.of(ops));
    }
    List<Op> raw = new ArrayList<>();
    for (Op op : ops) {
      if (op.isTextInsert() && op.length() > 1 && random.nextInt(3) == 0) {
        // Split a text insert in two ops with the same attributes, maybe inside a surrogate pair.
        int cut = 1 + random.nextInt(op.length() - 1);
        raw.add(Op.insert(op.text().substring(0, cut), op.attributes()));
        raw.add(Op.insert(op.text().substring(cut), op.attributes()));
      } else if ((op.isRetain() || op.isDelete()) && op.length() > 1 && random.nextInt(4) == 0) {
        int cut = 1 + random.nextInt(op.length() - 1);
        raw.add(op.isRetain() ? Op.retain(cut, op.attributes()) : Op.delete(cut));
        raw.add(
            op.isRetain() ? Op.retain(op.length() - cut, op.attributes()) : Op.delete(op.length() - cut));
      } else {
        raw.add(op);
      }
    }
    return Delta.of(raw);
  }

  /**
   * The canonical form of a delta, for comparing results: its ops pushed one by one into
   * {@link Delta#builder()} (Quill's {@code push}), without a trailing plain retain.
   */
  public static Delta normalise(Delta delta) {
    Delta.Builder builder = Delta.builder();
    for (Op op : delta.ops()) {
      builder.push(op);
    }
    Delta pushed = builder.build();
    List<Op> ops = pushed.ops();
    if (!ops.isEmpty() && ops.get(ops.size() - 1).isRetain() && !ops.get(ops.size() - 1).hasAttributes()) {
      return Delta.of(ops.subList(0, ops.size() - 1)); // Delta.chop(), which is package-private
    }
    return pushed;
  }
}
