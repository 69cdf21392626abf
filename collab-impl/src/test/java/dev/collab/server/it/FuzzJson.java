package dev.collab.server.it;

import java.util.List;
import java.util.Map;

/**
 * Writes the fuzzer's JSON-like values as frame text, including what a JSON library will not
 * write: raw number literals ({@link Raw}), duplicate keys ({@link Dup}), lone surrogates (as
 * {@code \\uXXXX} escapes, since a UTF-8 frame cannot carry them raw). Values are {@code Map},
 * {@code List}, {@code String}, {@code Boolean}, {@code Number}, {@link Raw}, {@link Dup} or null.
 */
final class FuzzJson {
  private FuzzJson() {}

  /** Text written as is (a number literal such as {@code 1e999}, or deliberately broken JSON). */
  record Raw(String text) {}

  /** An object with repeated keys, in order. */
  record Dup(List<Map.Entry<String, Object>> entries) {}

  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  @SuppressWarnings("unchecked")
  static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String) {
      string((String) value, out);
    } else if (value instanceof Raw) {
      out.append(((Raw) value).text());
    } else if (value instanceof Boolean || value instanceof Number) {
      out.append(value);
    } else if (value instanceof Map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : ((Map<String, Object>) value).entrySet()) {
        first = member(e, first, out);
      }
      out.append('}');
    } else if (value instanceof Dup) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : ((Dup) value).entries()) {
        first = member(e, first, out);
      }
      out.append('}');
    } else if (value instanceof List) {
      out.append('[');
      boolean first = true;
      for (Object element : (List<Object>) value) {
        if (!first) {
          out.append(',');
        }
        first = false;
        write(element, out);
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("not a fuzz value: " + value.getClass());
    }
  }

  private static boolean member(Map.Entry<String, Object> e, boolean first, StringBuilder out) {
    if (!first) {
      out.append(',');
    }
    string(e.getKey(), out);
    out.append(':');
    write(e.getValue(), out);
    return false;
  }

  static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || Character.isSurrogate(c) && !pairAt(s, i)) {
        out.append(String.format("\\u%04x", (int) c));
      } else if (Character.isHighSurrogate(c)) {
        out.append(c).append(s.charAt(++i));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  /** Whether index {@code i} starts a well-formed surrogate pair (a low surrogate alone never does). */
  private static boolean pairAt(String s, int i) {
    return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
  }
}
