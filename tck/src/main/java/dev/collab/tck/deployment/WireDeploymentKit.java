package dev.collab.tck.deployment;

import dev.collab.tck.ProtocolConformanceKit;
import java.net.URI;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@link ProtocolConformanceKit} over the wire ({@link RunAsClient}) against a minimal WAR
 * deployed by Arquillian: Collab's jars, no store, bus or policy of the application's (Collab's
 * defaults serve, the in-memory store asked for with {@code collab.store=memory} in the WAR's
 * {@code META-INF/microprofile-config.properties}), and the {@link TckUsers} (Jakarta Security, HTTP Basic). The server's address is
 * the {@link ArquillianResource} URL; a container that reports an address the test cannot reach
 * overrides {@link #reachable(URI)}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@Tag("deployment")
public abstract class WireDeploymentKit extends ProtocolConformanceKit {

  /**
   * The WAR: Collab on its in-memory store ({@code collab.store=memory}) and the {@link TckUsers}.
   * Arquillian deploys it; the tests run as a client.
   *
   * @return the archive
   */
  @Deployment(testable = false)
  public static WebArchive deployment() {
    return CollabArchives.war("collab-tck-wire", TckUsers.class)
        .addAsResource(new StringAsset("collab.store=memory\n"), "META-INF/microprofile-config.properties");
  }

  @ArquillianResource URL deployed;

  /**
   * The address to dial for the one the container reported; the default dials it as is.
   *
   * @param reported the deployment's URL as the container reported it, ending in a slash
   * @return the URL to use as {@link #baseUri()}, e.g. with a host the test machine can reach
   */
  protected URI reachable(URI reported) {
    return reported;
  }

  @Override
  protected URI baseUri() {
    String url = deployed.toString();
    return reachable(URI.create(url.endsWith("/") ? url : url + "/"));
  }

  @Override
  protected Map<String, String> credentials(Participant who) {
    return switch (who) {
      case WRITER -> TckUsers.basic("tck-writer");
      case READER -> TckUsers.basic("tck-reader");
      case ADMIN -> TckUsers.basic("tck-admin");
    };
  }
}
