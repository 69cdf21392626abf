package dev.collab.server.it;

import dev.collab.tck.deployment.WireDeploymentKit;
import java.net.URI;

/**
 * The TCK's over-the-wire deployment kit on Payara Micro: the protocol conformance suite against a
 * minimal WAR (Collab's jars, the TCK's users, Collab's default SPIs), one boot.
 */
class OverTheWireIT extends WireDeploymentKit {

  @Override
  protected URI reachable(URI reported) {
    // Payara Micro reports the machine's external address; the listener binds every interface,
    // and tests dial loopback only.
    return URI.create("http://127.0.0.1:" + reported.getPort() + reported.getPath());
  }
}
