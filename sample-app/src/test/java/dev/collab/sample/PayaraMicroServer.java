package dev.collab.sample;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sample WAR on Payara Micro in a JVM of its own, as {@code ./mvnw -Prun} starts it (the
 * Payara Micro jar from the test class path, the WAR the module built), on a free port of loopback.
 */
final class PayaraMicroServer extends SampleServer {

  private PayaraMicroServer(List<String> command, Map<String, String> environment, Path log, URI base) throws Exception {
    super(command, environment, log, base);
  }

  /** Starts the sample with {@code settings} (environment variables) and waits until it answers. */
  static SampleServer start(Map<String, String> settings, Path workDir) throws Exception {
    return start(settings, workDir, List.of("-Xmx512m"));
  }

  /** The same, with {@code jvmOptions} (heap sizes and the like) for the server's JVM. */
  static SampleServer start(Map<String, String> settings, Path workDir, List<String> jvmOptions) throws Exception {
    return start(settings, workDir, jvmOptions, freePort());
  }

  /** The same on {@code port}: to start a server again where its clients left it. */
  static SampleServer start(Map<String, String> settings, Path workDir, List<String> jvmOptions, int port) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvmOptions);
    command.addAll(List.of("-Djava.io.tmpdir=" + workDir,
        "-jar", payaraMicroJar().getPath(),
        "--deploy", war().getPath(), "--contextroot", "/", "--port", String.valueOf(port),
        "--nocluster", "--nohazelcast", "--rootdir", workDir.resolve("payara-root-" + System.nanoTime()).toString(),
        // as -Prun: Payara's own metrics endpoint off, so that /metrics is the sample's
        "--postbootcommandfile", postBootCommands().getPath()));
    return new PayaraMicroServer(command, settings, workDir.resolve("server.log"),
        URI.create("http://127.0.0.1:" + port + "/")).awaitReady();
  }

  static File war() {
    File war = new File(System.getProperty("sample.war", "target/sample-app.war"));
    if (!war.isFile()) {
      throw new IllegalStateException("no sample WAR at " + war + ": run the tests through Maven (verify)");
    }
    return war;
  }

  static File postBootCommands() {
    File commands = new File(System.getProperty("sample.post-boot", "src/main/payara/post-boot-commands.txt"));
    if (!commands.isFile()) {
      throw new IllegalStateException("no post-boot command file at " + commands);
    }
    return commands;
  }

  private static File payaraMicroJar() throws Exception {
    Class<?> micro = Class.forName("fish.payara.micro.PayaraMicro", false, PayaraMicroServer.class.getClassLoader());
    return new File(micro.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
