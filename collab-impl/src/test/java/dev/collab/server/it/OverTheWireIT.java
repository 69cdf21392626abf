package dev.collab.server.it;

import dev.collab.tck.ProtocolConformanceKit;
import java.net.URI;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The TCK's {@link ProtocolConformanceKit} against Collab inside Payara Micro, in one deployment
 * (one boot): the jars in WEB-INF/lib are the whole installation. Users of {@link TestSecurity}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OverTheWireIT extends ProtocolConformanceKit {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.collabWar("collab-ws", "collab.any-user-writes=true\n");
  }

  @ArquillianResource URL reported;

  @Override
  protected URI baseUri() {
    // Payara Micro reports the machine's external address; the listener binds every interface.
    String path = reported.getPath().endsWith("/") ? reported.getPath() : reported.getPath() + "/";
    return URI.create("http://127.0.0.1:" + reported.getPort() + path);
  }

  @Override
  protected Map<String, String> credentials(Participant who) {
    return TestUsers.credentials(who);
  }
}
