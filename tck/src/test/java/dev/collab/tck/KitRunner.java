package dev.collab.tck;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs a kit subclass through the JUnit Platform Launcher, to show a broken implementation fails it. */
final class KitRunner {
  private KitRunner() {}

  /** Results by "Nested.method" (or "Kit.method" for tests not in a nested class). */
  static Map<String, TestExecutionResult> run(Class<?> kit) {
    return run(selectClass(kit));
  }

  /** Results of one test of a nested group of {@code kit} (declared in the kit or a superclass). */
  static Map<String, TestExecutionResult> run(Class<?> kit, Class<?> nested, String method) {
    return run(org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedMethod(List.of(kit), nested, method));
  }

  private static Map<String, TestExecutionResult> run(org.junit.platform.engine.DiscoverySelector selector) {
    Map<String, TestExecutionResult> results = new TreeMap<>();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(
        LauncherDiscoveryRequestBuilder.request().selectors(selector).build(),
        new TestExecutionListener() {
          @Override
          public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.isTest() && test.getSource().orElse(null) instanceof MethodSource method) {
              String nested = method.getClassName().substring(method.getClassName().lastIndexOf('$') + 1);
              results.put(nested + "." + method.getMethodName(), result);
            }
          }
        });
    return results;
  }

  /** The tests that did not succeed (failed or aborted). */
  static List<String> failed(Map<String, TestExecutionResult> results) {
    return results.entrySet().stream()
        .filter(e -> e.getValue().getStatus() == TestExecutionResult.Status.FAILED)
        .map(Map.Entry::getKey)
        .toList();
  }
}
