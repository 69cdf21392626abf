package dev.collab.server.internal.cdi;

import dev.collab.server.internal.ws.ConnectionRegistry;
import dev.collab.server.internal.ws.HandshakeFilter;

import dev.collab.server.internal.config.CollabConfiguration;
import dev.collab.server.internal.config.CollabSettings;
import dev.collab.server.internal.assets.ClientAssets;
import dev.collab.server.internal.assets.ClientAssetsServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Installs {@link HandshakeFilter} on the endpoint's path when the application starts, the servlet
 * of the browser client's assets ({@link ClientAssetsServlet} on {@code collab.client.path}, whose
 * versioned base URL goes to the context attribute {@value #CLIENT_BASE}), and a listener that
 * drains Collab when it stops, without touching the host's {@code web.xml}. It reads the
 * deployment's {@link CollabConfiguration} (parsing it if it runs first): a bad setting throws
 * here, and the container fails the deployment.
 */
public final class CollabServletInitializer implements ServletContainerInitializer {
  private static final System.Logger LOG = System.getLogger(CollabServletInitializer.class.getName());
  /** The servlet context attribute holding the browser client's versioned base URL (ends with '/'). */
  public static final String CLIENT_BASE = "dev.collab.client.base";

  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext context) {
    CollabConfiguration configuration = CollabSettings.deployed();
    ClientAssets assets = ClientAssets.load();
    String clientPath = configuration.clientPath();
    ServletRegistration.Dynamic client =
        context.addServlet("collab-client", new ClientAssetsServlet(assets, clientPath));
    if (client != null) {
      client.addMapping(clientPath + "/*");
      client.setAsyncSupported(true);
    }
    context.setAttribute(CLIENT_BASE, context.getContextPath() + clientPath + "/" + assets.version() + "/");

    FilterRegistration.Dynamic filter =
        context.addFilter("collab-handshake", new HandshakeFilter(configuration.wire()));
    if (filter != null) {
      filter.setAsyncSupported(true);
      filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, configuration.webSocketPath());
    }
    // A login that ends (logout invalidating the session, or expiry) closes the connections opened
    // under it: an open WebSocket must not outlive the login it was authorised by.
    context.addListener(new jakarta.servlet.http.HttpSessionListener() {
      @Override
      public void sessionDestroyed(jakarta.servlet.http.HttpSessionEvent event) {
        try {
          jakarta.enterprise.inject.spi.CDI.current().select(ConnectionRegistry.class).get()
              .closeHttpSession(event.getSession().getId());
        } catch (RuntimeException e) {
          // Usually CDI is already gone (the application is stopping: the drain closes every
          // connection). Nothing of ours may break the host's logout: logged, not thrown.
          LOG.log(System.Logger.Level.DEBUG, "collab: the connections of an ended HTTP session were not"
              + " closed here (CDI unavailable: the application is stopping?)", e);
        }
      }
    });
    // Drain when the application stops, even where the container stops the web layer without
    // disposing CDI beans first.
    context.addListener(new jakarta.servlet.ServletContextListener() {
      @Override
      public void contextDestroyed(jakarta.servlet.ServletContextEvent event) {
        try {
          dev.collab.server.internal.cdi.GracefulShutdown.drainAll();
        } finally {
          CollabSettings.undeployed(configuration);
        }
      }
    });
  }
}
