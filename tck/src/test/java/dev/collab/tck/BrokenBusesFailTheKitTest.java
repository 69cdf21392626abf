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

  /** A correct in-memory bus shared by the kit's two "nodes". */
  static class SharedBus {
    final Map<String, List<Consumer<String>>> subscribers = new java.util.concurrent.ConcurrentHashMap<>();
    final boolean leaky;
    final boolean keepsUnsubscribed;

    SharedBus(boolean leaky, boolean keepsUnsubscribed) {
      this.leaky = leaky;
      this.keepsUnsubscribed = keepsUnsubscribed;
    }

    ClusterBus node() {
      return new ClusterBus() {
        @Override
        public void publish(String documentId, String message) {
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

  @Test
  @DisplayName("a correct bus passes every test of the kit (the restart test and the engine test are skipped: no transport, no engine in the TCK)")
  void correctBusPasses() {
    assertThat(KitRunner.run(Correct.class)).hasSize(7);
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
