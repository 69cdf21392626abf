package dev.collab.server.it;

import dev.collab.server.it.FuzzJson.Raw;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random Delta ops for {@link FrameFuzzer}: mostly ops that apply to a document of the given
 * length and pass the server's schema ({@code RichTextSchema.QUILL}), with a share of broken
 * components (zero, negative, fractional, string or huge lengths, two actions, unknown keys, empty
 * inserts, a retain of an embed, attributes the schema refuses, null attributes on inserts), ops
 * past the document's end, and inserts over {@code maxOpLength}.
 */
final class FuzzOps {
  private static final String ALPHABET = "abc xyz\n\t<>&\"'\\/\u00e9\u4e00\ud83d\ude00\u200b\u0000\ufeff\ud800\udc00";

  private final Random random;
  private final int maxOpLength;

  FuzzOps(Random random, int maxOpLength) {
    this.random = random;
    this.maxOpLength = maxOpLength;
  }

  /** A random op (a list of components) for a document of {@code length}. */
  Object op(int length) {
    List<Object> ops = new ArrayList<>();
    if (random.nextInt(200) == 0) {
      // many components: near and over the 10,000 ops of a delta
      int n = random.nextBoolean() ? 10_001 : 2_000 + random.nextInt(3_000);
      for (int i = 0; i < n; i++) {
        ops.add(Map.of("insert", "a", "attributes", Map.of("bold", i % 2 == 0)));
      }
      return ops;
    }
    boolean broken = random.nextInt(4) == 0;
    int position = 0;
    int n = 1 + random.nextInt(5);
    for (int i = 0; i < n; i++) {
      int left = Math.max(0, length - position);
      int kind = random.nextInt(10);
      Map<String, Object> component = new LinkedHashMap<>();
      if (kind < 3 && left > 0) {
        int k = 1 + random.nextInt(left);
        component.put("retain", k);
        if (random.nextInt(3) == 0) {
          component.put("attributes", attributes(true));
        }
        position += k;
      } else if (kind < 5 && left > 0) {
        int k = 1 + random.nextInt(Math.min(left, 20));
        component.put("delete", k);
        position += k;
      } else if (kind < 8) {
        component.put("insert", random.nextInt(300) == 0 ? "y".repeat(maxOpLength + random.nextInt(2) - 1)
            : text(random, 1 + random.nextInt(12)));
        if (random.nextInt(3) == 0) {
          component.put("attributes", attributes(false));
        }
      } else {
        component.put("insert", embed());
      }
      ops.add(component);
    }
    if (broken) {
      int at = random.nextInt(ops.size() + 1);
      ops.add(at, brokenComponent(length));
    }
    return ops;
  }

  private Object embed() {
    return switch (random.nextInt(6)) {
      case 0 -> Map.of("image", "https://example.com/" + random.nextInt(100) + ".png");
      case 1 -> Map.of("divider", true);
      case 2 -> Map.of("formula", "x^" + random.nextInt(9));
      case 3 -> Map.of("mention", Map.of("id", "u" + random.nextInt(9), "name", "User"));
      case 4 -> Map.of("video", "https://example.com/v");
      default -> Map.of("image", "javascript:alert(1)");
    };
  }

  /** Attributes, mostly valid for the schema; on a retain, null removes one. */
  private Map<String, Object> attributes(boolean retain) {
    Map<String, Object> a = new LinkedHashMap<>();
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      switch (random.nextInt(12)) {
        case 0 -> a.put("bold", random.nextInt(5) == 0 ? "yes" : true);
        case 1 -> a.put("italic", retain && random.nextBoolean() ? null : Boolean.valueOf(random.nextBoolean()));
        case 2 -> a.put("header", random.nextInt(9) - 1);
        case 3 -> a.put("link", random.nextInt(4) == 0 ? "javascript:alert(1)" : "https://example.com/a?b=c");
        case 4 -> a.put("color", random.nextInt(4) == 0 ? "<script>" : "#ff0000");
        case 5 -> a.put("size", random.nextInt(4) == 0 ? "enormous" : "large");
        case 6 -> a.put("list", random.nextInt(4) == 0 ? 1 : "bullet");
        case 7 -> a.put("indent", new Raw(random.nextBoolean() ? "1.0" : "1e0"));
        case 8 -> a.put("evil" + random.nextInt(3), 1);
        case 9 -> a.put("alt", text(random, 10));
        case 10 -> a.put("underline", retain ? null : Map.of("nested", true));
        default -> a.put("code-block", random.nextBoolean() ? "java" : Boolean.TRUE);
      }
    }
    return a;
  }

  private Object brokenComponent(int length) {
    Map<String, Object> c = new LinkedHashMap<>();
    switch (random.nextInt(12)) {
      case 0 -> c.put("retain", 0);
      case 1 -> c.put("delete", -1 - random.nextInt(5));
      case 2 -> c.put("retain", 1.5);
      case 3 -> c.put("delete", "3");
      case 4 -> c.put("retain", new Raw(random.nextBoolean() ? "2147483648" : "1e999"));
      case 5 -> {
        c.put("insert", "a");
        c.put("delete", 1);
      }
      case 6 -> c.put("insert", "");
      case 7 -> c.put("retain", Map.of("image", "https://example.com/x.png"));
      case 8 -> {
        c.put("insert", "a");
        c.put("attributes", Map.of("bold", new Raw("null")));
      }
      case 9 -> {
        c.put("delete", 1);
        c.put("attributes", Map.of("bold", true));
      }
      case 10 -> c.put("retain", length + 1 + random.nextInt(3));
      default -> c.put(random.nextBoolean() ? "insrt" : "ops", "a");
    }
    return random.nextInt(10) == 0 ? List.of(c) : c;
  }

  /** Random text from a small alphabet with markup, controls, astral characters and lone surrogates. */
  static String text(Random random, int length) {
    if (length > 1_000) {
      return "z".repeat(length);
    }
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return s.toString();
  }
}
