package dev.collab.server.ws;

import dev.collab.server.cdi.CollabSettings;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;
import java.util.Set;

/**
 * Installs {@link HandshakeFilter} on the endpoint's path when the application starts, and a
 * listener that drains Collab when it stops, without touching the host's {@code web.xml}.
 */
public final class CollabServletInitializer implements ServletContainerInitializer {
  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext context) {
    FilterRegistration.Dynamic filter =
        context.addFilter("collab-handshake", new HandshakeFilter(CollabSettings.wireConfig()));
    if (filter != null) {
      filter.setAsyncSupported(true);
      filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, CollabSettings.webSocketPath());
    }
    // Drain when the application stops, even where the container stops the web layer without
    // disposing CDI beans first.
    context.addListener(new jakarta.servlet.ServletContextListener() {
      @Override
      public void contextDestroyed(jakarta.servlet.ServletContextEvent event) {
        dev.collab.server.cdi.GracefulShutdown.drainAll();
      }
    });
  }
}
