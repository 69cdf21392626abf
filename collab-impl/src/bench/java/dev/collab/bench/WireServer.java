package dev.collab.bench;

import dev.collab.server.internal.engine.CollabEngine;
import dev.collab.server.internal.rest.CollabRestApplication;
import dev.collab.server.internal.cdi.CollabServerApplicationConfig;
import dev.collab.server.internal.cdi.CollabServletInitializer;
import dev.collab.server.internal.ws.ConnectionRegistry;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.EnumSet;
import java.util.Set;
import org.eclipse.jetty.ee10.cdi.CdiDecoratingListener;
import org.eclipse.jetty.ee10.cdi.CdiServletContainerInitializer;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.ee10.websocket.servlet.WebSocketUpgradeFilter;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.security.Credential;
import org.glassfish.jersey.servlet.ServletContainer;
import org.jboss.weld.environment.servlet.EnhancedListener;

/**
 * The server side of {@link WireLoad}, in its own JVM so that its CPU time and heap are its own:
 * embedded Jetty 12 (ee10) + Weld + Jersey on {@code 127.0.0.1}, with the unchanged collab-impl
 * classes wired as in {@code JettyIT} (endpoint from {@link CollabServerApplicationConfig},
 * {@link CollabServletInitializer}, Jersey on {@link CollabRestApplication}), HTTP Basic for the
 * users {@code u0} to {@code u<users-1>} (password {@code secret}, role {@code collab-writer}),
 * and {@code GET /stats} for the load tool: process CPU time, heap used ({@code ?gc=1} runs
 * {@code System.gc()} first), open connections and committed ops.
 *
 * <p>Arguments {@code key=value}: {@code port} (default 0, a free one), {@code users} (default
 * 5000), {@code maxSeconds} (default 900: the process exits by itself after that). It prints
 * {@code listening on <port>} on standard output once it serves. System properties: those of
 * {@link BenchStore}, and {@code collab.bench.metrics=prometheus} to give Collab a meter registry
 * ({@link BenchMetrics}; default {@code none}), for measuring what the meters cost.
 */
public final class WireServer {
  private WireServer() {}

  public static void main(String[] args) throws Exception {
    java.util.Map<String, String> options = WireLoad.parse(args);
    int port = Integer.parseInt(options.getOrDefault("port", "0"));
    int users = Integer.parseInt(options.getOrDefault("users", "5000"));
    long maxSeconds = Long.parseLong(options.getOrDefault("maxSeconds", "900"));
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(maxSeconds * 1000);
      } catch (InterruptedException e) {
        return;
      }
      System.err.println("wire server: maxSeconds reached, exiting");
      Runtime.getRuntime().halt(3);
    }, "wire-server-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();

    String store = BenchStore.configure();
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(context(users));
    server.start();
    System.err.println("wire server: " + store + (BenchMetrics.REGISTRY == null ? ", no meter registry"
        : ", Collab's meters in a Prometheus registry (collab.bench.metrics=prometheus)"));
    System.out.println("listening on " + connector.getLocalPort());
    System.out.flush();
    server.join();
  }

  static ServletContextHandler context(int users) {
    ServletContextHandler context = new ServletContextHandler("/", ServletContextHandler.SESSIONS | ServletContextHandler.SECURITY);
    context.setSecurityHandler(security(users));
    context.setInitParameter(CdiServletContainerInitializer.CDI_INTEGRATION_ATTRIBUTE, CdiDecoratingListener.MODE);
    context.addServletContainerInitializer(new CdiServletContainerInitializer());
    context.addServletContainerInitializer(new EnhancedListener());
    // Declared so that Collab's HandshakeFilter runs before the upgrade (see JettyIT).
    FilterHolder upgrade = new FilterHolder(WebSocketUpgradeFilter.class);
    upgrade.setName(WebSocketUpgradeFilter.class.getName());
    upgrade.setAsyncSupported(true);
    context.addFilter(upgrade, "/*", EnumSet.of(DispatcherType.REQUEST));
    JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
      for (ServerEndpointConfig endpoint : new CollabServerApplicationConfig().getEndpointConfigs(Set.of())) {
        container.addEndpoint(endpoint);
      }
    });
    context.addServletContainerInitializer(new CollabServletInitializer());
    ServletHolder jersey = context.addServlet(ServletContainer.class, "/collab/api/*");
    jersey.setInitParameter("jakarta.ws.rs.Application", CollabRestApplication.class.getName());
    jersey.setInitOrder(1);
    context.addServlet(Stats.class, "/stats");
    return context;
  }

  static ConstraintSecurityHandler security(int users) {
    UserStore store = new UserStore();
    Credential password = Credential.getCredential(WireLoad.PASSWORD);
    String[] writer = {"collab-writer"};
    for (int i = 0; i < users; i++) {
      store.addUser("u" + i, password, writer);
    }
    HashLoginService login = new HashLoginService("collab-bench");
    login.setUserStore(store);
    ConstraintSecurityHandler security = new ConstraintSecurityHandler();
    security.setLoginService(login);
    security.setAuthenticator(new BasicAuthenticator());
    security.setRealmName("collab-bench");
    return security;
  }

  /** {@code cpuNanos=.. heapUsed=.. connections=.. committed=..}, one line. */
  public static final class Stats extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      if (request.getParameter("gc") != null) {
        for (int i = 0; i < 3; i++) {
          System.gc();
          try {
            Thread.sleep(200);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
      long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      int connections = CDI.current().select(ConnectionRegistry.class).get().size();
      long committed = CDI.current().select(CollabEngine.class).get().metrics().committed.get();
      response.setContentType("text/plain");
      response.getWriter().print("cpuNanos=" + cpu + " heapUsed=" + heap + " connections=" + connections
          + " committed=" + committed);
    }
  }
}
