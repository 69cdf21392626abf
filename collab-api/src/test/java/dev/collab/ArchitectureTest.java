package dev.collab;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Keeps the package tiers of {@code STYLE.md} §1: the API ({@code dev.collab}, {@code dev.collab.ot},
 * later {@code dev.collab.protocol}, {@code dev.collab.client}) and the SPI ({@code dev.collab.spi})
 * never mention an internal type ({@code dev.collab.internal..}) or an implementation type
 * ({@code dev.collab.server..}, {@code dev.collab.jpa..}) in a public signature, and every package
 * says who it is for in a {@code package-info.java}.
 */
class ArchitectureTest {
  static final String[] INTERNAL = {"dev.collab.internal..", "dev.collab.server..", "dev.collab.jpa.."};

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.collab");
  }

  private static final DescribedPredicate<JavaClass> IN_API_OR_SPI =
      DescribedPredicate.describe(
          "in an API or SPI package",
          c -> c.getPackageName().startsWith("dev.collab") && !isInternal(c));

  static boolean isInternal(JavaClass type) {
    String name = type.getPackageName();
    return name.startsWith("dev.collab.internal")
        || name.startsWith("dev.collab.server")
        || name.startsWith("dev.collab.jpa");
  }

  private static final ArchCondition<JavaCodeUnit> MENTION_NO_INTERNAL_TYPE =
      new ArchCondition<>("mention no internal or implementation type") {
        @Override
        public void check(JavaCodeUnit unit, ConditionEvents events) {
          Set<JavaClass> mentioned = new java.util.HashSet<>(unit.getRawParameterTypes());
          mentioned.add(unit.getRawReturnType());
          unit.getThrowsClause().getTypes().forEach(mentioned::add);
          unit.getParameterTypes().forEach(t -> mentioned.addAll(t.getAllInvolvedRawTypes()));
          mentioned.addAll(unit.getReturnType().getAllInvolvedRawTypes());
          for (JavaClass type : mentioned) {
            if (isInternal(type)) {
              events.add(
                  SimpleConditionEvent.violated(
                      unit, unit.getFullName() + " mentions " + type.getName()));
            }
          }
        }
      };

  @Test
  @DisplayName("no public API or SPI method or constructor mentions an internal type")
  void apiSignaturesMentionNoInternalType() {
    codeUnits()
        .that()
        .areDeclaredInClassesThat(IN_API_OR_SPI)
        .and()
        .areDeclaredInClassesThat()
        .arePublic()
        .and()
        .arePublic()
        .should(MENTION_NO_INTERNAL_TYPE)
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  @DisplayName("no public API or SPI field has an internal type")
  void apiFieldsHaveNoInternalType() {
    fields()
        .that()
        .areDeclaredInClassesThat(IN_API_OR_SPI)
        .and()
        .arePublic()
        .should(
            new ArchCondition<JavaField>("have no internal type") {
              @Override
              public void check(JavaField field, ConditionEvents events) {
                for (JavaClass type : field.getType().getAllInvolvedRawTypes()) {
                  if (isInternal(type)) {
                    events.add(
                        SimpleConditionEvent.violated(
                            field, field.getFullName() + " has type " + type.getName()));
                  }
                }
              }
            })
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  @DisplayName("no public API or SPI type extends or implements an internal type")
  void apiTypesDoNotExtendInternalTypes() {
    classes()
        .that(IN_API_OR_SPI)
        .and()
        .arePublic()
        .should(
            new ArchCondition<JavaClass>("extend and implement no internal type") {
              @Override
              public void check(JavaClass type, ConditionEvents events) {
                type.getAllRawSuperclasses().stream()
                    .filter(ArchitectureTest::isInternal)
                    .forEach(
                        s ->
                            events.add(
                                SimpleConditionEvent.violated(
                                    type, type.getName() + " extends " + s.getName())));
                type.getAllRawInterfaces().stream()
                    .filter(ArchitectureTest::isInternal)
                    .forEach(
                        s ->
                            events.add(
                                SimpleConditionEvent.violated(
                                    type, type.getName() + " implements " + s.getName())));
              }
            })
        .check(classes);
  }

  @Test
  @DisplayName("the API and SPI do not depend on the server or on a store")
  void apiDoesNotDependOnImplementations() {
    noClasses()
        .that(IN_API_OR_SPI)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.collab.server..", "dev.collab.jpa..")
        .check(classes);
  }

  @Test
  @DisplayName("every package has a package-info saying who it is for")
  void everyPackageHasPackageInfo() {
    for (JavaPackage pkg : classes.getPackage("dev.collab").getSubpackagesInTree()) {
      if (!pkg.getClasses().isEmpty()) {
        org.assertj.core.api.Assertions.assertThat(pkg.tryGetPackageInfo())
            .as("package-info.java of " + pkg.getName())
            .isPresent();
      }
    }
    org.assertj.core.api.Assertions.assertThat(classes.getPackage("dev.collab").tryGetPackageInfo())
        .isPresent();
  }

  /** The check itself must be able to fail: a fixture leaking an internal type is caught. */
  @Test
  @DisplayName("the signature check catches internal types in parameters and in generic returns")
  void signatureCheckCatchesAViolation() {
    JavaClasses fixture =
        new ClassFileImporter()
            .importClasses(
                dev.collab.archfixture.Leaky.class, dev.collab.internal.archfixture.Hidden.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                codeUnits()
                    .that()
                    .areDeclaredInClassesThat(IN_API_OR_SPI)
                    .and()
                    .arePublic()
                    .should(MENTION_NO_INTERNAL_TYPE)
                    .check(fixture))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Leaky.take(dev.collab.internal.archfixture.Hidden) mentions")
        .hasMessageContaining("Leaky.give() mentions dev.collab.internal.archfixture.Hidden");
  }
}
