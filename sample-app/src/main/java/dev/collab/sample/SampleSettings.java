package dev.collab.sample;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The sample's own settings ({@code sample.*}): a system property, else the environment variable
 * of the same name in upper case with {@code .} and {@code -} as {@code _} ({@code sample.db} is
 * {@code SAMPLE_DB}). Collab's own settings ({@code collab.*}) are read by Collab itself.
 */
final class SampleSettings {
  private SampleSettings() {}

  /** System properties, then environment variables. */
  static final Function<String, Optional<String>> SYSTEM = SampleSettings::get;

  static Optional<String> get(String key) {
    String value = System.getProperty(key);
    if (value == null || value.isBlank()) {
      value = System.getenv(environmentName(key));
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  static String environmentName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
