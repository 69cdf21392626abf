package dev.collab.sample;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The sample WAR on a stock WildFly 38 in a process of its own, as a user runs it:
 * {@code bin/standalone.sh} with the WAR in {@code standalone/deployments} (context root
 * {@code /sample-app}), the sample's settings as environment variables, on loopback only.
 *
 * <p>The installation ({@code jboss.home}: {@code bin/}, {@code modules/}) is only read. The
 * server's own files (configuration, deployments, data, log) are a copy of a pristine
 * {@code standalone/} directory ({@code wildfly.restart.base}, unpacked by the POM with Undertow's
 * {@code integrated-jaspi="false"}, the one setting the sample needs) in {@code workDir/wildfly},
 * made at the first start in that work directory and kept for the next starts, as a restarted
 * server keeps its own; it is the server's {@code jboss.server.base.dir}. Neither the
 * Arquillian-managed server's files nor the pristine copy are touched.
 *
 * <p>Ports: WildFly binds each of its sockets at its default port plus one offset. The offset is
 * chosen so that HTTP lands on a port free now ({@link SampleServer#freePort()}) and every other
 * socket of the default {@code standalone.xml} (HTTPS, AJP, management, the transaction manager's
 * two) is free as well.
 */
@SuppressWarnings("try") // SampleServer.close() may throw InterruptedException (it waits for the kill)
final class WildFlyServer extends SampleServer {
  /** The sockets of the default standalone.xml, at offset 0; HTTP first. */
  private static final int[] DEFAULT_PORTS = {8080, 8443, 8009, 9990, 9993, 4712, 4713};

  private WildFlyServer(List<String> command, Map<String, String> environment, Path log, URI base) throws IOException {
    super(command, environment, log, base);
  }

  /** Starts the sample with {@code settings} (environment variables) and waits until it answers. */
  static SampleServer start(Map<String, String> settings, Path workDir) throws Exception {
    Path home = Path.of(required("jboss.home"));
    Path base = workDir.resolve("wildfly");
    if (!Files.isDirectory(base)) {
      copyTree(Path.of(required("wildfly.restart.base")), base);
    }
    Files.copy(war().toPath(), base.resolve("deployments").resolve("sample-app.war"), StandardCopyOption.REPLACE_EXISTING);

    int offset = portOffset();
    int port = DEFAULT_PORTS[0] + offset;
    List<String> command = List.of(home.resolve("bin").resolve("standalone.sh").toString(),
        "-Djboss.server.base.dir=" + base,
        "-Djboss.bind.address=127.0.0.1", "-Djboss.bind.address.management=127.0.0.1",
        "-Djboss.socket.binding.port-offset=" + offset);
    Map<String, String> environment = new HashMap<>(settings);
    // the test's JDK; standalone.conf's JVM options (heap, metaspace) otherwise stand
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    environment.put("JBOSS_HOME", home.toString());
    // the console output goes to workDir/server.log (SampleServer); WildFly also writes base/log/server.log
    return new WildFlyServer(command, environment, workDir.resolve("server.log"),
        URI.create("http://127.0.0.1:" + port + "/sample-app/")).awaitReady();
  }

  static File war() {
    File war = new File(System.getProperty("sample.war", "target/sample-app.war"));
    if (!war.isFile()) {
      throw new IllegalStateException("no sample WAR at " + war + ": run the tests through Maven (verify)");
    }
    return war;
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("system property " + property + " is not set: run the tests through Maven (verify)");
    }
    return value;
  }

  /** An offset at which every socket of {@link #DEFAULT_PORTS} is free on loopback now. */
  private static int portOffset() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int offset = freePort() - DEFAULT_PORTS[0];
      if (allFree(offset)) {
        return offset;
      }
    }
    throw new IllegalStateException("found no port offset at which all of WildFly's ports are free");
  }

  private static boolean allFree(int offset) {
    for (int port : DEFAULT_PORTS) {
      int shifted = port + offset;
      if (shifted < 1024 || shifted > 65535) {
        return false;
      }
      try {
        new ServerSocket(shifted, 1, InetAddress.getLoopbackAddress()).close();
      } catch (IOException taken) {
        return false;
      }
    }
    return true;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from.resolve("configuration"))) {
      throw new IllegalStateException("no WildFly standalone/ directory at " + from + ": run the tests through Maven (verify)");
    }
    try (Stream<Path> all = Files.walk(from)) {
      all.forEach(source -> {
        Path target = to.resolve(from.relativize(source).toString());
        try {
          if (Files.isDirectory(source)) {
            Files.createDirectories(target);
          } else {
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
