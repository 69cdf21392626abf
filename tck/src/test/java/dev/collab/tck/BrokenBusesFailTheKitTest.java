package dev.collab.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.spi.ClusterBus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The bus kit must catch broken buses: a correct one passes, a leaky and a deaf one fail. */
class BrokenBusesFailTheKitTest {

  /** A node's bus on a {@link SharedBus}: its class names the buses in reports. */
  abstract static class ClusterBusNode implements ClusterBus {}

  /** A correct in-memory bus shared by the kit's two "nodes". */
  static class SharedBus {
    final Map<String, List<Consumer<String>>> subscribers = new java.util.concurrent.ConcurrentHashMap<>();
    final boolean leaky;
    final boolean keepsUnsubscribed;
    /** Drops every n-th published message (0: none), silently, as a lossy transport would. */
    final int dropEvery;
    final java.util.concurrent.atomic.AtomicLong published = new java.util.concurrent.atomic.AtomicLong();

    SharedBus(boolean leaky, boolean keepsUnsubscribed) {
      this(leaky, keepsUnsubscribed, 0);
    }

    SharedBus(boolean leaky, boolean keepsUnsubscribed, int dropEvery) {
      this.leaky = leaky;
      this.keepsUnsubscribed = keepsUnsubscribed;
      this.dropEvery = dropEvery;
    }

    ClusterBus node() {
      return new ClusterBusNode() {
        @Override
        public void publish(String documentId, String message) {
          if (dropEvery > 0 && published.incrementAndGet() % dropEvery == 0) {
            return;
          }
          subscribers.forEach((doc, listeners) -> {
            if (leaky || doc.equals(documentId)) {
              listeners.forEach(l -> l.accept(message));
            }
          });
        }

        @Override
        public Subscription subscribe(String documentId, Consumer<String> listener) {
          subscribers.computeIfAbsent(documentId, d -> new CopyOnWriteArrayList<>()).add(listener);
          return () -> {
            if (!keepsUnsubscribed) {
              subscribers.get(documentId).remove(listener);
            }
          };
        }
      };
    }
  }

  static class Correct extends ClusterBusContractKit {
    private final SharedBus bus = new SharedBus(false, false);

    @Override
    protected ClusterBus createBus() {
      return bus.node();
    }
  }

  static class Leaky extends ClusterBusContractKit {
    private final SharedBus bus = new SharedBus(true, false);

    @Override
    protected ClusterBus createBus() {
      return bus.node();
    }
  }

  static class Deaf extends ClusterBusContractKit {
    private final SharedBus bus = new SharedBus(false, true);

    @Override
    protected ClusterBus createBus() {
      return bus.node();
    }
  }

  static class Dropping extends ClusterBusContractKit {
    private final SharedBus bus = new SharedBus(false, false, 10);

    @Override
    protected ClusterBus createBus() {
      return bus.node();
    }
  }

  @Test
  @DisplayName("a correct bus passes every test of the kit (the restart test and the engine test are skipped: no transport, no engine in the TCK)")
  void correctBusPasses() {
    assertThat(KitRunner.run(Correct.class)).hasSize(8);
    assertThat(KitRunner.failed(KitRunner.run(Correct.class))).isEmpty();
  }

  /** A bus that works but says it is never connected: a readiness probe would take its node out for nothing. */
  static class NeverConnected extends ClusterBusContractKit {
    private final SharedBus bus = new SharedBus(false, false);

    @Override
    protected ClusterBus createBus() {
      ClusterBus node = bus.node();
      return new ClusterBus() {
        @Override
        public void publish(String documentId, String message) {
          node.publish(documentId, message);
        }

        @Override
        public Subscription subscribe(String documentId, java.util.function.Consumer<String> listener) {
          return node.subscribe(documentId, listener);
        }

        @Override
        public boolean isConnected() {
          return false;
        }
      };
    }
  }

  @Test
  @DisplayName("a bus that says it is not connected when it is fails the connection test, and only that")
  void neverConnectedFails() {
    assertThat(KitRunner.failed(KitRunner.run(NeverConnected.class))).containsExactly("NeverConnected.connectedWhenCreated");
  }

  @Test
  @DisplayName("a bus that silently drops every 10th message fails the volume test, and only that")
  void droppingBusFails() {
    assertThat(KitRunner.failed(KitRunner.run(Dropping.class))).containsExactly("Dropping.volume");
  }

  @Test
  @DisplayName("a bus that leaks messages across documents fails the isolation test")
  void leakyBusFails() {
    assertThat(KitRunner.failed(KitRunner.run(Leaky.class))).containsExactly("Leaky.isolatesDocuments");
  }

  @Test
  @DisplayName("a bus that keeps delivering after unsubscribe fails the unsubscribe test")
  void deafToUnsubscribeFails() {
    assertThat(KitRunner.failed(KitRunner.run(Deaf.class))).containsExactly("Deaf.unsubscribes");
  }
}
