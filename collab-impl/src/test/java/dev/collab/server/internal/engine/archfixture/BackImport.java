package dev.collab.server.internal.engine.archfixture;

import dev.collab.server.internal.ws.HandshakeFilter;
import org.jspecify.annotations.Nullable;

/** Test fixture: an engine class that reaches up into the wire, so the tier rule is seen to fail. */
public final class BackImport {
  @Nullable HandshakeFilter filter;
}
