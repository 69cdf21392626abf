package dev.collab.internal.json;

import dev.collab.ot.InvalidOpException;
import dev.collab.ot.InvalidOpException.Problem;
import dev.collab.ot.JsonLimits;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads untrusted JSON text into a {@link JsonValue} tree while enforcing {@link JsonLimits}: the
 * total size before or while reading, nesting depth at each opening bracket (so recursion is
 * bounded), string and key lengths, array lengths (at most {@link JsonLimits#maxOps()} elements),
 * and duplicate keys. Numbers are normalised so equal values
 * compare equal ({@code 1}, {@code 1.0} and {@code 1e0} all become the integer 1), as they do in
 * JavaScript.
 *
 * <p>Stateless and thread-safe. Uses the Jakarta JSON Processing provider found once at class
 * initialisation (Parsson in tests; the server's own inside a container).
 */
public final class BoundedJson {
  /** Looked up once: {@code JsonProvider.provider()} searches the class path on every call. */
  public static final JsonProvider PROVIDER = JsonProvider.provider();

  private BoundedJson() {}

  /** Reads one JSON value from {@code text}. */
  public static JsonValue read(String text, JsonLimits limits) {
    if (text.length() > limits.maxChars()) {
      throw tooLarge(text.length(), limits);
    }
    return read(new StringReader(text), limits);
  }

  /** Reads one JSON value from {@code reader}, stopping as soon as it passes the size limit. */
  public static JsonValue read(Reader reader, JsonLimits limits) {
    CountingReader counting = new CountingReader(reader, limits);
    try (JsonParser parser = PROVIDER.createParser(counting)) {
      if (!parser.hasNext()) {
        throw new InvalidOpException(Problem.INVALID_JSON, "invalid JSON: empty input");
      }
      JsonValue value = readValue(parser, parser.next(), 1, limits);
      if (parser.hasNext()) {
        throw new InvalidOpException(
            Problem.INVALID_JSON, "invalid JSON: more than one value (" + parser.next() + ")");
      }
      return value;
    } catch (JsonParsingException e) {
      throw new InvalidOpException(Problem.INVALID_JSON, "invalid JSON: " + e.getMessage(), e);
    } catch (JsonException e) {
      // Parsson wraps reader failures, including our size stop, in JsonException.
      if (e.getCause() instanceof SizeExceeded) {
        throw tooLarge(((SizeExceeded) e.getCause()).count, limits);
      }
      throw new InvalidOpException(Problem.INVALID_JSON, "invalid JSON: " + e.getMessage(), e);
    }
  }

  private static InvalidOpException tooLarge(long size, JsonLimits limits) {
    return new InvalidOpException(
        Problem.TOO_LARGE,
        "input of "
            + (size > limits.maxChars() ? "more than " + limits.maxChars() : size)
            + " characters is over the limit of "
            + limits.maxChars());
  }

  private static JsonValue readValue(
      JsonParser parser, JsonParser.Event event, int depth, JsonLimits limits) {
    switch (event) {
      case START_ARRAY:
        checkDepth(depth, limits);
        JsonArrayBuilder array = PROVIDER.createArrayBuilder();
        int elements = 0;
        for (JsonParser.Event next = nextEvent(parser);
            next != JsonParser.Event.END_ARRAY;
            next = nextEvent(parser)) {
          // No array of a delta may be longer than a delta's op list: stop before building more.
          if (++elements > limits.maxOps()) {
            throw new InvalidOpException(
                Problem.TOO_MANY_OPS,
                "an array of at least " + elements + " elements is over the limit of "
                    + limits.maxOps() + " ops");
          }
          array.add(readValue(parser, next, depth + 1, limits));
        }
        return array.build();
      case START_OBJECT:
        checkDepth(depth, limits);
        JsonObjectBuilder object = PROVIDER.createObjectBuilder();
        Set<String> keys = new HashSet<>();
        for (JsonParser.Event next = nextEvent(parser);
            next != JsonParser.Event.END_OBJECT;
            next = nextEvent(parser)) {
          String key = checkString(parser.getString(), "key", limits);
          if (!keys.add(key)) {
            throw new InvalidOpException(
                Problem.INVALID_JSON, "invalid JSON: duplicate key '" + key + "'");
          }
          object.add(key, readValue(parser, nextEvent(parser), depth + 1, limits));
        }
        return object.build();
      case VALUE_STRING:
        return PROVIDER.createValue(checkString(parser.getString(), "string", limits));
      case VALUE_NUMBER:
        return number(bigDecimal(parser));
      case VALUE_TRUE:
        return JsonValue.TRUE;
      case VALUE_FALSE:
        return JsonValue.FALSE;
      case VALUE_NULL:
        return JsonValue.NULL;
      default:
        throw new InvalidOpException(Problem.INVALID_JSON, "invalid JSON: unexpected " + event);
    }
  }

  private static JsonParser.Event nextEvent(JsonParser parser) {
    if (!parser.hasNext()) {
      throw new InvalidOpException(Problem.INVALID_JSON, "invalid JSON: unexpected end of input");
    }
    return parser.next();
  }

  /**
   * The current number. Syntactically valid JSON numbers can still be unreadable: an exponent past
   * an int ({@code 1e99999999999}, a {@link NumberFormatException}), or longer than the provider
   * allows (Parsson's {@code org.eclipse.parsson.maxBigDecimalLength}, 1,100 characters, an
   * {@link UnsupportedOperationException}); both must leave as {@link InvalidOpException}.
   */
  private static BigDecimal bigDecimal(JsonParser parser) {
    try {
      return parser.getBigDecimal();
    } catch (NumberFormatException | UnsupportedOperationException | ArithmeticException e) {
      throw new InvalidOpException(
          Problem.INVALID_JSON, "invalid JSON: a number that cannot be read (" + e.getMessage() + ")", e);
    }
  }

  /**
   * {@code json} with every lone surrogate written as a {@code \\uXXXX} escape. UTF-16 text may hold
   * a surrogate cut from its pair (lengths count code units, and the reference allows cutting), but
   * UTF-8 (WebSocket frames, Redis, JMS, PostgreSQL) cannot carry one: it would arrive as '?'.
   * Escaped, the JSON stays ASCII there and reads back exactly. Valid pairs are kept as they are.
   * Returns {@code json} itself when it has no lone surrogate.
   */
  public static String escapeLoneSurrogates(String json) {
    int first = firstLoneSurrogate(json, 0);
    if (first < 0) {
      return json;
    }
    StringBuilder out = new StringBuilder(json.length() + 16);
    int from = 0;
    for (int i = first; i >= 0; i = firstLoneSurrogate(json, i + 1)) {
      out.append(json, from, i).append(String.format("\\u%04x", (int) json.charAt(i)));
      from = i + 1;
    }
    return out.append(json, from, json.length()).toString();
  }

  private static int firstLoneSurrogate(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      } else if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** A JSON number, as a long when it is integral and fits, so that equal numbers are equal. */
  public static JsonValue number(BigDecimal value) {
    if (value.signum() == 0) {
      return PROVIDER.createValue(0L);
    }
    // precision - scale is the number of integer digits; only then can the value fit in a long.
    if (value.precision() - value.scale() <= 19) {
      BigDecimal stripped = value.stripTrailingZeros();
      if (stripped.scale() <= 0) {
        try {
          return PROVIDER.createValue(stripped.longValueExact());
        } catch (ArithmeticException tooBig) {
          // falls through: kept as a decimal
        }
      }
      return PROVIDER.createValue(stripped);
    }
    return PROVIDER.createValue(value);
  }

  private static void checkDepth(int depth, JsonLimits limits) {
    if (depth > limits.maxDepth()) {
      throw new InvalidOpException(
          Problem.TOO_DEEP,
          "JSON nested more than " + limits.maxDepth() + " levels deep (the limit)");
    }
  }

  private static String checkString(String value, String what, JsonLimits limits) {
    if (value.length() > limits.maxStringLength()) {
      throw new InvalidOpException(
          Problem.STRING_TOO_LONG,
          "a "
              + what
              + " of "
              + value.length()
              + " characters is over the limit of "
              + limits.maxStringLength());
    }
    return value;
  }

  /** Thrown inside the parser's reads when the input passes the size limit. */
  private static final class SizeExceeded extends IOException {
    private static final long serialVersionUID = 1L;
    final long count;

    SizeExceeded(long count) {
      super("input over the size limit");
      this.count = count;
    }
  }

  /** Counts characters as the parser pulls them, and stops it at the limit. */
  private static final class CountingReader extends Reader {
    private final Reader in;
    private final long max;
    private long count;

    CountingReader(Reader in, JsonLimits limits) {
      this.in = in;
      this.max = limits.maxChars();
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count += n;
        if (count > max) {
          throw new SizeExceeded(count);
        }
      }
      return n;
    }

    @Override
    public void close() {
      try {
        in.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
