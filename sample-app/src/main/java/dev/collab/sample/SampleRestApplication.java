package dev.collab.sample;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** The sample's own REST resources at {@code {context}/app}, next to Collab's at {@code collab/api}. */
@ApplicationPath("app")
public class SampleRestApplication extends Application {
  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(SampleResource.class);
  }
}
