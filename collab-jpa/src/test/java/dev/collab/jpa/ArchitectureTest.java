package dev.collab.jpa;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * collab-jpa is a store at the edge (STYLE.md: third-party clients stay at the edge): it depends on
 * collab-api's SPI and Jakarta Persistence, never on the server ({@code dev.collab.server..}); its
 * public package {@code dev.collab.jpa} names no internal type ({@code dev.collab.jpa.internal},
 * {@code dev.collab.internal..}) in a public signature; every package has a package-info.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.collab.jpa");
  }

  static boolean isInternal(JavaClass type) {
    return type.getPackageName().contains(".internal");
  }

  static final ArchCondition<JavaCodeUnit> MENTION_NO_INTERNAL_TYPE = new ArchCondition<>("mention no internal type") {
    @Override
    public void check(JavaCodeUnit unit, ConditionEvents events) {
      Set<JavaClass> mentioned = new HashSet<>(unit.getRawParameterTypes());
      mentioned.add(unit.getRawReturnType());
      unit.getParameterTypes().forEach(t -> mentioned.addAll(t.getAllInvolvedRawTypes()));
      mentioned.addAll(unit.getReturnType().getAllInvolvedRawTypes());
      mentioned.stream().filter(ArchitectureTest::isInternal)
          .forEach(type -> events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " mentions " + type.getName())));
    }
  };

  static ArchRule publicSignatures() {
    return codeUnits().that().areDeclaredInClassesThat().resideInAPackage("dev.collab.jpa")
        .and().areDeclaredInClassesThat().arePublic().and().arePublic()
        .should(MENTION_NO_INTERNAL_TYPE);
  }

  @Test
  @DisplayName("the store depends on collab-api and Jakarta Persistence, not on the server")
  void knowsNothingOfTheServer() {
    noClasses().should().dependOnClassesThat().resideInAPackage("dev.collab.server..").check(classes);
  }

  @Test
  @DisplayName("no public signature of dev.collab.jpa names an internal type")
  void publicSignaturesNameNoInternalType() {
    publicSignatures().check(classes);
  }

  @Test
  @DisplayName("every package has a package-info saying who it is for")
  void everyPackageHasPackageInfo() {
    for (JavaPackage pkg : classes.getPackage("dev.collab.jpa").getSubpackagesInTree()) {
      if (!pkg.getClasses().isEmpty()) {
        assertThat(pkg.tryGetPackageInfo()).as("package-info.java of " + pkg.getName()).isPresent();
      }
    }
    assertThat(classes.getPackage("dev.collab.jpa").tryGetPackageInfo()).isPresent();
  }

  /** The signature rule can fail: a public method handing out an internal entity is caught. */
  @Test
  @DisplayName("the signature rule catches a public method that returns an internal type")
  void theSignatureRuleCanFail() {
    assertThatThrownBy(() -> publicSignatures().check(new ClassFileImporter().importClasses(Leaky.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Leaky.entity() mentions dev.collab.jpa.internal.");
  }

  /** Fixture: what the rule exists to stop. */
  public static final class Leaky {
    public dev.collab.jpa.internal.OpEntity entity() {
      throw new UnsupportedOperationException();
    }
  }
}
