package dev.collab.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory of a server's JVM as the machine sees it ({@code VmRSS} of {@code /proc/<pid>/status},
 * Linux only) and as its garbage collector does (the heap in use after a full collection, through
 * the {@code jcmd} of the JDK that runs the tests, which also runs the server).
 */
final class ServerMemory {
  private static final Pattern RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB$");
  /** G1's line of {@code GC.heap_info}: "garbage-first heap total 524288K, used 123456K [...". */
  private static final Pattern USED = Pattern.compile("heap\\s+total (?:reserved )?\\d+K(?:, committed \\d+K)?, used (\\d+)K");

  private final long pid;

  ServerMemory(long pid) {
    this.pid = pid;
  }

  long pid() {
    return pid;
  }

  /** The resident set of the process now, in bytes. */
  long rss() throws IOException {
    String status = Files.readString(Path.of("/proc", String.valueOf(pid), "status"), StandardCharsets.ISO_8859_1);
    Matcher m = RSS.matcher(status);
    if (!m.find()) {
      throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }
    return Long.parseLong(m.group(1)) * 1024;
  }

  /** Runs a full collection in the server ({@code GC.run}), then answers the heap in use, in bytes. */
  long heapAfterFullGc() throws IOException, InterruptedException {
    jcmd("GC.run");
    String info = jcmd("GC.heap_info");
    Matcher m = USED.matcher(info);
    if (!m.find()) {
      throw new IOException("no heap use in jcmd's GC.heap_info:\n" + info);
    }
    return Long.parseLong(m.group(1)) * 1024;
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    Process process = new ProcessBuilder(jcmd, String.valueOf(pid), command).redirectErrorStream(true).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("jcmd " + pid + " " + command + " took over 60 s");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IOException("jcmd " + pid + " " + command + " exited with " + process.exitValue() + ":\n" + output);
    }
    return output;
  }
}
