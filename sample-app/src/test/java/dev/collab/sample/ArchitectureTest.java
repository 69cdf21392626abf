package dev.collab.sample;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The sample app is what an application team copies: it uses Collab's public packages only
 * ({@code dev.collab}, {@code .ot}, {@code .spi}, {@code .protocol}, {@code dev.collab.server},
 * {@code .server.defaults}, {@code .server.jms}, {@code dev.collab.jpa}), never an {@code internal}
 * package. Its tests may look inside (the restorer test drives the engine directly).
 */
class ArchitectureTest {
  static ArchRule publicPackagesOnly() {
    return noClasses().that().resideInAPackage("dev.collab.sample..")
        .should().dependOnClassesThat().resideInAPackage("..internal..")
        .because("an application uses Collab's public packages only; internal ones change without notice");
  }

  @Test
  @DisplayName("the sample app's code imports no internal package of Collab")
  void usesPublicPackagesOnly() {
    publicPackagesOnly().check(new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.collab.sample"));
  }

  /** The rule can fail: the restorer's test builds the engine from its internal package. */
  @Test
  @DisplayName("the rule catches a class that imports the engine")
  void catchesAnInternalImport() {
    assertThatThrownBy(() -> publicPackagesOnly().check(new ClassFileImporter().importClasses(RestorerTest.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("dev.collab.server.internal.engine.CollabEngine");
  }
}
