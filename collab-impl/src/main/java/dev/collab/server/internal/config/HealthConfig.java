package dev.collab.server.internal.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The health probes' settings (docs/CONFIGURATION.md, docs/OPERATIONS.md "Health probes").
 *
 * @param timeout {@code collab.health.timeout}: how long a readiness check waits for the store's
 *     answer before it reports the store DOWN; above zero
 * @param cache {@code collab.health.cache}: how long the store's answer is reused by later checks;
 *     zero or more
 */
public record HealthConfig(Duration timeout, Duration cache) {
  /** Two seconds to answer, answers reused for one second. */
  public static final HealthConfig DEFAULTS = new HealthConfig(Duration.ofSeconds(2), Duration.ofSeconds(1));

  public HealthConfig {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(cache, "cache");
    if (timeout.isNegative() || timeout.isZero() || cache.isNegative()) {
      throw new IllegalArgumentException("timeout must be above zero and cache zero or more: " + timeout + ", " + cache);
    }
  }

  static HealthConfig read(SettingsReader read) {
    return new HealthConfig(read.duration("collab.health.timeout", DEFAULTS.timeout(), true),
        read.duration("collab.health.cache", DEFAULTS.cache(), false));
  }
}
