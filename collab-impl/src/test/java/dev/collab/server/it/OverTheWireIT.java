package dev.collab.server.it;

import java.net.URI;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The checks of {@link WireContract} inside Payara Micro, in one deployment (one boot): the jars in
 * WEB-INF/lib are the whole installation.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OverTheWireIT extends WireContract {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.collabWar("collab-ws", "collab.any-user-writes=true\n");
  }

  @ArquillianResource URL reported;

  @Override
  URI http() {
    // Payara Micro reports the machine's external address; the listener binds every interface.
    String path = reported.getPath().endsWith("/") ? reported.getPath() : reported.getPath() + "/";
    return URI.create("http://127.0.0.1:" + reported.getPort() + path);
  }
}
