package dev.collab.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedMethod;

import dev.collab.spi.DocumentStore;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Issue #20, point 9, for the inheritance path: two subclasses of one kit in one run name their
 * nested groups after themselves (and after the store class when the factory declares it), so a
 * build that reports by display names writes each implementation's results apart.
 */
class KitDisplayNamesTest {

  /** A store kit whose factory says only {@code DocumentStore}: the test class names it. */
  static class PlainFactory extends DocumentStoreContractKit {
    @Override
    protected DocumentStore createStore() {
      return new ReferenceStore(); // declared as the SPI type
    }
  }

  /** A store kit whose factory declares the store class: the report names that class too. */
  static class NarrowFactory extends DocumentStoreContractKit {
    @Override
    protected ReferenceStore createStore() {
      return new ReferenceStore();
    }
  }

  @Test
  @DisplayName("every nested group of two store kit subclasses in one plan names its own subclass; no group name is shared")
  void groupsNameTheirSubclass() {
    TestPlan plan = LauncherFactory.create()
        .discover(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(PlainFactory.class), selectClass(NarrowFactory.class)).build());
    Map<String, List<String>> groups = new TreeMap<>();
    for (TestIdentifier engine : plan.getRoots()) {
      for (TestIdentifier kit : plan.getChildren(engine)) {
        groups.put(kit.getDisplayName(),
            plan.getChildren(kit).stream().filter(TestIdentifier::isContainer).map(TestIdentifier::getDisplayName).toList());
      }
    }

    String plainName = PlainFactory.class.getName();
    String narrowName = NarrowFactory.class.getName() + " (" + ReferenceStore.class.getName() + ")";
    assertThat(groups).containsOnlyKeys(plainName, narrowName);
    List<String> plain = groups.get(plainName);
    List<String> narrow = groups.get(narrowName);
    assertThat(plain).hasSizeGreaterThan(10).contains("Documents (PlainFactory)").allMatch(name -> name.endsWith(" (PlainFactory)"));
    assertThat(narrow).hasSameSizeAs(plain).contains("Documents (NarrowFactory)").allMatch(name -> name.endsWith(" (NarrowFactory)"));
    assertThat(narrow).doesNotContainAnyElementsOf(plain);
  }

  @Test
  @DisplayName("run on two stores, one kit test reports under each subclass's group, not under the kit's shared nested class")
  void runsReportApart() {
    Map<String, TestExecutionResult> results = new TreeMap<>();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(
        LauncherDiscoveryRequestBuilder.request()
            .selectors(
                selectNestedMethod(List.of(PlainFactory.class), StoreKitDocuments.Documents.class, "createAndFind"),
                selectNestedMethod(List.of(NarrowFactory.class), StoreKitDocuments.Documents.class, "createAndFind"))
            .build(),
        new TestExecutionListener() {
          private TestPlan plan;

          @Override
          public void testPlanExecutionStarted(TestPlan testPlan) {
            plan = testPlan;
          }

          @Override
          public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.isTest()) {
              TestIdentifier group = plan.getParent(test).orElseThrow();
              assertThat(group.getSource()).get().isInstanceOf(ClassSource.class);
              results.put(group.getDisplayName() + " > " + test.getDisplayName(), result);
            }
          }
        });

    assertThat(results).hasSize(2);
    assertThat(results.keySet()).containsExactlyInAnyOrder(
        "Documents (PlainFactory) > a created document is found with the metadata it was created with",
        "Documents (NarrowFactory) > a created document is found with the metadata it was created with");
    assertThat(results.values()).allMatch(result -> result.getStatus() == TestExecutionResult.Status.SUCCESSFUL);
  }
}
