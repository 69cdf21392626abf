package dev.collab.server.it;

import dev.collab.server.internal.rest.CollabRestApplication;
import dev.collab.server.internal.cdi.CollabServerApplicationConfig;
import dev.collab.server.internal.cdi.CollabServletInitializer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Set;
import java.net.URI;
import org.eclipse.jetty.ee10.cdi.CdiDecoratingListener;
import org.eclipse.jetty.ee10.cdi.CdiServletContainerInitializer;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.ee10.websocket.servlet.WebSocketUpgradeFilter;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.util.security.Credential;
import org.glassfish.jersey.servlet.ServletContainer;
import org.jboss.weld.environment.servlet.EnhancedListener;

/**
 * The Collab application on embedded Jetty 12 (ee10) with Weld and Jersey, as {@link JettyIT} and
 * the forked {@link ServerProcess} serve it: the unchanged collab-impl classes, wired as a WAR with
 * collab-api and collab-impl in WEB-INF/lib would be on Jetty.
 */
final class JettyApp {
  private JettyApp() {}

  /** The application at {@code http://127.0.0.1:<a free port><path>/} on a Jetty server of its own, started. */
  static Server start(String path) throws Exception {
    Server server = create(path);
    server.start();
    return server;
  }

  /** The application at {@code http://127.0.0.1:<a free port><path>/} on a Jetty server of its own, not started. */
  static Server create(String path) {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(context(path));
    return server;
  }

  /** The application's root of a server made by {@link #start}, ending in {@code /}. */
  static URI base(Server server, String path) {
    return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + path + "/");
  }

  /** The application: what a WAR with collab-api and collab-impl in WEB-INF/lib amounts to on Jetty. */
  static ServletContextHandler context(String path) {
    return context(path, security());
  }

  /** The same application authenticating with {@code security} (the browser tests use a cookie). */
  static ServletContextHandler context(String path, ConstraintSecurityHandler security) {
    ServletContextHandler context = new ServletContextHandler(path, ServletContextHandler.SESSIONS | ServletContextHandler.SECURITY);
    context.setSecurityHandler(security);

    // CDI: Weld, with Jetty decorating the instances it creates (servlets, filters, endpoints).
    context.setInitParameter(CdiServletContainerInitializer.CDI_INTEGRATION_ATTRIBUTE, CdiDecoratingListener.MODE);
    context.addServletContainerInitializer(new CdiServletContainerInitializer());
    context.addServletContainerInitializer(new EnhancedListener());

    // WebSocket. Jetty prepends its upgrade filter to every other filter unless one is declared
    // already (by name); declaring it here lets HandshakeFilter, which Collab's initializer maps
    // in front of the declared filters, answer 401/403 before the upgrade, as on Payara.
    FilterHolder upgrade = new FilterHolder(WebSocketUpgradeFilter.class);
    upgrade.setName(WebSocketUpgradeFilter.class.getName());
    upgrade.setAsyncSupported(true);
    context.addFilter(upgrade, "/*", java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
    JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
      // Jetty's ServletContextHandler does not scan for ServerApplicationConfig: register its endpoints.
      for (ServerEndpointConfig endpoint : new CollabServerApplicationConfig().getEndpointConfigs(Set.of())) {
        container.addEndpoint(endpoint);
      }
    });
    context.addServletContainerInitializer(new CollabServletInitializer());

    // Jakarta REST: Collab's own application, which lists its classes (no scanning needed).
    ServletHolder jersey = context.addServlet(ServletContainer.class, "/collab/api/*");
    jersey.setInitParameter("jakarta.ws.rs.Application", CollabRestApplication.class.getName());
    jersey.setInitOrder(1);

    context.addServlet(TestSetupServlet.class, "/test/create");
    return context;
  }

  /**
   * HTTP Basic against the users of {@link TestSecurity}. No constraint requires authentication:
   * an anonymous request reaches Collab's own checks (HandshakeFilter, the REST resource), which
   * answer 401 themselves, as they do on Payara.
   */
  static ConstraintSecurityHandler security() {
    ConstraintSecurityHandler security = new ConstraintSecurityHandler();
    security.setLoginService(loginService());
    security.setAuthenticator(new BasicAuthenticator());
    security.setRealmName("collab-test");
    return security;
  }

  /** The users of {@link TestSecurity}. */
  static HashLoginService loginService() {
    UserStore users = new UserStore();
    String[] writer = {"collab-writer"};
    users.addUser("ann", Credential.getCredential(TestSecurity.PASSWORD), writer);
    users.addUser("bob", Credential.getCredential(TestSecurity.PASSWORD), writer);
    users.addUser("carol", Credential.getCredential(TestSecurity.PASSWORD), new String[] {"collab-reader"});
    users.addUser("dave", Credential.getCredential(TestSecurity.PASSWORD), new String[] {"collab-admin"});
    HashLoginService login = new HashLoginService("collab-test");
    login.setUserStore(users);
    return login;
  }
}
