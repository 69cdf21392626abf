package dev.collab.tck;

import dev.collab.spi.AccessPolicy;
import dev.collab.spi.ClusterBus;
import dev.collab.spi.DocumentStore;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGenerator;

/**
 * The kits' display names, which name the concrete test class that runs a kit (the integrator's
 * subclass): the test class as its full name and, where its factory method declares the
 * implementation ({@code MyStore createStore()} rather than {@code DocumentStore createStore()}),
 * that class too, as in {@code "com.acme.MyStoreContractTest (com.acme.MyStore)"}; each nested
 * group as its name and the test class's simple name, {@code "Documents (MyStoreContractTest)"}.
 * A nested group's class is declared once, in the kit, so by class names two subclasses of a kit in
 * one build report their groups as one; by these names, in a build that reports by display names
 * (Surefire's {@code JUnit5Xml30StatelessReporter} with {@code usePhrasedFileName}, see
 * tck/README.md, "Reports"), each implementation has its own report files and lines.
 *
 * <p>Set on the kits with {@code @DisplayNameGeneration}, which a subclass inherits. Test methods
 * keep their {@code @DisplayName}: the group above them names the implementation.
 */
public final class KitDisplayNames extends DisplayNameGenerator.Standard {

  /** The kits' factory methods and the SPI type each returns. */
  private static final Map<String, Class<?>> FACTORIES =
      Map.of("createStore", DocumentStore.class, "createBus", ClusterBus.class, "createPolicy", AccessPolicy.class);

  /** Called by JUnit, through {@code @DisplayNameGeneration}. */
  public KitDisplayNames() {
    // stateless
  }

  @Override
  public String generateDisplayNameForClass(Class<?> testClass) {
    return under(testClass);
  }

  @Override
  public String generateDisplayNameForNestedClass(List<Class<?>> enclosingInstanceTypes, Class<?> nestedClass) {
    Class<?> concrete = enclosingInstanceTypes.isEmpty() ? nestedClass.getEnclosingClass() : enclosingInstanceTypes.get(0);
    return group(nestedClass) + " (" + concrete.getSimpleName() + ")";
  }

  /**
   * A nested group's own name: its {@link KitGroup}, else its simple name.
   *
   * @param nestedClass a group of a kit
   * @return the name without the test class
   */
  static String group(Class<?> nestedClass) {
    KitGroup group = nestedClass.getAnnotation(KitGroup.class);
    return group == null ? nestedClass.getSimpleName() : group.value();
  }

  /** "com.acme.MyStoreContractTest", with " (com.acme.MyStore)" when the factory declares it. */
  static String under(Class<?> testClass) {
    String implementation = implementation(testClass);
    return implementation == null ? testClass.getName() : testClass.getName() + " (" + implementation + ")";
  }

  /** The return type of the most specific kit factory method, if narrower than the SPI's. */
  private static String implementation(Class<?> testClass) {
    for (Class<?> at = testClass; at != null && at != Object.class; at = at.getSuperclass()) {
      for (Method method : at.getDeclaredMethods()) {
        Class<?> spi = FACTORIES.get(method.getName());
        if (spi != null && method.getParameterCount() == 0 && !method.isBridge() && !method.isSynthetic()) {
          Class<?> returned = method.getReturnType();
          return returned == spi || !spi.isAssignableFrom(returned) ? null : returned.getName();
        }
      }
    }
    return null;
  }
}
