package dev.collab.server.internal.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.charset.StandardCharsets;
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
 * Where the {@code collab.*} settings come from, and the one {@link CollabConfiguration} of each
 * deployment.
 *
 * <p>A key is read from MicroProfile Config when the server has it, else from system properties,
 * else from environment variables ({@code collab.ws.path} is also {@code COLLAB_WS_PATH}), else
 * from the application's {@code META-INF/microprofile-config.properties} (so that one file in the
 * WAR works on servers with and without MicroProfile Config, in the order MicroProfile Config itself
 * gives). Every key and its default is in {@code docs/CONFIGURATION.md}.
 *
 * <p>The settings are read once per deployment: the first of Collab's start-up hooks to run (the
 * servlet container initializer, the WebSocket endpoint registration or the CDI start, in whatever
 * order the container runs them) parses them with {@link #deployed()}, and the others get the same
 * value. A deployment is identified by its class loader (the thread's context class loader while
 * the application runs); its value is dropped when the application stops ({@link #undeployed}),
 * so a redeployment reads the settings afresh.
 */
public final class CollabSettings {
  private static final System.Logger LOG = System.getLogger(CollabSettings.class.getName());
  private static final String PROPERTIES_FILE = "META-INF/microprofile-config.properties";
  /** The configuration of each running application, by its class loader. */
  private static final Map<ClassLoader, CollabConfiguration> DEPLOYED =
      Collections.synchronizedMap(new WeakHashMap<>());

  private CollabSettings() {}

  /**
   * The configuration of the running application (the thread's context class loader), parsed at the
   * first call of the deployment and the same value afterwards.
   *
   * @throws InvalidSettingException when a setting is not valid (every call, until it is fixed):
   *     thrown at start-up, this fails the deployment
   */
  public static CollabConfiguration deployed() {
    ClassLoader loader = applicationLoader();
    synchronized (DEPLOYED) {
      CollabConfiguration configuration = DEPLOYED.get(loader);
      if (configuration == null) {
        configuration = CollabConfiguration.parse(source(loader));
        DEPLOYED.put(loader, configuration);
        LOG.log(System.Logger.Level.INFO, "collab: settings read for this application: {0}",
            configuration.describeSet());
      }
      return configuration;
    }
  }

  /**
   * The application stopped: forgets its configuration (if it is still {@code configuration}), so
   * that a redeployment with the same class loader reads the settings again. Idempotent.
   */
  public static void undeployed(@Nullable CollabConfiguration configuration) {
    ClassLoader loader = applicationLoader();
    synchronized (DEPLOYED) {
      if (configuration == null || DEPLOYED.get(loader) == configuration) {
        DEPLOYED.remove(loader);
      }
    }
  }

  /** The raw settings the application whose class loader is {@code loader} sees, by key. */
  public static Function<String, Optional<String>> source(ClassLoader loader) {
    Function<String, @Nullable String> microProfile = microProfileConfig(loader);
    Properties[] file = new Properties[1];
    return key -> {
      String value = microProfile == null ? null : microProfile.apply(key);
      if (value == null) {
        value = System.getProperty(key);
      }
      if (value == null) {
        value = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
      }
      if (value == null) {
        if (file[0] == null) {
          file[0] = readPropertiesFiles(loader);
        }
        value = file[0].getProperty(key);
      }
      return Optional.ofNullable(value);
    };
  }

  private static ClassLoader applicationLoader() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return loader != null ? loader : CollabSettings.class.getClassLoader();
  }

  /**
   * The {@code META-INF/microprofile-config.properties} files {@code loader} sees, merged (the
   * first on the class path wins), for servers without MicroProfile Config.
   */
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

  /**
   * The application's MicroProfile Config, through reflection so that it stays an optional
   * dependency: its {@code getOptionalValue(String, Class)} bound to the application's
   * {@code Config}, or null on a server without it.
   */
  private static @Nullable Function<String, @Nullable String> microProfileConfig(ClassLoader loader) {
    Object config;
    Method getOptional;
    try {
      Class<?> provider = Class.forName("org.eclipse.microprofile.config.ConfigProvider", false, loader);
      Class<?> type = Class.forName("org.eclipse.microprofile.config.Config", false, loader);
      config = provider.getMethod("getConfig", ClassLoader.class).invoke(null, loader);
      getOptional = type.getMethod("getOptionalValue", String.class, Class.class);
    } catch (ClassNotFoundException | NoClassDefFoundError absent) {
      return null; // no MicroProfile Config on this server: the other sources serve
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "collab: MicroProfile Config is present but failed; reading the"
          + " collab.* settings from system properties, the environment and " + PROPERTIES_FILE + " instead", e);
      return null;
    }
    boolean[] warned = new boolean[1];
    return key -> {
      try {
        Optional<?> value = (Optional<?>) getOptional.invoke(config, key, String.class);
        return value.map(Object::toString).orElse(null);
      } catch (ReflectiveOperationException | RuntimeException e) {
        if (!warned[0]) {
          warned[0] = true;
          LOG.log(System.Logger.Level.WARNING, "collab: MicroProfile Config failed to read " + key
              + "; this and any other key it fails on are read from system properties, the environment and "
              + PROPERTIES_FILE, e);
        }
        return null;
      }
    };
  }
}
