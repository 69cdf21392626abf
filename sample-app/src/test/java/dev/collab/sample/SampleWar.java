package dev.collab.sample;

import java.io.File;
import java.net.URI;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The sample WAR as built, for the Arquillian tests that deploy it unchanged on Payara Micro: they
 * extend this class, which deploys it and gives them the application's root.
 */
abstract class SampleWar {
  /** The WAR, deployed once per test class. */
  @Deployment(testable = false)
  static WebArchive deployment() {
    return archive();
  }

  /** The URL Arquillian reports for the deployment. */
  @ArquillianResource URL reported;

  /** The application's root on loopback. */
  URI base() {
    return base(reported);
  }

  /** {@code target/sample-app.war} (or {@code -Dsample.war}), as a deployment. */
  static WebArchive archive() {
    File war = new File(System.getProperty("sample.war", "target/sample-app.war"));
    return ShrinkWrap.create(ZipImporter.class, "sample-app.war").importFrom(war).as(WebArchive.class);
  }

  /** The application's root on loopback, from the URL Arquillian reports (Payara Micro reports the machine's external address). */
  static URI base(URL reported) {
    String path = reported.getPath().endsWith("/") ? reported.getPath() : reported.getPath() + "/";
    return URI.create("http://127.0.0.1:" + reported.getPort() + path);
  }
}
