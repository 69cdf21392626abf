package dev.collab.ot;

import dev.collab.ot.InvalidOpException.Problem;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a rich-text op may contain beyond plain text: the attribute names with the values each may
 * take, and the embed types with theirs. The server checks every submitted op against it before it
 * is committed, so that a hostile client cannot store something that attacks the next reader: URLs
 * only with safe schemes, no markup or CSS smuggled into a value, no unknown format.
 *
 * <p>Immutable and thread-safe. {@link #QUILL} allows Quill's standard formats; an application
 * builds its own with {@link #builder()} (starting from {@link #QUILL} with
 * {@link Builder#from(RichTextSchema)} to extend it). Inserted text itself is never restricted: it is
 * text, and clients render it as text. On a retain, a null value (removing an attribute) is accepted
 * for every known attribute.
 */
public final class RichTextSchema {

  /**
   * A rule one attribute value or embed value must pass. Implementations are pure and thread-safe:
   * the server calls them on every submitted op, from any thread.
   */
  public interface Rule {
    /**
     * Whether a value passes.
     *
     * @param value an attribute's value or an embed's value, never {@link JsonValue#NULL} (a removal
     *     is accepted without asking the rule)
     * @return true when the value is allowed
     */
    boolean accepts(JsonValue value);

    /**
     * What the rule allows, for error messages.
     *
     * @return a short phrase that completes "must be ...", e.g. {@code a boolean}
     */
    String describe();
  }

  private static final Pattern URL =
      Pattern.compile("(?i)(https?://[^\\s\"'<>`\\\\]{1,2040}|mailto:[^\\s\"'<>`\\\\]{1,2040})");
  private static final Pattern HTTP_URL = Pattern.compile("(?i)https?://[^\\s\"'<>`\\\\]{1,2040}");
  private static final Pattern COLOR =
      Pattern.compile("#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|[a-zA-Z]{1,20}|rgba?\\(\\s*\\d{1,3}\\s*,\\s*\\d{1,3}\\s*,\\s*\\d{1,3}\\s*(,\\s*(0|1|0?\\.\\d{1,3})\\s*)?\\)");
  private static final Pattern TOKEN = Pattern.compile("[a-zA-Z0-9-]{1,64}");
  private static final Pattern LENGTH = Pattern.compile("\\d{1,5}(px|em|rem|pt|%)?");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}(:\\d{1,5})?");
  /** The host and port of an http(s) URL: no user info (an {@code @} before the host is refused). */
  private static final Pattern URL_HOST = Pattern.compile("(?i)https?://([A-Za-z0-9.-]+)(?::(\\d{1,5}))?(?=[/?#]|$)");

  /**
   * JSON {@code true} only (for embeds such as {@code divider}).
   *
   * @return the rule
   */
  public static Rule isTrue() {
    return rule("true", v -> v == JsonValue.TRUE);
  }

  /**
   * JSON {@code true} or {@code false}.
   *
   * @return the rule
   */
  public static Rule bool() {
    return rule("a boolean", v -> v == JsonValue.TRUE || v == JsonValue.FALSE);
  }

  /**
   * One of these strings.
   *
   * @param values the allowed strings, compared exactly
   * @return the rule
   */
  public static Rule oneOf(String... values) {
    Set<String> allowed = Set.of(values);
    return rule("one of " + allowed, v -> v instanceof JsonString && allowed.contains(((JsonString) v).getString()));
  }

  /**
   * A string matching {@code pattern} entirely.
   *
   * @param description what the pattern allows, for error messages (e.g. {@code a CSS colour})
   * @param pattern the pattern the whole string must match; bound its repetitions, since it runs on
   *     untrusted input
   * @return the rule
   */
  public static Rule matching(String description, Pattern pattern) {
    return rule(description, v -> v instanceof JsonString && pattern.matcher(((JsonString) v).getString()).matches());
  }

  /**
   * A JSON integer from {@code min} to {@code max}, both included.
   *
   * @param min the smallest value allowed
   * @param max the largest value allowed
   * @return the rule
   */
  public static Rule integer(int min, int max) {
    return rule("an integer from " + min + " to " + max, v -> {
      if (!(v instanceof JsonNumber) || !((JsonNumber) v).isIntegral()) {
        return false;
      }
      long n = ((JsonNumber) v).longValue();
      return n >= min && n <= max;
    });
  }

  /**
   * An http, https or mailto URL without quotes, spaces or angle brackets.
   *
   * @return the rule; at most 2,040 characters after the scheme
   */
  public static Rule url() {
    return matching("an http, https or mailto URL", URL);
  }

  /**
   * An http or https URL without quotes, spaces or angle brackets.
   *
   * @return the rule; at most 2,040 characters after the scheme
   */
  public static Rule httpUrl() {
    return matching("an http or https URL", HTTP_URL);
  }

  /**
   * An http or https URL (as {@link #httpUrl()}) whose host is one of {@code hosts} (compared
   * without case; an entry may name a port, {@code host:port}). For a server-side allow-list of
   * video hosts, mirroring the browser client's {@code videoHosts}:
   * {@code builder().from(QUILL).embed("video", httpUrlOn("www.youtube-nocookie.com", "player.vimeo.com"))}.
   *
   * @param hosts the allowed hosts, each {@code host} or {@code host:port}
   * @return the rule; a URL with user info ({@code user@host}) never passes
   * @throws IllegalArgumentException if a host is not a host name (letters, digits, dots, hyphens,
   *     an optional port)
   * @since 0.1
   */
  public static Rule httpUrlOn(String... hosts) {
    Set<String> allowed = new TreeSet<>();
    for (String host : hosts) {
      if (host == null || !HOST.matcher(host).matches()) {
        throw new IllegalArgumentException("httpUrlOn: not a host name: " + host);
      }
      allowed.add(host.toLowerCase(Locale.ROOT));
    }
    Set<String> copy = Set.copyOf(allowed);
    return rule("an http or https URL on " + allowed, v -> {
      if (!(v instanceof JsonString) || !HTTP_URL.matcher(((JsonString) v).getString()).matches()) {
        return false;
      }
      Matcher m = URL_HOST.matcher(((JsonString) v).getString());
      if (!m.lookingAt()) {
        return false;
      }
      String host = m.group(1).toLowerCase(Locale.ROOT);
      String port = m.group(2);
      return copy.contains(host) || port != null && copy.contains(host + ":" + port);
    });
  }

  /**
   * Either rule.
   *
   * @param a a rule
   * @param b another rule
   * @return a rule that accepts what {@code a} or {@code b} accepts
   */
  public static Rule either(Rule a, Rule b) {
    return rule(a.describe() + " or " + b.describe(), v -> a.accepts(v) || b.accepts(v));
  }

  /**
   * A string of at most {@code max} characters without markup characters ({@code < > & " '}).
   *
   * @param max the longest string, in UTF-16 code units
   * @return the rule
   */
  public static Rule plainText(int max) {
    return rule("text of at most " + max + " characters without < > & \" '",
        v -> v instanceof JsonString && ((JsonString) v).getString().length() <= max
            && ((JsonString) v).getString().chars().noneMatch(c -> c == '<' || c == '>' || c == '&' || c == '"' || c == '\''));
  }

  /**
   * An object whose keys are among these, each value passing its key's rule.
   *
   * @param fields the allowed keys with their rules; copied
   * @return the rule; an object with a key not in {@code fields} fails it, a missing key does not
   */
  public static Rule object(Map<String, Rule> fields) {
    Map<String, Rule> copy = Map.copyOf(fields);
    return rule("an object with " + copy.keySet(), v -> {
      if (!(v instanceof JsonObject) || !copy.keySet().containsAll(((JsonObject) v).keySet())) {
        return false;
      }
      for (Map.Entry<String, JsonValue> field : ((JsonObject) v).entrySet()) {
        if (!copy.get(field.getKey()).accepts(field.getValue())) {
          return false;
        }
      }
      return true;
    });
  }

  private static Rule rule(String description, java.util.function.Predicate<JsonValue> test) {
    return new Rule() {
      @Override
      public boolean accepts(JsonValue value) {
        return test.test(value);
      }

      @Override
      public String describe() {
        return description;
      }
    };
  }

  /** Quill 2's standard formats and embeds (image, video, formula, divider, mention). */
  public static final RichTextSchema QUILL = builder()
      .attribute("bold", bool()).attribute("italic", bool()).attribute("underline", bool())
      .attribute("strike", bool()).attribute("code", bool())
      .attribute("link", url())
      .attribute("color", matching("a CSS colour", COLOR))
      .attribute("background", matching("a CSS colour", COLOR))
      .attribute("font", matching("a font name (letters, digits, '-')", TOKEN))
      .attribute("size", either(oneOf("small", "large", "huge"), matching("a CSS length", LENGTH)))
      .attribute("script", oneOf("sub", "super"))
      .attribute("header", integer(1, 6))
      .attribute("list", oneOf("ordered", "bullet", "checked", "unchecked"))
      .attribute("blockquote", bool())
      .attribute("code-block", either(bool(), matching("a language name", TOKEN)))
      .attribute("align", oneOf("left", "center", "right", "justify"))
      .attribute("direction", oneOf("rtl", "ltr"))
      .attribute("indent", integer(1, 8))
      .attribute("width", either(integer(1, 100_000), matching("a CSS length", LENGTH)))
      .attribute("height", either(integer(1, 100_000), matching("a CSS length", LENGTH)))
      .attribute("alt", plainText(1_000))
      .embed("image", httpUrl())
      .embed("video", httpUrl())
      .embed("formula", plainText(10_000))
      .embed("divider", isTrue())
      .embed("mention", object(Map.of("id", matching("an id", Pattern.compile("[A-Za-z0-9._@+-]{1,128}")), "name", plainText(256))))
      .build();

  /** Accepts every attribute and embed: the model's own rules only. For tests and trusted input. */
  public static final RichTextSchema PERMISSIVE = new RichTextSchema(Map.of(), Map.of(), true);

  private final Map<String, Rule> attributes;
  private final Map<String, Rule> embeds;
  private final boolean permissive;

  private RichTextSchema(Map<String, Rule> attributes, Map<String, Rule> embeds, boolean permissive) {
    this.attributes = attributes;
    this.embeds = embeds;
    this.permissive = permissive;
  }

  /**
   * Starts an empty schema: nothing allowed but plain text.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The attribute names this schema knows.
   *
   * @return an unmodifiable set; empty for {@link #PERMISSIVE}
   */
  public Set<String> attributeNames() {
    return attributes.keySet();
  }

  /**
   * The embed types this schema knows.
   *
   * @return an unmodifiable set; empty for {@link #PERMISSIVE}
   */
  public Set<String> embedTypes() {
    return embeds.keySet();
  }

  /**
   * Checks every attribute and embed of {@code op}.
   *
   * @param op a change or a document
   * @throws InvalidOpException ({@link Problem#MALFORMED_OP}) naming the op index and the value
   */
  public void check(Delta op) {
    if (permissive) {
      return;
    }
    List<Op> ops = op.ops();
    for (int i = 0; i < ops.size(); i++) {
      Op o = ops.get(i);
      for (Map.Entry<String, JsonValue> attribute : o.attributes().entrySet()) {
        Rule rule = attributes.get(attribute.getKey());
        if (rule == null) {
          throw refused(i, "unknown attribute '" + shown(attribute.getKey()) + "'");
        }
        JsonValue value = attribute.getValue();
        if (value == JsonValue.NULL ? !o.isRetain() : !rule.accepts(value)) {
          throw refused(i, "attribute '" + attribute.getKey() + "' must be " + rule.describe() + ", was " + shown(value.toString()));
        }
      }
      if (o.isEmbed()) {
        JsonObject embed = o.embed();
        if (embed.size() != 1) {
          throw refused(i, "an embed must have exactly one key, its type; has " + embed.size());
        }
        Map.Entry<String, JsonValue> entry = embed.entrySet().iterator().next();
        Rule rule = embeds.get(entry.getKey());
        if (rule == null) {
          throw refused(i, "unknown embed type '" + shown(entry.getKey()) + "'");
        }
        if (!rule.accepts(entry.getValue())) {
          throw refused(i, "embed '" + entry.getKey() + "' must be " + rule.describe() + ", was " + shown(entry.getValue().toString()));
        }
      }
    }
  }

  private static InvalidOpException refused(int index, String message) {
    return new InvalidOpException(Problem.MALFORMED_OP, "op " + index + ": " + message);
  }

  /** A value for an error message: cut short, control characters replaced. */
  private static String shown(String value) {
    String cut = value.length() > 80 ? value.substring(0, 80) + "..." : value;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }

  /** Builds a schema. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Rule> attributes = new LinkedHashMap<>();
    private final Map<String, Rule> embeds = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Starts from every attribute and embed of {@code schema}.
     *
     * @param schema the schema to extend, e.g. {@link #QUILL}; {@link #PERMISSIVE} adds nothing
     * @return this builder
     */
    public Builder from(RichTextSchema schema) {
      attributes.putAll(schema.attributes);
      embeds.putAll(schema.embeds);
      return this;
    }

    /**
     * Allows attribute {@code name} with values passing {@code rule} (replacing an earlier rule).
     *
     * @param name the attribute's name
     * @param rule the rule its values must pass
     * @return this builder
     */
    public Builder attribute(String name, Rule rule) {
      attributes.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /**
     * Allows embeds of type {@code type} whose value passes {@code rule} (replacing an earlier rule).
     *
     * @param type the embed's type: its one key, e.g. {@code image}
     * @param rule the rule its value must pass
     * @return this builder
     */
    public Builder embed(String type, Rule rule) {
      embeds.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /**
     * Forbids an attribute or embed type again.
     *
     * @param name the attribute name or embed type to remove; unknown names are ignored
     * @return this builder
     */
    public Builder without(String name) {
      attributes.remove(name);
      embeds.remove(name);
      return this;
    }

    /**
     * The schema as built so far; the builder may be used on.
     *
     * @return an immutable schema that checks ops
     */
    public RichTextSchema build() {
      return new RichTextSchema(Map.copyOf(attributes), Map.copyOf(embeds), false);
    }
  }
}
