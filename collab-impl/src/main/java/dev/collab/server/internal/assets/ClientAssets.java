package dev.collab.server.internal.assets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * The browser assets packaged in the jar: {@code META-INF/collab-client/version.properties} names
 * the version (the project version plus a hash of every file, computed by the build) and the
 * files, which live under {@code META-INF/collab-client/<version>/}. All are read once, at start:
 * together they are a few hundred kilobytes.
 */
public final class ClientAssets {
  static final String ROOT = "META-INF/collab-client/";

  private final String version;
  private final Map<String, byte[]> files;

  private ClientAssets(String version, Map<String, byte[]> files) {
    this.version = version;
    this.files = Map.copyOf(files);
  }

  /** Reads the assets packaged with this class. */
  public static ClientAssets load() {
    return load(ClientAssets.class.getClassLoader());
  }

  static ClientAssets load(ClassLoader loader) {
    Properties index = new Properties();
    try (InputStream in = loader.getResourceAsStream(ROOT + "version.properties")) {
      if (in == null) {
        throw new IllegalStateException(ROOT + "version.properties is not on the class path: "
            + "collab-impl was built without its browser client (the build runs npm; see README)");
      }
      index.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String version = index.getProperty("version", "");
    if (!version.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalStateException(ROOT + "version.properties has no valid version: '" + version + "'");
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String name : List.of(index.getProperty("files", "").split(","))) {
      if (name.isBlank()) {
        continue;
      }
      try (InputStream in = loader.getResourceAsStream(ROOT + version + "/" + name)) {
        if (in == null) {
          throw new IllegalStateException("browser client file " + name + " of version " + version + " is missing from the jar");
        }
        files.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new ClientAssets(version, files);
  }

  /** The version in the URL: changes whenever any file changes. */
  public String version() {
    return version;
  }

  /** The content of {@code name}, or null when there is no such file. */
  public byte @Nullable [] file(String name) {
    return files.get(name);
  }

  /** The file names. */
  public java.util.Set<String> names() {
    return files.keySet();
  }

  /** The media type served for {@code name}. */
  static String contentType(String name) {
    if (name.endsWith(".js")) {
      return "text/javascript;charset=utf-8";
    }
    if (name.endsWith(".css")) {
      return "text/css;charset=utf-8";
    }
    return "text/plain;charset=utf-8";
  }
}
