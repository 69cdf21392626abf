package dev.collab.server.internal.config;

import org.jspecify.annotations.Nullable;

/**
 * A {@code collab.*} setting whose value is not allowed. Thrown while the configuration is parsed,
 * when the application starts, so that the deployment fails; the message names the key, the value
 * and what is allowed, e.g. {@code collab setting collab.max-retries=-1 is not valid: a whole
 * number from 0 to 2147483647}.
 */
public final class InvalidSettingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final String value;

  InvalidSettingException(String key, String value, String allowed, @Nullable Throwable cause) {
    super("collab setting " + key + "=" + value + " is not valid: " + allowed, cause);
    this.key = key;
    this.value = value;
  }

  InvalidSettingException(String key, String value, String allowed) {
    this(key, value, allowed, null);
  }

  /** The setting's key, e.g. {@code collab.max-retries}. */
  public String key() {
    return key;
  }

  /** The value as it was read (trimmed). */
  public String value() {
    return value;
  }
}
