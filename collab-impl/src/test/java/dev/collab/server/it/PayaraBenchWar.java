package dev.collab.server.it;

import java.io.File;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Writes the WAR that puts Collab on Payara Micro under the side-by-side load harness
 * ({@code ../shared/bench/sharedb-peer}), for comparing Payara with the Jetty bench server
 * (issue #17; docs/PERFORMANCE.md says how it is run). It is the test deployments' WAR with the
 * harness's users ({@link BenchUsers}) in place of the test users, Collab's in-memory store, any
 * user writing, and the per-connection and per-user flood limits lifted as the Jetty bench server's
 * command line lifts them. Not a test: run it with the test class path.
 *
 * <p>Argument: the file to write, e.g. {@code target/collab-bench.war}.
 */
public final class PayaraBenchWar {
  private PayaraBenchWar() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: PayaraBenchWar <war file to write>");
    }
    WebArchive war = Deployments.collabWar("collab-bench", String.join("\n",
        "collab.any-user-writes=true",
        "collab.max-messages-per-second=1000000",
        "collab.max-messages-per-second-per-user=1000000",
        ""));
    war.deleteClass(TestSecurity.class);
    war.deleteClass(TestSetupServlet.class);
    war.deleteClass(TestMemoryServlet.class);
    war.addClass(BenchUsers.class);
    File out = new File(args[0]);
    war.as(ZipExporter.class).exportTo(out, true);
    System.out.println("wrote " + out.getAbsolutePath());
  }
}
