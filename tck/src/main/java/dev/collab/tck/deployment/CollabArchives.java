package dev.collab.tck.deployment;

import java.io.File;
import java.net.URISyntaxException;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.importer.ExplodedImporter;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The deployment kits' archives: a WAR holding Collab the way an application holds it (collab-api,
 * collab-impl and their three small dependencies in WEB-INF/lib, nothing in web.xml) plus the few TCK
 * classes a test names. The libraries are taken from the test's class path, as jars or, inside a
 * Maven reactor, as class directories: the TCK does not depend on collab-impl, the test run does.
 */
public final class CollabArchives {
  /** One class of each library Collab needs in WEB-INF/lib. */
  private static final List<String> LIBRARIES = List.of(
      "dev.collab.Collab",                                  // collab-api
      "dev.collab.server.CollabOrigins",                    // collab-impl
      "org.bitbucket.cowwoc.diffmatchpatch.DiffMatchPatch", // diff-match-patch (rich-text diff)
      "org.jspecify.annotations.Nullable",                  // jspecify
      "org.HdrHistogram.Recorder");                         // HdrHistogram (collab-impl's ack latency)

  private CollabArchives() {}

  /**
   * A WAR named {@code name}.war with Collab's libraries, an empty beans.xml and {@code classes}.
   *
   * @param name the archive's name, without {@code .war}; also its context root on most servers
   * @param classes the test's classes to add to WEB-INF/classes
   * @return the archive, to which a kit may add resources
   * @throws IllegalStateException when a library is not on the test class path
   */
  public static WebArchive war(String name, Class<?>... classes) {
    WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war")
        .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml")
        .addClasses(classes);
    for (Archive<?> library : libraries()) {
      war.addAsLibrary(library);
    }
    return war;
  }

  /**
   * Collab's libraries as found on the class path: collab-api, collab-impl, diff-match-patch,
   * JSpecify and HdrHistogram.
   *
   * @return one archive per library, a jar as it is or a class directory packed as a jar
   * @throws IllegalStateException when a library is not on the test class path
   */
  public static List<Archive<?>> libraries() {
    List<Archive<?>> libraries = new ArrayList<>();
    for (String className : LIBRARIES) {
      libraries.add(archiveOf(className));
    }
    return libraries;
  }

  private static Archive<?> archiveOf(String className) {
    Class<?> type;
    try {
      type = Class.forName(className, false, CollabArchives.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the deployment kits need " + className + " on the test class path"
          + " (add collab-impl as a test dependency)", e);
    }
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null) {
      throw new IllegalStateException("cannot tell where " + className + " was loaded from");
    }
    File location;
    try {
      location = new File(source.getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    String simple = className.substring(className.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
    if (location.isDirectory()) {
      return ShrinkWrap.create(ExplodedImporter.class, simple + "-classes.jar").importDirectory(location).as(JavaArchive.class);
    }
    return ShrinkWrap.create(ZipImporter.class, location.getName()).importFrom(location).as(JavaArchive.class);
  }
}
