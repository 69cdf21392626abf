package dev.collab.tck;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints each skipped or failed kit test on the console, with the implementation under test and
 * the reason: Surefire's console shows only counts for skips, and names a nested group's tests
 * after the kit's class rather than the implementer's. One line per test, prefixed {@code
 * [collab-tck]}. Registered on every SPI and OT kit.
 */
final class KitReport implements TestWatcher {

  @Override
  public void testAborted(ExtensionContext context, Throwable cause) {
    print("SKIPPED", context, cause.getMessage());
  }

  @Override
  public void testDisabled(ExtensionContext context, Optional<String> reason) {
    print("DISABLED", context, reason.orElse("@Disabled"));
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    String message = String.valueOf(cause.getMessage()).strip();
    int newline = message.indexOf('\n');
    print("FAILED", context, cause.getClass().getSimpleName() + ": " + (newline < 0 ? message : message.substring(0, newline) + " ..."));
  }

  private static void print(String outcome, ExtensionContext context, String reason) {
    System.out.println("[collab-tck] " + outcome + " " + implementation(context) + " | " + path(context) + " | " + reason);
  }

  /** The kit's display names from the test class down, "Class > Nested > test". */
  private static String path(ExtensionContext context) {
    List<String> names = new ArrayList<>();
    for (Optional<ExtensionContext> at = Optional.of(context); at.isPresent() && at.get().getParent().isPresent(); at = at.get().getParent()) {
      ExtensionContext level = at.get();
      names.add(0, level.getElement()
          .filter(element -> element instanceof Class<?> type && type.isAnnotationPresent(KitGroup.class))
          .map(element -> KitDisplayNames.group((Class<?>) element))
          .orElse(level.getDisplayName()));
    }
    return String.join(" > ", names);
  }

  /** "store com.acme.MyStore (MyStoreContractTest)", as far as the kit's instance tells. */
  static String implementation(ExtensionContext context) {
    Object kit = context.getTestInstances().map(instances -> instances.getAllInstances().get(0)).orElse(null);
    if (kit == null) {
      return context.getRequiredTestClass().getName();
    }
    String under = null;
    if (kit instanceof StoreKitFixtures store && store.store != null) {
      under = "store " + store.store.getClass().getName();
    } else if (kit instanceof ClusterBusContractKit bus) {
      under = bus.implementationName();
    } else if (kit instanceof AccessPolicyContractKit policy) {
      under = policy.implementationName();
    } else if (kit instanceof OtTypeContractKit<?> ot) {
      under = "OT type " + ot.type().getClass().getName();
    }
    String test = kit.getClass().getName();
    return under == null ? test : under + " (" + test + ")";
  }
}
