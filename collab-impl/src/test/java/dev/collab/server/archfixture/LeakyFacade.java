package dev.collab.server.archfixture;

import dev.collab.server.internal.ws.HandshakeFilter;
import org.jspecify.annotations.Nullable;

/** Test fixture: a public class that hands out an internal type, so the signature rule is seen to fail. */
public final class LeakyFacade {
  public @Nullable HandshakeFilter config() {
    return null;
  }
}
