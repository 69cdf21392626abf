package dev.collab.server.internal.config;

import dev.collab.server.internal.config.CollabConfiguration;
import dev.collab.server.internal.config.CollabSettings;
import dev.collab.server.internal.config.InvalidSettingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.collab.server.internal.engine.EngineConfig;
import dev.collab.server.internal.config.WireConfig;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every {@code collab.*} setting is parsed and validated in one place, once: each kind of value is
 * checked on both sides of its limit, and the error names the key, the value and what is allowed.
 */
class CollabConfigurationTest {

  private static CollabConfiguration parse(Map<String, String> settings) {
    return CollabConfiguration.parse(key -> Optional.ofNullable(settings.get(key)));
  }

  private static CollabConfiguration parse(String key, String value) {
    return parse(Map.of(key, value));
  }

  /** Parsing {@code key=value} fails with an error that names both and says what is allowed. */
  private static AbstractThrowableAssert<?, ? extends Throwable> refused(String key, String value, String allowed) {
    return assertThatThrownBy(() -> parse(key, value))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("collab setting " + key + "=" + value.trim() + " is not valid: ")
        .hasMessageContaining(allowed)
        .satisfies(e -> {
          assertThat(((InvalidSettingException) e).key()).isEqualTo(key);
          assertThat(((InvalidSettingException) e).value()).isEqualTo(value.trim());
        });
  }

  @Test
  @DisplayName("with nothing set, every value is the documented default")
  void defaults() {
    CollabConfiguration defaults = CollabConfiguration.defaults();
    assertThat(defaults.engine()).isEqualTo(EngineConfig.DEFAULTS);
    assertThat(defaults.wire()).isEqualTo(WireConfig.DEFAULTS);
    assertThat(defaults.wire().tyrusOwnTimer()).as("Collab's scheduler for Tyrus sessions by default").isTrue();
    assertThat(defaults.webSocketPath()).isEqualTo("/collab/ws");
    assertThat(defaults.adminRole()).isEqualTo("collab-admin");
    assertThat(defaults.clientPath()).isEqualTo("/collab/client");
    assertThat(defaults.store()).isNull();
    assertThat(defaults.bus()).isEqualTo(CollabConfiguration.Bus.LOCAL);
    assertThat(defaults.nodes()).isEqualTo(1);
    assertThat(defaults.redisUri()).isEqualTo("redis://127.0.0.1:6379");
    assertThat(defaults.jmsConnectionFactory()).isEqualTo("java:comp/DefaultJMSConnectionFactory");
    assertThat(defaults.jmsTopic()).isEqualTo("collab");
    assertThat(defaults.anyUserWrites()).isFalse();
    assertThat(defaults.set()).isEmpty();
  }

  @Test
  @DisplayName("every key reaches its field (blank counts as unset, values are trimmed)")
  void everyKeyReachesItsField() {
    Map<String, String> settings = new HashMap<>();
    settings.put("collab.max-op-length", "11");
    settings.put("collab.max-document-length", "12");
    settings.put("collab.max-pending-per-document", "13");
    settings.put("collab.max-in-flight-per-client", "14");
    settings.put("collab.max-retries", "0");
    settings.put("collab.max-batch", "16");
    settings.put("collab.window-size", "17");
    settings.put("collab.snapshot-every", "18");
    settings.put("collab.idle-unload", "PT19S");
    settings.put("collab.access-cache-ttl", "PT0S");
    settings.put("collab.presence-interval", "PT0.021S");
    settings.put("collab.worker-threads", "22");
    settings.put("collab.max-commit-queue", "23");
    settings.put("collab.max-commit-batch", "24");
    settings.put("collab.committer-threads", "25");
    settings.put("collab.max-catch-up-ops", "26");
    settings.put("collab.max-presence-meta-length", "27");
    settings.put("collab.max-creates-per-user", "28");
    settings.put("collab.create-window", "PT29M");
    settings.put("collab.max-loaded-documents", "30");
    settings.put("collab.max-document-bytes", "1000");
    settings.put("collab.max-message-bytes", "31");
    settings.put("collab.max-messages-per-second", "32");
    settings.put("collab.max-messages-per-second-per-user", "33");
    settings.put("collab.max-json-depth", "34");
    settings.put("collab.max-queued-messages", "35");
    settings.put("collab.max-queued-bytes", "36");
    settings.put("collab.idle-timeout", "PT37S");
    settings.put("collab.allow-anonymous", "TRUE");
    settings.put("collab.allowed-origins", " https://a.example, ,http://localhost:8080 ");
    settings.put("collab.max-connections-per-user", "38");
    settings.put("collab.tyrus-own-timer", "false");
    settings.put("collab.fan-out-linger", "PT0.039S");
    settings.put("collab.ws.path", "ws");
    settings.put("collab.client.path", "/assets/collab/");
    settings.put("collab.store", " memory ");
    settings.put("collab.bus", "jms");
    settings.put("collab.nodes", "3");
    settings.put("collab.redis.uri", "rediss://:secret@redis.example:6380");
    settings.put("collab.jms.connection-factory", "java:app/jms/Factory");
    settings.put("collab.jms.topic", "edits");
    settings.put("collab.any-user-writes", "false");
    settings.put("collab.admin-role", " ops ");
    settings.put("collab.unrelated", "   ");
    CollabConfiguration c = parse(settings);

    assertThat(c.engine()).isEqualTo(new EngineConfig(11, 12, 13, 14, 0, 16, 17, 18, Duration.ofSeconds(19),
        Duration.ZERO, Duration.ofMillis(21), 22, 23, 24, 25, 26, 27, 28, Duration.ofMinutes(29), 30, 1_000));
    assertThat(c.wire()).isEqualTo(new WireConfig(31, 32, 33, 34, 35, 36, Duration.ofSeconds(37), true,
        List.of("https://a.example", "http://localhost:8080"), 38, false, Duration.ofMillis(39)));
    assertThat(c.webSocketPath()).isEqualTo("/ws");
    assertThat(c.clientPath()).isEqualTo("/assets/collab");
    assertThat(c.store()).isEqualTo("memory");
    assertThat(c.bus()).isEqualTo(CollabConfiguration.Bus.JMS);
    assertThat(c.nodes()).isEqualTo(3);
    assertThat(c.redisUri()).isEqualTo("rediss://:secret@redis.example:6380");
    assertThat(c.jmsConnectionFactory()).isEqualTo("java:app/jms/Factory");
    assertThat(c.jmsTopic()).isEqualTo("edits");
    assertThat(c.anyUserWrites()).isFalse();
    assertThat(c.adminRole()).isEqualTo("ops");
    assertThat(c.set()).hasSize(settings.size() - 1).doesNotContainKey("collab.unrelated");
    assertThat(c.describeSet()).contains("collab.bus=jms", "collab.redis.uri=rediss://***@redis.example:6380")
        .doesNotContain("secret");
  }

  @Nested
  @DisplayName("whole numbers")
  class Numbers {
    @ParameterizedTest
    @ValueSource(strings = {"collab.max-op-length", "collab.max-document-length", "collab.max-pending-per-document",
        "collab.max-in-flight-per-client", "collab.max-batch", "collab.window-size", "collab.snapshot-every",
        "collab.worker-threads", "collab.max-commit-queue", "collab.max-commit-batch", "collab.committer-threads",
        "collab.max-catch-up-ops", "collab.max-presence-meta-length", "collab.max-creates-per-user",
        "collab.max-loaded-documents", "collab.max-message-bytes", "collab.max-messages-per-second",
        "collab.max-messages-per-second-per-user", "collab.max-json-depth", "collab.max-queued-messages",
        "collab.max-queued-bytes", "collab.max-connections-per-user", "collab.nodes"})
    @DisplayName("a count is at least 1: 1 passes, 0 and -1 fail naming the key")
    void countsAreAtLeastOne(String key) {
      assertThat(parse(key, "1")).isNotNull();
      refused(key, "0", "a whole number from 1 to 2147483647");
      refused(key, "-1", "a whole number from 1 to 2147483647");
    }

    @Test
    @DisplayName("collab.max-retries may be 0 but not negative")
    void retriesMayBeZero() {
      assertThat(parse("collab.max-retries", "0").engine().maxRetries()).isZero();
      refused("collab.max-retries", "-1", "a whole number from 0 to 2147483647");
    }

    @Test
    @DisplayName("collab.max-document-bytes is at least 64 (room for a short document)")
    void documentBytesAtLeast64() {
      assertThat(parse("collab.max-document-bytes", "64").engine().maxDocumentBytes()).isEqualTo(64);
      refused("collab.max-document-bytes", "63", "a whole number from 64 to 2147483647");
    }

    @Test
    @DisplayName("not a number, a fraction, or past 2^31-1 fails naming the key")
    void notANumber() {
      refused("collab.max-batch", "12x", "a whole number from 1 to 2147483647")
          .hasCauseInstanceOf(NumberFormatException.class);
      refused("collab.max-batch", "1.5", "a whole number");
      refused("collab.max-queued-bytes", "2147483648", "a whole number");
      assertThat(parse("collab.max-queued-bytes", "2147483647").wire().maxQueuedBytes()).isEqualTo(Integer.MAX_VALUE);
    }
  }

  @Nested
  @DisplayName("durations")
  class Durations {
    @ParameterizedTest
    @ValueSource(strings = {"collab.idle-unload", "collab.access-cache-ttl", "collab.presence-interval",
        "collab.idle-timeout"})
    @DisplayName("zero passes, a negative duration or one that does not parse fails naming the key")
    void zeroOrMore(String key) {
      assertThat(parse(key, "PT0S")).isNotNull();
      refused(key, "-PT1S", "an ISO-8601 duration such as PT2M or PT0.5S, zero or more");
      refused(key, "2 minutes", "an ISO-8601 duration");
      refused(key, "120", "an ISO-8601 duration");
    }

    @Test
    @DisplayName("collab.fan-out-linger is zero to 100 ms: PT0.1S passes, PT0.101S fails naming the key and the bound")
    void fanOutLingerBounded() {
      assertThat(parse("collab.fan-out-linger", "PT0S").wire().fanOutLinger()).isEqualTo(Duration.ZERO);
      assertThat(parse("collab.fan-out-linger", "PT0.1S").wire().fanOutLinger()).isEqualTo(Duration.ofMillis(100));
      refused("collab.fan-out-linger", "PT0.101S", "at most PT0.1S");
      refused("collab.fan-out-linger", "-PT0.001S", "zero or more");
    }

    @Test
    @DisplayName("collab.create-window must be above zero")
    void createWindowAboveZero() {
      assertThat(parse("collab.create-window", "PT0.001S").engine().createWindow()).isEqualTo(Duration.ofMillis(1));
      refused("collab.create-window", "PT0S", "above zero");
      refused("collab.create-window", "-PT10M", "above zero");
    }
  }

  @Nested
  @DisplayName("choices")
  class Choices {
    @ParameterizedTest
    @ValueSource(strings = {"collab.allow-anonymous", "collab.any-user-writes", "collab.tyrus-own-timer"})
    @DisplayName("a boolean is true or false in any case; yes, 1 or on fail (they used to read as false)")
    void booleans(String key) {
      assertThat(parse(Map.of(key, "True")).set()).containsEntry(key, "True");
      refused(key, "yes", "true or false");
      refused(key, "1", "true or false");
      refused(key, "on", "true or false");
    }

    @Test
    @DisplayName("an unknown bus fails naming the ones there are; each known one parses")
    void bus() {
      refused("collab.bus", "kafka", "one of local, redis, jms");
      refused("collab.bus", "Redis", "one of local, redis, jms");
      assertThat(parse("collab.bus", "local").bus()).isEqualTo(CollabConfiguration.Bus.LOCAL);
      assertThat(parse("collab.bus", "redis").bus()).isEqualTo(CollabConfiguration.Bus.REDIS);
      assertThat(parse("collab.bus", "jms").bus()).isEqualTo(CollabConfiguration.Bus.JMS);
    }

    @Test
    @DisplayName("collab.store is kept as set: it is checked only where Collab's own store would serve")
    void storeIsCheckedWhereUsed() {
      assertThat(parse("collab.store", "jpa").store()).isEqualTo("jpa");
    }
  }

  @Nested
  @DisplayName("addresses")
  class Addresses {
    @Test
    @DisplayName("an origin with a path, a slash or no host would never match a browser's Origin: it fails")
    void origins() {
      String key = "collab.allowed-origins";
      assertThat(parse(key, "*").wire().allowedOrigins()).containsExactly("*");
      assertThat(parse(key, "https://a.example:8443,app://desk").wire().allowedOrigins())
          .containsExactly("https://a.example:8443", "app://desk");
      refused(key, "https://a.example/", "'https://a.example/' is not one");
      refused(key, "https://a.example, https://b.example/app", "'https://b.example/app' is not one");
      refused(key, "a.example", "scheme, host, optional port");
      refused(key, "https://a.example?x=1", "no path");
    }

    @Test
    @DisplayName("the Redis URI must be a redis URI")
    void redisUri() {
      refused("collab.redis.uri", "http://redis.example", "a redis URI such as redis://127.0.0.1:6379");
      refused("collab.redis.uri", "redis://a b", "a redis URI");
      assertThat(parse("collab.redis.uri", "redis-sentinel://s1:26379/0#mymaster").redisUri())
          .isEqualTo("redis-sentinel://s1:26379/0#mymaster");
    }

    @Test
    @DisplayName("paths: letters, digits, . _ ~ - and /; the client path is not the root")
    void paths() {
      assertThat(parse("collab.ws.path", "/").webSocketPath()).isEqualTo("/");
      refused("collab.ws.path", "/collab ws", "a path like /collab/ws");
      refused("collab.ws.path", "/ws/{id}", "a path like /collab/ws");
      refused("collab.client.path", "/", "not the root");
      refused("collab.client.path", "//", "not the root");
    }
  }

  @Nested
  @DisplayName("once per deployment")
  class OncePerDeployment {
    @Test
    @DisplayName("the settings are read once per application class loader, until it is undeployed")
    void parsedOnce() throws Exception {
      Thread thread = Thread.currentThread();
      ClassLoader before = thread.getContextClassLoader();
      String key = "collab.max-batch";
      try (URLClassLoader application = new URLClassLoader(new URL[0], null)) {
        thread.setContextClassLoader(application);
        System.setProperty(key, "7");
        CollabConfiguration first = CollabSettings.deployed();
        System.setProperty(key, "8");
        assertThat(CollabSettings.deployed()).isSameAs(first);
        assertThat(first.engine().maxBatch()).isEqualTo(7);
        CollabSettings.undeployed(first);
        CollabConfiguration second = CollabSettings.deployed();
        assertThat(second).isNotSameAs(first);
        assertThat(second.engine().maxBatch()).isEqualTo(8);
        CollabSettings.undeployed(first); // a stale value's end does not drop the new one
        assertThat(CollabSettings.deployed()).isSameAs(second);
        CollabSettings.undeployed(second);
      } finally {
        System.clearProperty(key);
        thread.setContextClassLoader(before);
      }
    }

    @Test
    @DisplayName("a bad value fails every time it is asked for, and nothing is kept")
    void badValueIsNotKept() throws Exception {
      Thread thread = Thread.currentThread();
      ClassLoader before = thread.getContextClassLoader();
      try (URLClassLoader application = new URLClassLoader(new URL[0], null)) {
        thread.setContextClassLoader(application);
        System.setProperty("collab.nodes", "two");
        assertThatThrownBy(CollabSettings::deployed).isInstanceOf(InvalidSettingException.class)
            .hasMessage("collab setting collab.nodes=two is not valid: a whole number from 1 to 2147483647");
        assertThatThrownBy(CollabSettings::deployed).hasMessageContaining("collab.nodes=two");
        System.setProperty("collab.nodes", "2");
        assertThat(CollabSettings.deployed().nodes()).isEqualTo(2);
        CollabSettings.undeployed(null);
      } finally {
        System.clearProperty("collab.nodes");
        thread.setContextClassLoader(before);
      }
    }

    @Test
    @DisplayName("each key is asked of the sources once per parse")
    void eachKeyReadOnce() {
      Map<String, AtomicInteger> reads = new HashMap<>();
      Function<String, Optional<String>> source = key -> {
        reads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        return Optional.empty();
      };
      CollabConfiguration.parse(source);
      assertThat(reads).hasSizeGreaterThanOrEqualTo(39);
      assertThat(reads.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
    }
  }
}
