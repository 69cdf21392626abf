package dev.collab.server.it;

import dev.collab.server.it.FuzzJson.Dup;
import dev.collab.server.it.FuzzJson.Raw;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded frames for {@link ProtocolFuzzIT}: valid messages of every type, the same mutated (a field
 * removed or mistyped, huge, negative, fractional or NaN-like numbers, deep nesting, unknown types,
 * lone surrogates, long strings near the limits), ops built from random retains, deletes, inserts,
 * attributes and embeds (valid for the document and not), array frames mixing good and bad, and
 * random text. Every choice comes from one {@link Random}, so a seed replays the run.
 */
final class FrameFuzzer {
  /** What the generator needs to know of the connection it writes for. */
  interface Context {
    /** The victim's length at {@link #base()}, as this connection last saw it. */
    int length();

    long base();

    /** A fresh {@code seq} (the next one of this client). */
    long nextSeq();

    /** A {@code seq} already used by this client, or a fresh one. */
    long oldSeq();

    /** The client id prefix of this connection's user (ids of different users never collide). */
    String clientPrefix();
  }

  /** A generated frame; {@code label} says what it was meant to be, for the failure report. */
  record Case(String frame, String label) {}

  private static final Object[] ODD_VALUES = {
    null, true, false, 0, -1, 1.5, -0.0, new Raw("1e999"), new Raw("-1e999"), new Raw("9223372036854775808"),
    new Raw("-9223372036854775809"), new Raw("2147483648"), Long.MAX_VALUE, Long.MIN_VALUE, "NaN", "Infinity",
    "-Infinity", "1", "", "\ud800", "\udfff x", List.of(), Map.of(), List.of(1, 2), Map.of("a", 1), new Raw("1E2"),
    new Raw("1.0"), new Raw("0.0000001"), new Raw("1e-400")
  };
  private static final String[] TYPES = {"hello", "join", "submit", "presence", "leave", "ping"};

  private final Random random;
  private final List<String> docs;
  private final int maxMessageBytes;
  private final int maxOpLength;

  /** {@code docs}: ids to address, the victim first; the rest existing, missing and malformed ones. */
  FrameFuzzer(Random random, List<String> docs, int maxMessageBytes, int maxOpLength) {
    this.random = random;
    this.docs = docs;
    this.maxMessageBytes = maxMessageBytes;
    this.maxOpLength = maxOpLength;
  }

  Case next(Context c) {
    int pick = random.nextInt(1000);
    if (pick < 3) {
      return new Case(oversized(), "oversized");
    } else if (pick < 5) {
      return new Case(atLimit(), "exactly maxMessageBytes");
    } else if (pick < 60) {
      return new Case(randomText(), "random text");
    } else if (pick < 180) {
      List<Object> frame = new ArrayList<>();
      int n = 1 + random.nextInt(random.nextInt(10) == 0 ? 40 : 6);
      for (int i = 0; i < n; i++) {
        frame.add(random.nextInt(3) == 0 ? mutate(message(c)) : message(c));
      }
      return new Case(FuzzJson.write(frame), "array of " + n);
    } else if (pick < 550) {
      return new Case(FuzzJson.write(mutate(message(c))), "mutated");
    }
    return new Case(FuzzJson.write(message(c)), "valid");
  }

  /** A well-formed message of a random type (its op may still not apply). */
  Map<String, Object> message(Context c) {
    String t = random.nextInt(8) < 5 ? "submit" : TYPES[random.nextInt(TYPES.length)];
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("t", t);
    switch (t) {
      case "hello" -> {
        m.put("protocol", 1);
        m.put("client", c.clientPrefix() + Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
      }
      case "join" -> {
        m.put("doc", doc());
        if (random.nextBoolean()) {
          m.put("from", Math.max(0, c.base() - random.nextInt(3) + random.nextInt(2)));
        }
      }
      case "submit" -> {
        m.put("doc", random.nextInt(10) < 8 ? docs.get(0) : doc());
        m.put("base", random.nextInt(20) == 0 ? Math.max(0, c.base() - random.nextInt(50)) : c.base());
        m.put("seq", random.nextInt(10) == 0 ? c.oldSeq() : c.nextSeq());
        Object op = new FuzzOps(random, maxOpLength).op(c.length());
        m.put("op", random.nextInt(20) == 0 ? Map.of("ops", op) : op);
      }
      case "presence" -> {
        m.put("doc", doc());
        m.put("range", random.nextInt(4) == 0 ? null
            : Map.of("index", random.nextInt(c.length() + 2), "length", random.nextInt(5)));
        if (random.nextBoolean()) {
          m.put("meta", Map.of("name", FuzzOps.text(random, 20)));
        }
      }
      case "leave" -> m.put("doc", doc());
      default -> { }
    }
    return m;
  }

  private String doc() {
    return docs.get(random.nextInt(docs.size()));
  }

  /** One mutation of a message (the result may happen to be valid). */
  Object mutate(Map<String, Object> m) {
    Map<String, Object> out = new LinkedHashMap<>(m);
    List<String> keys = new ArrayList<>(out.keySet());
    String key = keys.get(random.nextInt(keys.size()));
    switch (random.nextInt(11)) {
      case 0 -> out.remove(key);
      case 1 -> out.put(key, odd());
      case 2 -> out.put("t", random.nextBoolean() ? odd() : FuzzOps.text(random, 12));
      case 3 -> out.put(key, nest(random.nextInt(30), out.get(key)));
      case 4 -> out.put(key, FuzzOps.text(random, random.nextInt(10) == 0 ? 300_000 : 200));
      case 5 -> out.put(FuzzOps.text(random, 8), odd());
      case 6 -> {
        List<Map.Entry<String, Object>> entries = new ArrayList<>(out.entrySet());
        entries.add(new java.util.AbstractMap.SimpleEntry<>(key, odd()));
        return new Dup(entries);
      }
      case 7 -> out.put(key, String.valueOf(out.get(key)));
      case 8 -> out.put("doc", random.nextBoolean() ? "." + "x".repeat(random.nextInt(3) == 0 ? 128 : 3) : "a/b");
      case 9 -> {
        return random.nextBoolean() ? List.of(out) : odd();
      }
      default -> out.put(key, random.nextBoolean() ? random.nextLong() : -1 - random.nextInt(3));
    }
    return out;
  }

  private Object odd() {
    return ODD_VALUES[random.nextInt(ODD_VALUES.length)];
  }

  private static Object nest(int depth, Object inner) {
    Object value = inner;
    for (int i = 0; i < depth; i++) {
      value = i % 2 == 0 ? List.of(value == null ? 0 : value) : Map.of("x", value == null ? 0 : value);
    }
    return value;
  }

  /** Garbage: broken JSON, other JSON values, control characters, nothing at all. */
  private String randomText() {
    return switch (random.nextInt(8)) {
      case 0 -> "";
      case 1 -> FuzzOps.text(random, 40);
      case 2 -> "{\"t\":\"ping\"" + FuzzOps.text(random, 4);
      case 3 -> "[".repeat(1 + random.nextInt(40)) + "]".repeat(random.nextInt(40));
      case 4 -> "{\"t\":\"ping\"} trailing";
      case 5 -> List.of("1", "null", "true", "\"ping\"", "[]", "{}", "[1,2]", "[[]]", "-", "1e999").get(random.nextInt(10));
      case 6 -> "{\"t\":\"ping\",\"x\":\"\\ud83d\"}";
      default -> {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(64);
        String alphabet = "{}[]\",:0-1e.tnfu\\ \n";
        for (int i = 0; i < n; i++) {
          s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        yield s.toString();
      }
    };
  }

  /** A frame over {@code maxMessageBytes} in UTF-8 (by one byte, or by much). */
  private String oversized() {
    int over = random.nextBoolean() ? 1 : random.nextInt(maxMessageBytes);
    if (random.nextBoolean()) {
      // multi-byte characters: fewer UTF-16 units than bytes
      return padded(maxMessageBytes + over, "\u00e9", 2);
    }
    return padded(maxMessageBytes + over, "x", 1);
  }

  /** A {@code ping} of exactly {@code maxMessageBytes} bytes: accepted. */
  private String atLimit() {
    return padded(maxMessageBytes, "x", 1);
  }

  /** {"t":"ping","pad":"..."} of {@code bytes} UTF-8 bytes (or one more, when the unit does not divide). */
  private static String padded(int bytes, String unit, int unitBytes) {
    String head = "{\"t\":\"ping\",\"pad\":\"";
    String tail = "\"}";
    int room = bytes - head.length() - tail.length();
    StringBuilder s = new StringBuilder(bytes).append(head);
    s.append(unit.repeat(room / unitBytes)).append("x".repeat(room % unitBytes));
    return s.append(tail).toString();
  }
}
