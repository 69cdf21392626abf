package dev.collab.server.internal.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * Collab's own JAX-RS application at {@code collab/api}, next to (not inside) the host's: the host's
 * {@code Application} is left untouched. The path can be changed in the host's {@code web.xml} with
 * a servlet mapping for the servlet named {@code dev.collab.server.internal.rest.CollabRestApplication}.
 */
@ApplicationPath("collab/api")
public class CollabRestApplication extends Application {
  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(DocumentsResource.class, VersionsResource.class, GrantsResource.class, CommentsResource.class,
        AdminResource.class, HealthResource.class, ProblemMapper.class, NoStoreFilter.class, ExportResource.class, ImportResource.class);
  }
}
