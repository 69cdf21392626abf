package dev.collab.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.collab.ot.RichText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The entry point without inheritance: a plain test class (extending nothing of the TCK) with
 * {@code @TestFactory} methods runs two stores and a bus through the kits; each result sits under
 * its implementation's name, a broken store fails under its own name only, and skips keep their
 * reason.
 */
class ContractKitsTest {

  /** An integrator's test class: no kit superclass. */
  static class Integrator {
    @TestFactory
    Stream<DynamicNode> stores() {
      return Stream.of(
          ContractKits.store(ReferenceStore.class, ReferenceStore::new),
          ContractKits.store(BrokenStores.LiveViewStore.class, BrokenStores.LiveViewStore::new));
    }

    @TestFactory
    DynamicNode bus() {
      // one transport for all the buses: each test of the kit uses documents of its own
      BrokenBusesFailTheKitTest.SharedBus transport = new BrokenBusesFailTheKitTest.SharedBus(false, false);
      return ContractKits.bus(BrokenBusesFailTheKitTest.ClusterBusNode.class, transport::node);
    }

    @TestFactory
    DynamicNode otType() {
      return ContractKits.otType(RichText.INSTANCE, new RichTextOtTypeKitTest().generator());
    }
  }

  @Test
  @DisplayName("each kit test reports under the implementation's name; two stores report apart; a skip keeps its reason")
  void reportsNameTheImplementation() {
    Map<String, TestExecutionResult> results = new LinkedHashMap<>();
    var launcher = LauncherFactory.create();
    launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Integrator.class)).build(),
        new TestExecutionListener() {
          private TestPlan plan;

          @Override
          public void testPlanExecutionStarted(TestPlan testPlan) {
            plan = testPlan;
          }

          @Override
          public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.isTest()) {
              List<String> names = new ArrayList<>();
              for (TestIdentifier at = test; at != null; at = plan.getParent(at).orElse(null)) {
                names.add(0, at.getDisplayName());
              }
              results.put(String.join(" > ", names.subList(2, names.size())), result);
            }
          }
        });
    String reference = "stores() > DocumentStoreContractKit: " + ReferenceStore.class.getName() + " > ";
    String liveView = "stores() > DocumentStoreContractKit: " + BrokenStores.LiveViewStore.class.getName() + " > ";
    assertThat(results.keySet().stream().filter(name -> name.startsWith(reference))).hasSizeGreaterThan(40);
    assertThat(results.keySet().stream().filter(name -> name.startsWith(liveView))).hasSizeGreaterThan(40);
    assertThat(failed(results)).containsExactly(
        liveView + "Reading ops > readOps, readOpsAfter and list return unmodifiable snapshots: changing one throws, and later writes do not show in one returned before");
    TestExecutionResult retention = results.get(reference
        + "Retention (optional: skipped for a store whose pruneHistory is the default) > pruning never drops the head op, even when a snapshot is at the head");
    assertThat(retention.getStatus()).isEqualTo(TestExecutionResult.Status.ABORTED);
    assertThat(retention.getThrowable().orElseThrow()).hasMessageContaining("leaves pruneHistory at its default");
    assertThat(results.keySet().stream().filter(name -> name.startsWith("bus() > ClusterBusContractKit: " + BrokenBusesFailTheKitTest.ClusterBusNode.class.getName() + " > "))).hasSize(8);
    assertThat(results.keySet().stream().filter(name -> name.startsWith("otType() > OtTypeContractKit: "))).isNotEmpty();
  }

  private static List<String> failed(Map<String, TestExecutionResult> results) {
    return results.entrySet().stream()
        .filter(e -> e.getValue().getStatus() == TestExecutionResult.Status.FAILED)
        .map(Map.Entry::getKey)
        .toList();
  }
}
