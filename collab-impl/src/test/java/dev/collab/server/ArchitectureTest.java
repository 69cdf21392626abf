package dev.collab.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Keeps collab-impl's tiers (docs/ARCHITECTURE.md, "Packages"):
 *
 * <pre>
 *   dev.collab.server              public: what an application may call (CollabOrigins)
 *   dev.collab.server.defaults     public: the SPI defaults (in-memory store, local bus, role policy)
 *   dev.collab.server.redis, .jms  public: the cluster-bus adapters
 *   dev.collab.server.embedded     public: the engine in a test (EmbeddedEngine, for the TCK's kits)
 *   dev.collab.server.internal.engine   the engine: sequencer, sessions, documents
 *   dev.collab.server.internal.config   the settings, parsed once per deployment
 *   dev.collab.server.internal.health   liveness and readiness (.mp: the MicroProfile Health checks)
 *   dev.collab.server.export            public: the DocumentConverter outside CDI (Converters)
 *   dev.collab.server.internal.export   export and import; .html, .markdown, .docx, .pdf each confine one optional library
 *   dev.collab.server.internal.ws, .rest, .assets   the wire: WebSocket, REST, the browser bundle
 *   dev.collab.server.internal.cdi      the wiring: builds the engine, picks store, bus and policy,
 *                                       registers the endpoint and servlets with the container
 * </pre>
 *
 * Adapters know only the API and SPI; the engine knows no wire and no wiring; the wire knows no
 * wiring; no package cycles; no public signature of a public package names an internal type.
 *
 * <p>The rules can fail: {@link #aBackImportFailsTheBuild()} checks the engine rule against a
 * fixture in the engine's package tree that imports the wire, exactly the slip these rules exist
 * for:
 *
 * <pre>{@code
 * package dev.collab.server.internal.engine.archfixture;
 *
 * import dev.collab.server.internal.ws.HandshakeFilter;   // the engine reaching up into the wire
 *
 * public final class BackImport { HandshakeFilter filter; }
 * }</pre>
 *
 * Adding such an import to a real class of the engine fails {@link #engineKnowsNoWire()} with a
 * message naming both classes.
 */
class ArchitectureTest {
  private static final String ROOT = "dev.collab.server";
  private static final String INTERNAL = "dev.collab.server.internal..";
  private static final String[] ADAPTERS = {"dev.collab.server.defaults..", "dev.collab.server.redis..", "dev.collab.server.jms.."};
  private static final String[] WIRE = {
    "dev.collab.server.internal.ws..", "dev.collab.server.internal.rest..", "dev.collab.server.internal.assets.."
  };

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
  }

  static boolean isInternal(JavaClass type) {
    return type.getPackageName().startsWith(ROOT + ".internal");
  }

  private static final DescribedPredicate<JavaClass> IN_A_PUBLIC_PACKAGE =
      DescribedPredicate.describe("in a public package of collab-impl",
          c -> c.getPackageName().startsWith(ROOT) && !isInternal(c));

  private static final ArchCondition<JavaCodeUnit> MENTION_NO_INTERNAL_TYPE =
      new ArchCondition<>("mention no internal type") {
        @Override
        public void check(JavaCodeUnit unit, ConditionEvents events) {
          Set<JavaClass> mentioned = new HashSet<>(unit.getRawParameterTypes());
          mentioned.add(unit.getRawReturnType());
          unit.getThrowsClause().getTypes().forEach(mentioned::add);
          unit.getParameterTypes().forEach(t -> mentioned.addAll(t.getAllInvolvedRawTypes()));
          mentioned.addAll(unit.getReturnType().getAllInvolvedRawTypes());
          for (JavaClass type : mentioned) {
            if (isInternal(type)) {
              events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " mentions " + type.getName()));
            }
          }
        }
      };

  static ArchRule engineRule() {
    return noClasses().that().resideInAPackage("dev.collab.server.internal.engine..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.collab.server.internal.ws..", "dev.collab.server.internal.rest..", "dev.collab.server.internal.assets..",
            "dev.collab.server.internal.cdi..", "dev.collab.server.internal.config..", "dev.collab.server.redis..",
            "dev.collab.server.jms..", "dev.collab.server.internal.metrics..", "io.micrometer..",
            "dev.collab.server.internal.health..")
        .because("the engine is the bottom tier: the settings, the wire and the wiring call it, never the other way");
  }

  @Test
  @DisplayName("the engine depends on no wire, no wiring and no bus adapter")
  void engineKnowsNoWire() {
    engineRule().check(classes);
  }

  /**
   * The Faces component ({@code <collab:editor>}) is a composite component and a taglib, markup
   * only. A class of collab-impl naming Jakarta Faces would break a deployment without Faces, and
   * one extending a Faces type (UIComponent, Renderer, ...) would make Mojarra's
   * ServletContainerInitializer, which looks for those, switch Faces on in every application that
   * uses Collab.
   */
  static ArchRule noFacesRule() {
    return noClasses().should().dependOnClassesThat().resideInAPackage("jakarta.faces..")
        .because("collab:editor is markup only: without Faces nothing of it loads, and with Faces it switches nothing on");
  }

  @Test
  @DisplayName("no class depends on Jakarta Faces (the Faces component is markup only)")
  void noFacesClasses() {
    noFacesRule().check(classes);
  }

  @Test
  @DisplayName("the Faces rule catches a class that extends a Faces component")
  void noFacesRuleCanFail() {
    assertThatThrownBy(() -> noFacesRule().check(new ClassFileImporter().importClasses(FacesFixture.class)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("jakarta.faces.component.UIOutput");
  }

  /** A class that would break the Faces rule. */
  static final class FacesFixture extends jakarta.faces.component.UIOutput {
  }

  @Test
  @DisplayName("Micrometer (optional) is used only by the two classes of internal.metrics loaded once it is found")
  void micrometerStaysOptional() {
    noClasses().that().doNotHaveFullyQualifiedName("dev.collab.server.internal.metrics.MicrometerBinding")
        .and().doNotHaveFullyQualifiedName("dev.collab.server.internal.metrics.MicrometerObserver")
        .should().dependOnClassesThat().resideInAPackage("io.micrometer..")
        .because("a deployment without Micrometer must load none of its classes (MeterBinding looks for it by name)")
        .check(classes);
  }

  @Test
  @DisplayName("each optional export library (jsoup, commonmark, POI, openhtmltopdf/PDFBox) is used only in its converter package")
  void exportLibrariesStayOptional() {
    String[][] confined = {
      {"org.jsoup..", "dev.collab.server.internal.export.html..", "dev.collab.server.internal.export.pdf.."},
      {"org.commonmark..", "dev.collab.server.internal.export.markdown.."},
      {"org.apache.poi..", "dev.collab.server.internal.export.docx.."},
      {"org.openxmlformats..", "dev.collab.server.internal.export.docx.."},
      {"com.openhtmltopdf..", "dev.collab.server.internal.export.pdf.."},
      {"org.apache.pdfbox..", "dev.collab.server.internal.export.pdf.."},
    };
    for (String[] rule : confined) {
      noClasses().that().resideOutsideOfPackages(java.util.Arrays.copyOfRange(rule, 1, rule.length))
          .should().dependOnClassesThat().resideInAPackage(rule[0])
          .because("a deployment without " + rule[0] + " must load none of its classes (internal.export.Libraries looks"
              + " for it by name, and internal.export.Converter calls the package only once it is found)")
          .check(classes);
    }
  }

  @Test
  @DisplayName("the wire (WebSocket, REST, assets) does not depend on the CDI wiring")
  void wireKnowsNoWiring() {
    noClasses().that().resideInAnyPackage(WIRE)
        .should().dependOnClassesThat().resideInAPackage("dev.collab.server.internal.cdi..")
        .because("the wiring builds the engine and hands the wire what it needs")
        .check(classes);
  }

  @Test
  @DisplayName("the health checks know the engine and the SPI, not the wire, the wiring or the settings that use them")
  void healthKnowsNoWire() {
    noClasses().that().resideInAPackage("dev.collab.server.internal.health..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.collab.server.internal.ws..", "dev.collab.server.internal.rest..", "dev.collab.server.internal.assets..",
            "dev.collab.server.internal.cdi..", "dev.collab.server.internal.config..")
        .because("the REST resource and the CDI wiring serve the checks; the checks take plain values")
        .check(classes);
  }

  @Test
  @DisplayName("the settings know the engine's limits, not the wire or the wiring that use them")
  void settingsKnowNoWire() {
    noClasses().that().resideInAPackage("dev.collab.server.internal.config..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.collab.server.internal.ws..", "dev.collab.server.internal.rest..", "dev.collab.server.internal.assets..",
            "dev.collab.server.internal.cdi..")
        .check(classes);
  }

  @Test
  @DisplayName("the SPI defaults and the bus adapters know only the API and SPI")
  void adaptersKnowOnlyTheSpi() {
    for (String adapter : ADAPTERS) {
      noClasses().that().resideInAPackage(adapter)
          .should().dependOnClassesThat(DescribedPredicate.describe("in another package of collab-impl",
              (JavaClass c) -> c.getPackageName().startsWith(ROOT) && !c.getPackageName().startsWith(adapter.replace("..", ""))))
          .because("an adapter depends on collab-api's SPI and its own client library only (STYLE.md: third-party clients stay at the edge)")
          .check(classes);
    }
  }

  @Test
  @DisplayName("no internal class depends on the public facade package")
  void internalsDoNotCallTheFacade() {
    noClasses().that().resideInAPackage(INTERNAL)
        .should().dependOnClassesThat().resideInAPackage(ROOT)
        .check(classes);
  }

  @Test
  @DisplayName("the packages of collab-impl form no cycle")
  void noCycles() {
    slices().matching("dev.collab.server.(*)..").should().beFreeOfCycles().check(classes);
    slices().matching("dev.collab.server.internal.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  @DisplayName("no public signature of a public package names an internal type")
  void publicSignaturesNameNoInternalType() {
    codeUnits().that().areDeclaredInClassesThat(IN_A_PUBLIC_PACKAGE)
        .and().areDeclaredInClassesThat().arePublic()
        .and().arePublic()
        .should(MENTION_NO_INTERNAL_TYPE)
        .check(classes);
    classes().that(IN_A_PUBLIC_PACKAGE).and().arePublic()
        .should(new ArchCondition<JavaClass>("extend and implement no internal type") {
          @Override
          public void check(JavaClass type, ConditionEvents events) {
            type.getAllRawSuperclasses().stream().filter(ArchitectureTest::isInternal)
                .forEach(s -> events.add(SimpleConditionEvent.violated(type, type.getName() + " extends " + s.getName())));
            type.getAllRawInterfaces().stream().filter(ArchitectureTest::isInternal)
                .forEach(s -> events.add(SimpleConditionEvent.violated(type, type.getName() + " implements " + s.getName())));
          }
        })
        .check(classes);
  }

  @Test
  @DisplayName("every package has a package-info saying who it is for")
  void everyPackageHasPackageInfo() {
    for (JavaPackage pkg : classes.getPackage(ROOT).getSubpackagesInTree()) {
      if (!pkg.getClasses().isEmpty()) {
        assertThat(pkg.tryGetPackageInfo()).as("package-info.java of " + pkg.getName()).isPresent();
      }
    }
  }

  /** The rules must be able to fail: a back-import from the engine into the wire is caught. */
  @Test
  @DisplayName("a back-import from the engine into the wire fails the engine rule")
  void aBackImportFailsTheBuild() {
    JavaClasses fixture = new ClassFileImporter().importClasses(
        dev.collab.server.internal.engine.archfixture.BackImport.class, dev.collab.server.internal.ws.HandshakeFilter.class);
    assertThatThrownBy(() -> engineRule().check(fixture))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("BackImport")
        .hasMessageContaining("dev.collab.server.internal.ws.HandshakeFilter");
  }

  /** And the signature rule catches a public method that hands out an internal type. */
  @Test
  @DisplayName("a public method returning an internal type fails the signature rule")
  void aLeakySignatureFailsTheBuild() {
    JavaClasses fixture = new ClassFileImporter().importClasses(
        dev.collab.server.archfixture.LeakyFacade.class, dev.collab.server.internal.ws.HandshakeFilter.class);
    assertThatThrownBy(() -> codeUnits().that().areDeclaredInClassesThat(IN_A_PUBLIC_PACKAGE)
            .and().areDeclaredInClassesThat().arePublic().and().arePublic()
            .should(MENTION_NO_INTERNAL_TYPE).check(fixture))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("LeakyFacade.config() mentions dev.collab.server.internal.ws.HandshakeFilter");
  }
}
