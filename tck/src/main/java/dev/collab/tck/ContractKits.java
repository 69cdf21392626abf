package dev.collab.tck;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.collab.ot.OtType;
import dev.collab.spi.ClusterBus;
import dev.collab.spi.DocumentStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.platform.engine.TestExecutionResult;
import org.opentest4j.TestAbortedException;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.engine.support.descriptor.ClassSource;
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
 * <p>The kit runs once, through the JUnit Platform {@link Launcher} ({@code
 * junit-platform-launcher}, which the TCK brings), when its tree's first dynamic test runs (that
 * test's time is the kit's); each dynamic test then reports the result of the kit's test of its
 * name: a failure fails it with the kit's assertion, a skip skips it with the kit's reason. For the hooks the suppliers cannot carry (a store's {@code crashAndReopen}, a
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
    KitRun run = new KitRun(launcher, kit, install);
    List<DynamicNode> children = new ArrayList<>();
    for (TestIdentifier engine : plan.getRoots()) {
      for (TestIdentifier kitClass : plan.getChildren(engine)) {
        plan.getChildren(kitClass).forEach(child -> children.add(node(plan, child, run)));
      }
    }
    return DynamicContainer.dynamicContainer(name, children);
  }

  private static DynamicNode node(TestPlan plan, TestIdentifier identifier, KitRun run) {
    if (identifier.isTest()) {
      return DynamicTest.dynamicTest(identifier.getDisplayName(), () -> run.check(plan, identifier));
    }
    List<DynamicNode> children = new ArrayList<>();
    plan.getChildren(identifier).forEach(child -> children.add(node(plan, child, run)));
    return DynamicContainer.dynamicContainer(groupName(identifier), children);
  }

  /** A nested group's own name: the tree above already names the implementation. */
  private static String groupName(TestIdentifier identifier) {
    return identifier.getSource()
        .filter(ClassSource.class::isInstance)
        .map(source -> ((ClassSource) source).getJavaClass())
        .filter(type -> type.isAnnotationPresent(KitGroup.class))
        .map(KitDisplayNames::group)
        .orElse(identifier.getDisplayName());
  }

  /**
   * One run of a kit class, made at its first dynamic test (so the kit's own {@code @BeforeAll},
   * a database for example, runs once); each dynamic test then reports its test's result.
   */
  private static final class KitRun {
    private final Launcher launcher;
    private final Class<?> kit;
    private final Runnable install;
    /** Results by unique id, tests and containers; null until the run. Guarded by {@code this}. */
    private Map<String, TestExecutionResult> results;
    /** Skip reasons by unique id (a disabled test). Guarded by {@code this}. */
    private final Map<String, String> skipped = new HashMap<>();

    KitRun(Launcher launcher, Class<?> kit, Runnable install) {
      this.launcher = launcher;
      this.kit = kit;
      this.install = install;
    }

    private synchronized Map<String, TestExecutionResult> results() {
      if (results == null) {
        Map<String, TestExecutionResult> finished = new ConcurrentHashMap<>();
        RUNNING.lock();
        try {
          install.run();
          launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(kit)).build(),
              new TestExecutionListener() {
                @Override
                public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
                  finished.put(identifier.getUniqueId(), result);
                }

                @Override
                public void executionSkipped(TestIdentifier identifier, String reason) {
                  synchronized (KitRun.this) {
                    skipped.put(identifier.getUniqueId(), reason);
                  }
                }
              });
        } finally {
          RUNNING.unlock();
        }
        results = finished;
      }
      return results;
    }

    /** Passes, fails with the kit's failure, or aborts with the kit's reason, as the kit's test did. */
    void check(TestPlan plan, TestIdentifier test) throws Throwable {
      Map<String, TestExecutionResult> all = results();
      for (TestIdentifier at = test; at != null; at = plan.getParent(at).orElse(null)) {
        TestExecutionResult result = all.get(at.getUniqueId());
        if (result != null && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
          throw result.getThrowable().orElseGet(() -> new AssertionError(result.toString()));
        }
        String reason;
        synchronized (this) {
          reason = skipped.get(at.getUniqueId());
        }
        if (reason != null) {
          throw new TestAbortedException(reason);
        }
        if (at == test && result != null) {
          return;
        }
      }
      throw new AssertionError("the kit's test " + test.getDisplayName() + " did not run");
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
