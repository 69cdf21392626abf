package dev.collab.tck;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import dev.collab.ot.OtType;
import dev.collab.spi.ClusterBus;
import dev.collab.spi.DocumentStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The kits without inheritance: a {@code @TestFactory} method in any test class (with any superclass
 * of its own) returns a kit's tests as a tree named after the implementation under test. So two
 * implementations in one build report apart, each test under its implementation's name:
 *
 * <pre>{@code
 * class MyStorageTest extends MyOwnTestBase {
 *   @TestFactory
 *   DynamicNode storeKit() {
 *     return ContractKits.store(MyStore.class, () -> new MyStore(freshDataSource()));
 *   }
 *
 *   @TestFactory
 *   DynamicNode busKit() {
 *     return ContractKits.bus(MyBus.class, () -> new MyBus(brokerUrl));
 *   }
 * }
 * }</pre>
 *
 * <p>Each dynamic test runs the kit's test of that name, with its own lifecycle, through the JUnit
 * Platform {@link Launcher} (so {@code junit-platform-launcher} must be on the test class path; the
 * TCK brings it): a failure fails the dynamic test with the kit's assertion, a skip skips it with
 * the kit's reason. For the hooks the suppliers cannot carry (a store's {@code crashAndReopen}, a
 * bus's {@code restartTransport}, the policy kit), write the kit subclass as a nested class of the
 * test and pass it to {@link #of(String, Class)}: the test class itself still extends nothing.
 */
public final class ContractKits {
  /** Kit runs share the suppliers below; one at a time. */
  private static final ReentrantLock RUNNING = new ReentrantLock();
  private static volatile Supplier<? extends DocumentStore> stores = () -> {
    throw new IllegalStateException("no store supplier");
  };
  private static volatile Supplier<? extends ClusterBus> buses = () -> {
    throw new IllegalStateException("no bus supplier");
  };
  private static volatile OtType<?> otType;
  private static volatile OtTypeContractKit.Generator<?> otGenerator;

  private ContractKits() {}

  /**
   * The store kit ({@link DocumentStoreContractKit}) for stores made by {@code stores}.
   *
   * @param implementation the store's class, which names the tree
   * @param stores makes a new, empty store for every test
   * @return the kit's tests, under "DocumentStoreContractKit: " and the class's name
   */
  public static DynamicContainer store(Class<? extends DocumentStore> implementation, Supplier<? extends DocumentStore> stores) {
    Objects.requireNonNull(stores, "stores");
    return of(DocumentStoreContractKit.class.getSimpleName() + ": " + implementation.getName(), SuppliedStoreKit.class,
        () -> ContractKits.stores = stores);
  }

  /**
   * The bus kit ({@link ClusterBusContractKit}) for buses made by {@code buses}, without the
   * restart and engine tests (skipped; a nested kit subclass passed to {@link #of} has them).
   *
   * @param implementation the bus's class, which names the tree
   * @param buses makes a bus standing for one node, reaching the others made for the same test
   * @return the kit's tests, under "ClusterBusContractKit: " and the class's name
   */
  public static DynamicContainer bus(Class<? extends ClusterBus> implementation, Supplier<? extends ClusterBus> buses) {
    Objects.requireNonNull(buses, "buses");
    return of(ClusterBusContractKit.class.getSimpleName() + ": " + implementation.getName(), SuppliedBusKit.class,
        () -> ContractKits.buses = buses);
  }

  /**
   * The OT type kit ({@link OtTypeContractKit}) for {@code type}.
   *
   * @param <O> the type's op
   * @param type the type under test, whose class names the tree
   * @param generator random documents and ops of the type
   * @return the kit's tests, under "OtTypeContractKit: " and the type's class name
   */
  public static <O> DynamicContainer otType(OtType<O> type, OtTypeContractKit.Generator<O> generator) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(generator, "generator");
    return of(OtTypeContractKit.class.getSimpleName() + ": " + type.getClass().getName(), SuppliedOtTypeKit.class, () -> {
      otType = type;
      otGenerator = generator;
    });
  }

  /**
   * Any kit, given as a concrete subclass (for example a static nested class of the test), as a
   * tree named {@code name}.
   *
   * @param name the tree's name: say which implementation it checks
   * @param kit a concrete subclass of one of the kits, with a no-argument constructor
   * @return the kit's tests
   */
  public static DynamicContainer of(String name, Class<?> kit) {
    return of(name, kit, () -> {});
  }

  private static DynamicContainer of(String name, Class<?> kit, Runnable install) {
    Launcher launcher = LauncherFactory.create();
    TestPlan plan = launcher.discover(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(kit)).build());
    List<DynamicNode> children = new ArrayList<>();
    for (TestIdentifier engine : plan.getRoots()) {
      for (TestIdentifier kitClass : plan.getChildren(engine)) {
        plan.getChildren(kitClass).forEach(child -> children.add(node(launcher, plan, child, install)));
      }
    }
    return DynamicContainer.dynamicContainer(name, children);
  }

  private static DynamicNode node(Launcher launcher, TestPlan plan, TestIdentifier identifier, Runnable install) {
    if (identifier.isTest()) {
      return DynamicTest.dynamicTest(identifier.getDisplayName(), () -> run(launcher, identifier, install));
    }
    List<DynamicNode> children = new ArrayList<>();
    plan.getChildren(identifier).forEach(child -> children.add(node(launcher, plan, child, install)));
    return DynamicContainer.dynamicContainer(identifier.getDisplayName(), children);
  }

  /** Runs one kit test; rethrows its failure, or its abort (which skips the dynamic test). */
  private static void run(Launcher launcher, TestIdentifier test, Runnable install) throws Throwable {
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request().selectors(selectUniqueId(test.getUniqueIdObject())).build();
    List<TestExecutionResult> results = new ArrayList<>();
    RUNNING.lock();
    try {
      install.run();
      launcher.execute(request, new TestExecutionListener() {
        @Override
        public void executionFinished(TestIdentifier finished, TestExecutionResult result) {
          if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL || finished.getUniqueIdObject().equals(test.getUniqueIdObject())) {
            results.add(result);
          }
        }
      });
    } finally {
      RUNNING.unlock();
    }
    if (results.isEmpty()) {
      throw new AssertionError("the kit's test " + test.getDisplayName() + " did not run");
    }
    for (TestExecutionResult result : results) {
      if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
        throw result.getThrowable().orElseGet(() -> new AssertionError(result.toString()));
      }
    }
  }

  /** The store kit on the installed supplier. */
  static final class SuppliedStoreKit extends DocumentStoreContractKit {
    @Override
    protected DocumentStore createStore() {
      return stores.get();
    }
  }

  /** The bus kit on the installed supplier. */
  static final class SuppliedBusKit extends ClusterBusContractKit {
    @Override
    protected ClusterBus createBus() {
      return buses.get();
    }
  }

  /** The OT type kit on the installed type. */
  static final class SuppliedOtTypeKit extends OtTypeContractKit<Object> {
    @Override
    @SuppressWarnings("unchecked")
    protected OtType<Object> type() {
      return (OtType<Object>) otType;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected Generator<Object> generator() {
      return (Generator<Object>) otGenerator;
    }
  }
}
