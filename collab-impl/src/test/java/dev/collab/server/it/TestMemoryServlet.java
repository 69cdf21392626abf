package dev.collab.server.it;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/**
 * Test deployments only: the server JVM's heap in use after a full collection, in bytes, so that a
 * test can see what the server holds (e.g. for a client that stopped reading); with
 * {@code ?threads}, a thread dump.
 */
@WebServlet("/test/memory")
public class TestMemoryServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (request.getParameter("threads") != null) {
      // a thread dump, for a test that wants to show where the server is stuck
      response.setContentType("text/plain");
      for (java.lang.management.ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true, 40)) {
        response.getWriter().print(info);
      }
      return;
    }
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    response.setContentType("text/plain");
    response.getWriter().print(heap.getUsed());
  }
}
