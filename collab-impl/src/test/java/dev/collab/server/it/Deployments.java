package dev.collab.server.it;

import dev.collab.server.internal.engine.CollabEngine;
import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Test WARs built the way an application uses Collab: collab-api and collab-impl as jars in
 * WEB-INF/lib, nothing in web.xml, plus the test's own security and setup classes.
 */
final class Deployments {
  private Deployments() {}

  static WebArchive collabWar(String name, String config) {
    JavaArchive api = ShrinkWrap.create(JavaArchive.class, "collab-api.jar")
        .addPackage("dev.collab")
        .addPackages(true, "dev.collab.ot", "dev.collab.protocol", "dev.collab.client", "dev.collab.spi",
            "dev.collab.internal", "dev.collab.export", "dev.collab.comments");
    JavaArchive impl = ShrinkWrap.create(JavaArchive.class, "collab-impl.jar")
        .addPackages(true, "dev.collab.server")
        .addAsManifestResource(resource("META-INF/beans.xml"), "beans.xml")
        .addAsManifestResource(resource("META-INF/services/jakarta.servlet.ServletContainerInitializer"),
            "services/jakarta.servlet.ServletContainerInitializer")
        .addAsManifestResource(resource("META-INF/services/jakarta.enterprise.inject.spi.Extension"),
            "services/jakarta.enterprise.inject.spi.Extension");
    // The browser client's assets, as the build puts them into the jar (the initializer serves them).
    String index = "META-INF/collab-client/version.properties";
    impl.addAsManifestResource(resource(index), "collab-client/version.properties");
    dev.collab.server.internal.assets.ClientAssets assets = dev.collab.server.internal.assets.ClientAssets.load();
    for (String file : assets.names()) {
      impl.addAsManifestResource(resource("META-INF/collab-client/" + assets.version() + "/" + file),
          "collab-client/" + assets.version() + "/" + file);
    }
    return ShrinkWrap.create(WebArchive.class, name + ".war")
        .addAsLibraries(api, impl)
        .addAsLibraries(jarOf(org.bitbucket.cowwoc.diffmatchpatch.DiffMatchPatch.class), jarOf(org.jspecify.annotations.Nullable.class),
            jarOf(org.HdrHistogram.Recorder.class))
        .addClasses(TestSecurity.class, TestSetupServlet.class, TestMemoryServlet.class)
        // test deployments: Collab's in-memory store serves unless the test brings its own
        .addAsResource(new StringAsset("collab.store=memory\n" + config), "META-INF/microprofile-config.properties")
        .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
  }

  private static URL resource(String path) {
    URL url = CollabEngine.class.getClassLoader().getResource(path);
    if (url == null) {
      throw new IllegalStateException("missing " + path + " on the test class path");
    }
    return url;
  }

  private static File jarOf(Class<?> type) {
    try {
      return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The deployment's HTTP base as the tests dial it: loopback (Payara Micro reports the machine's
   * external address; its listener binds every interface), the reported port and path, ending in a slash.
   */
  static URI http(URL reported) {
    String path = reported.getPath().endsWith("/") ? reported.getPath() : reported.getPath() + "/";
    return URI.create("http://127.0.0.1:" + reported.getPort() + path);
  }

  /** Collab's WebSocket endpoint of the deployment, dialled as {@link #http} is. */
  static URI webSocket(URL reported) {
    return URI.create("ws" + http(reported).toString().substring("http".length()) + "collab/ws");
  }
}
