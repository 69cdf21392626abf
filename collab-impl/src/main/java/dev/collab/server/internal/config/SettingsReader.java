package dev.collab.server.internal.config;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Typed, validated reads of raw {@code collab.*} values. Every read either returns the value (or
 * the default when the key is not set) or throws {@link InvalidSettingException} naming the key,
 * the value and what is allowed. Remembers which keys were set, for the start-up log line.
 * One reader per parse; not thread-safe.
 */
final class SettingsReader {
  private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~/-]*");

  private final Function<String, Optional<String>> source;
  /** The keys that were set, with their values as read, in the order read. */
  private final Map<String, String> set = new LinkedHashMap<>();

  SettingsReader(Function<String, Optional<String>> source) {
    this.source = source;
  }

  /** The trimmed value of {@code key}, or empty when it is unset or blank. */
  Optional<String> raw(String key) {
    Optional<String> value = source.apply(key).map(String::trim).filter(v -> !v.isEmpty());
    value.ifPresent(v -> set.put(key, v));
    return value;
  }

  /** The keys that were set and their values, in the order read. */
  Map<String, String> set() {
    return set;
  }

  String string(String key, String fallback) {
    return raw(key).orElse(fallback);
  }

  /** A whole number of at least {@code min}. */
  int integer(String key, int fallback, int min) {
    Optional<String> value = raw(key);
    if (value.isEmpty()) {
      return fallback;
    }
    String allowed = "a whole number from " + min + " to " + Integer.MAX_VALUE;
    int parsed;
    try {
      parsed = Integer.parseInt(value.get());
    } catch (NumberFormatException e) {
      throw new InvalidSettingException(key, value.get(), allowed, e);
    }
    if (parsed < min) {
      throw new InvalidSettingException(key, value.get(), allowed);
    }
    return parsed;
  }

  /** An ISO-8601 duration ({@code PT2M}), never negative, and above zero when {@code positive}. */
  Duration duration(String key, Duration fallback, boolean positive) {
    return duration(key, fallback, positive, null);
  }

  /** A duration as {@link #duration(String, Duration, boolean)}, at most {@code max} when set. */
  Duration duration(String key, Duration fallback, boolean positive, @Nullable Duration max) {
    Optional<String> value = raw(key);
    if (value.isEmpty()) {
      return fallback;
    }
    String allowed = "an ISO-8601 duration such as PT2M or PT0.5S, " + (positive ? "above zero" : "zero or more")
        + (max == null ? "" : ", at most " + max);
    Duration parsed;
    try {
      parsed = Duration.parse(value.get());
    } catch (DateTimeParseException e) {
      throw new InvalidSettingException(key, value.get(), allowed, e);
    }
    if (parsed.isNegative() || (positive && parsed.isZero()) || (max != null && parsed.compareTo(max) > 0)) {
      throw new InvalidSettingException(key, value.get(), allowed);
    }
    return parsed;
  }

  /**
   * {@code true} or {@code false}, in any case. Stricter than {@link Boolean#parseBoolean}, which
   * read {@code yes} as false without a word.
   */
  boolean bool(String key, boolean fallback) {
    Optional<String> value = raw(key);
    if (value.isEmpty()) {
      return fallback;
    }
    switch (value.get().toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new InvalidSettingException(key, value.get(), "true or false");
    }
  }

  /** One of the constants of {@code type}, written in lower case ({@code redis}). */
  <E extends Enum<E>> E choice(String key, E fallback, Class<E> type) {
    Optional<String> value = raw(key);
    if (value.isEmpty()) {
      return fallback;
    }
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      String name = constant.name().toLowerCase(Locale.ROOT);
      if (name.equals(value.get())) {
        return constant;
      }
      names.add(name);
    }
    throw new InvalidSettingException(key, value.get(), "one of " + String.join(", ", names));
  }

  /** A path in the application: {@code /} added in front when missing; letters, digits, {@code . _ ~ - /}. */
  String path(String key, String fallback) {
    return path(key, fallback, false);
  }

  /** A path as {@link #path}, without trailing slashes, and not the application's root. */
  String subPath(String key, String fallback) {
    return path(key, fallback, true);
  }

  private String path(String key, String fallback, boolean notRoot) {
    Optional<String> value = raw(key);
    String path = value.orElse(fallback);
    path = path.startsWith("/") ? path : "/" + path;
    if (notRoot) {
      while (path.endsWith("/") && path.length() > 1) {
        path = path.substring(0, path.length() - 1);
      }
    }
    if (!PATH.matcher(path).matches() || (notRoot && path.equals("/"))) {
      throw new InvalidSettingException(key, value.orElse(fallback), "a path like " + fallback
          + " (letters, digits, . _ ~ - and /" + (notRoot ? "; not the root)" : ")"));
    }
    return path;
  }

  /**
   * A comma-separated list of browser origins ({@code scheme://host} or {@code scheme://host:port},
   * no path, as a browser sends them in {@code Origin}), or {@code *}. An entry with a path or a
   * trailing slash would never match a browser's {@code Origin}, so it is refused rather than
   * silently ignored. Empty entries are skipped.
   */
  List<String> origins(String key, List<String> fallback) {
    Optional<String> value = raw(key);
    if (value.isEmpty()) {
      return fallback;
    }
    List<String> origins = new ArrayList<>();
    for (String entry : value.get().split(",")) {
      String origin = entry.trim();
      if (origin.isEmpty()) {
        continue;
      }
      if (!origin.equals("*") && !isOrigin(origin)) {
        throw new InvalidSettingException(key, value.get(), "comma-separated origins such as"
            + " https://example.com or http://localhost:8080 (scheme, host, optional port; no path), or *;"
            + " '" + origin + "' is not one");
      }
      origins.add(origin);
    }
    return List.copyOf(origins);
  }

  private static boolean isOrigin(String origin) {
    try {
      URI uri = new URI(origin);
      return uri.getScheme() != null && uri.getHost() != null && uri.getRawPath() != null && uri.getRawPath().isEmpty()
          && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
    } catch (java.net.URISyntaxException e) {
      return false; // the caller names the entry and what is allowed
    }
  }

  /** A URI whose scheme starts with {@code prefix} ({@code redis}, {@code rediss}, ...). */
  String uri(String key, String fallback, String prefix) {
    Optional<String> value = raw(key);
    if (value.isEmpty()) {
      return fallback;
    }
    String allowed = "a " + prefix + " URI such as " + fallback;
    try {
      URI uri = new URI(value.get());
      if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).startsWith(prefix)) {
        throw new InvalidSettingException(key, value.get(), allowed);
      }
    } catch (java.net.URISyntaxException e) {
      throw new InvalidSettingException(key, value.get(), allowed, e);
    }
    return value.get();
  }

  /** The value of {@code key}, or null when it is not set. */
  @Nullable String optional(String key) {
    return raw(key).orElse(null);
  }
}
