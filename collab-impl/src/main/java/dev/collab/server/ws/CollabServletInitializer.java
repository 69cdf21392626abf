package dev.collab.server.ws;

import dev.collab.server.cdi.CollabSettings;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;
import java.util.Set;

/**
 * Installs {@link HandshakeFilter} on the endpoint's path when the application starts, without
 * touching the host's {@code web.xml}.
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
  }
}
