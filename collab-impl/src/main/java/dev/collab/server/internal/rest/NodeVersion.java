package dev.collab.server.internal.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The Collab version of this jar, as its build wrote it next to the browser client
 * ({@code META-INF/collab-client/version.properties}, key {@code collab}).
 */
final class NodeVersion {
  static final String VERSION = read();

  private NodeVersion() {}

  private static String read() {
    Properties index = new Properties();
    try (InputStream in = NodeVersion.class.getClassLoader().getResourceAsStream("META-INF/collab-client/version.properties")) {
      if (in == null) {
        throw new IllegalStateException("META-INF/collab-client/version.properties is not on the class path: "
            + "collab-impl was built without its browser client (the build runs npm; see README)");
      }
      index.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return index.getProperty("collab", "unknown");
  }
}
