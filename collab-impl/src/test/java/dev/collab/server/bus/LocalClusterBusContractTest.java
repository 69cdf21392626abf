package dev.collab.server.bus;

import dev.collab.server.defaults.LocalClusterBus;
import dev.collab.spi.ClusterBus;

/** The in-JVM bus: two "nodes" share one instance, as engines in one JVM do. */
class LocalClusterBusContractTest extends dev.collab.tck.ClusterBusContractKit {
  private LocalClusterBus shared;

  @Override
  protected ClusterBus createBus() {
    if (shared == null) {
      shared = new LocalClusterBus();
    }
    LocalClusterBus bus = shared;
    // Each node closes its own view; the shared bus lives for the test.
    return new ClusterBus() {
      @Override
      public void publish(String documentId, String message) {
        bus.publish(documentId, message);
      }

      @Override
      public Subscription subscribe(String documentId, java.util.function.Consumer<String> listener) {
        return bus.subscribe(documentId, listener);
      }
    };
  }

  @Override
  protected java.util.Optional<dev.collab.Collab> node(String nodeId, ClusterBus bus, dev.collab.spi.DocumentStore store) {
    return Services.engineNode(nodeId, bus, store);
  }
}
