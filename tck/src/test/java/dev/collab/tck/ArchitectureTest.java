package dev.collab.tck;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The TCK tests any implementation of Collab's API and SPIs, Collab's own included: its kits use
 * collab-api's public packages only. Never an {@code internal} package, never collab-impl
 * ({@code dev.collab.server..}) or collab-jpa ({@code dev.collab.jpa..}), which the TCK does not
 * depend on (a vendor running it brings their own implementation).
 */
class ArchitectureTest {
  static ArchRule publicApiOnly() {
    return noClasses().that().resideInAPackage("dev.collab.tck..")
        .should().dependOnClassesThat().resideInAnyPackage("..internal..", "dev.collab.server..", "dev.collab.jpa..")
        .because("the TCK tests implementations through the public API and SPIs only");
  }

  @Test
  @DisplayName("the kits use collab-api's public packages only")
  void kitsUsePublicApiOnly() {
    publicApiOnly().check(new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.collab.tck"));
  }

  /** The rule can fail: a class that reaches into an internal package is caught. */
  @Test
  @DisplayName("the rule catches a class that imports an internal type")
  void catchesAnInternalImport() {
    assertThatThrownBy(() -> publicApiOnly().check(new ClassFileImporter().importClasses(ReachesInside.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("dev.collab.internal.json.BoundedJson");
  }

  /** Fixture: what the rule exists to stop. */
  static final class ReachesInside {
    Object parse(String text) {
      return dev.collab.internal.json.BoundedJson.class.getName() + text;
    }
  }
}
