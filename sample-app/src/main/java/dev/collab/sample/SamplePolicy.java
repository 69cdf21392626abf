package dev.collab.sample;

import dev.collab.server.defaults.GrantAccessPolicy;
import dev.collab.server.defaults.RoleAccessPolicy;
import dev.collab.spi.AccessPolicy;
import dev.collab.spi.DocumentStore;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

/**
 * The sample's access policy: Collab's {@link GrantAccessPolicy} over the store's grants, alongside
 * the demo roles ({@link RoleAccessPolicy}: alice and bob write, carol reads, admin administers
 * every document). A user gets the higher of the two: the creator of a document owns it (admin: may
 * share and delete it), and a grant can give carol write access to one document. Replaced the way
 * any application replaces an SPI bean (see {@link SampleStore}).
 */
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
@ApplicationScoped
public class SamplePolicy {

  @Produces
  @Singleton
  AccessPolicy accessPolicy(DocumentStore store) {
    return new GrantAccessPolicy(store.grants(), new RoleAccessPolicy(false));
  }
}
