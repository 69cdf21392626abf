package dev.collab.server.internal.cdi;

import dev.collab.server.internal.engine.EngineConfig;
import dev.collab.server.internal.ws.WireConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.WeakHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code collab.*} settings: from MicroProfile Config when the server has it, else from
 * system properties, else from environment variables ({@code collab.ws.path} is also
 * {@code COLLAB_WS_PATH}), else from the application's
 * {@code META-INF/microprofile-config.properties} (so that one file in the WAR works on servers with
 * and without MicroProfile Config, in the order MicroProfile Config itself gives). Every key and its
 * default is in {@code docs/CONFIGURATION.md}.
 */
public final class CollabSettings {
  private static final String PROPERTIES_FILE = "META-INF/microprofile-config.properties";
  /** The properties files of each application class loader, read once. */
  private static final Map<ClassLoader, Properties> FILES = Collections.synchronizedMap(new WeakHashMap<>());

  private CollabSettings() {}

  /** The raw value of {@code key}, if set anywhere. */
  public static Optional<String> get(String key) {
    String value = fromMicroProfile(key);
    if (value == null) {
      value = System.getProperty(key);
    }
    if (value == null) {
      value = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
    }
    if (value == null) {
      value = fromPropertiesFile(key);
    }
    return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
  }

  /**
   * {@code key} in the {@code META-INF/microprofile-config.properties} files the application's
   * class loader sees (the first file that has it), for servers without MicroProfile Config.
   */
  private static @Nullable String fromPropertiesFile(String key) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = CollabSettings.class.getClassLoader();
    }
    return FILES.computeIfAbsent(loader, CollabSettings::readPropertiesFiles).getProperty(key);
  }

  private static Properties readPropertiesFiles(ClassLoader loader) {
    Properties merged = new Properties();
    try {
      List<URL> files = Collections.list(loader.getResources(PROPERTIES_FILE));
      // the first file on the class path wins: read the others first, then overwrite
      Collections.reverse(files);
      for (URL file : files) {
        try (InputStream in = file.openStream()) {
          merged.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("collab: cannot read " + PROPERTIES_FILE, e);
    }
    return merged;
  }

  /** MicroProfile Config through reflection, so it stays an optional dependency. */
  private static @Nullable String fromMicroProfile(String key) {
    try {
      Class<?> provider = Class.forName("org.eclipse.microprofile.config.ConfigProvider",
          false, Thread.currentThread().getContextClassLoader());
      Object config = provider.getMethod("getConfig").invoke(null);
      Method getOptional = config.getClass().getMethod("getOptionalValue", String.class, Class.class);
      Optional<?> value = (Optional<?>) getOptional.invoke(config, key, String.class);
      return value.map(Object::toString).orElse(null);
    } catch (ReflectiveOperationException | LinkageError | RuntimeException absent) {
      return null;
    }
  }

  private static <T> T get(String key, T fallback, Function<String, T> parse) {
    Optional<String> value = get(key);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      return parse.apply(value.get());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("collab setting " + key + "=" + value.get() + " is not valid: " + e.getMessage(), e);
    }
  }

  /** The WebSocket endpoint's path inside the application, default {@code /collab/ws}. */
  public static String webSocketPath() {
    String path = get("collab.ws.path").orElse("/collab/ws");
    return path.startsWith("/") ? path : "/" + path;
  }

  /**
   * The path of the browser client's assets inside the application, default {@code /collab/client};
   * no trailing slash.
   */
  public static String clientPath() {
    String path = get("collab.client.path").orElse("/collab/client");
    path = path.startsWith("/") ? path : "/" + path;
    while (path.endsWith("/") && path.length() > 1) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.equals("/") || !path.matches("/[A-Za-z0-9._~/-]+")) {
      throw new IllegalArgumentException("collab setting collab.client.path=" + path
          + " is not valid: a path like /collab/client (letters, digits, . _ ~ - and /; not the root)");
    }
    return path;
  }

  public static EngineConfig engineConfig() {
    EngineConfig d = EngineConfig.DEFAULTS;
    return new EngineConfig(
        get("collab.max-op-length", d.maxOpLength(), Integer::parseInt),
        get("collab.max-document-length", d.maxDocumentLength(), Integer::parseInt),
        get("collab.max-pending-per-document", d.maxPendingPerDocument(), Integer::parseInt),
        get("collab.max-in-flight-per-client", d.maxInFlightPerClient(), Integer::parseInt),
        get("collab.max-retries", d.maxRetries(), Integer::parseInt),
        get("collab.max-batch", d.maxBatch(), Integer::parseInt),
        get("collab.window-size", d.windowSize(), Integer::parseInt),
        get("collab.snapshot-every", d.snapshotEvery(), Integer::parseInt),
        get("collab.idle-unload", d.idleUnload(), Duration::parse),
        get("collab.access-cache-ttl", d.accessCacheTtl(), Duration::parse),
        get("collab.presence-interval", d.presenceInterval(), Duration::parse),
        get("collab.worker-threads", d.workerThreads(), Integer::parseInt),
        get("collab.max-commit-queue", d.maxCommitQueue(), Integer::parseInt),
        get("collab.max-commit-batch", d.maxCommitBatch(), Integer::parseInt),
        get("collab.committer-threads", d.committerThreads(), Integer::parseInt),
        get("collab.max-catch-up-ops", d.maxCatchUpOps(), Integer::parseInt),
        get("collab.max-presence-meta-length", d.maxPresenceMetaLength(), Integer::parseInt),
        get("collab.max-creates-per-user", d.maxCreatesPerUser(), Integer::parseInt),
        get("collab.create-window", d.createWindow(), Duration::parse),
        get("collab.max-loaded-documents", d.maxLoadedDocuments(), Integer::parseInt));
  }

  public static WireConfig wireConfig() {
    WireConfig d = WireConfig.DEFAULTS;
    List<String> origins = get("collab.allowed-origins")
        .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
        .orElse(d.allowedOrigins());
    return new WireConfig(
        get("collab.max-message-bytes", d.maxMessageBytes(), Integer::parseInt),
        get("collab.max-messages-per-second", d.maxMessagesPerSecond(), Integer::parseInt),
        get("collab.max-messages-per-second-per-user", d.maxMessagesPerSecondPerUser(), Integer::parseInt),
        get("collab.max-json-depth", d.maxJsonDepth(), Integer::parseInt),
        get("collab.max-queued-messages", d.maxQueuedMessages(), Integer::parseInt),
        get("collab.max-queued-bytes", d.maxQueuedBytes(), Integer::parseInt),
        get("collab.idle-timeout", d.idleTimeout(), Duration::parse),
        get("collab.allow-anonymous", d.allowAnonymous(), Boolean::parseBoolean),
        origins,
        get("collab.max-connections-per-user", d.maxConnectionsPerUser(), Integer::parseInt));
  }

  /**
   * How many nodes serve this application ({@code collab.nodes}, default 1): above one, the in-JVM
   * bus refuses to start, since it would not carry edits between them.
   */
  public static int nodes() {
    int nodes = get("collab.nodes", 1, Integer::parseInt);
    if (nodes < 1) {
      throw new IllegalArgumentException("collab setting collab.nodes=" + nodes + " is not valid: at least 1");
    }
    return nodes;
  }

  /** Whether users without a {@code collab-*} role may write (the default policy). */
  public static boolean anyUserWrites() {
    return get("collab.any-user-writes", false, Boolean::parseBoolean);
  }
}
