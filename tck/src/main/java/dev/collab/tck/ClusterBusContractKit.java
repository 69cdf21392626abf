package dev.collab.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.Collab;
import dev.collab.CommittedOp;
import dev.collab.User;
import dev.collab.spi.ClusterBus;
import dev.collab.spi.DocumentStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The {@link ClusterBus} contract as tests. Two bus instances stand for two nodes. An implementation
 * proves itself with a few lines:
 *
 * <pre>{@code
 * class MyBusContractTest extends ClusterBusContractKit {
 *   @Override protected ClusterBus createBus() { return new MyBus(...); }
 *   @Override protected boolean restartTransport() { myBroker.restart(); return true; }
 * }
 * }</pre>
 *
 * <p>{@link #createBus()} is called twice before every test; buses made for one test must reach
 * each other. {@link #restartTransport()} breaks and restores the transport (restart the broker,
 * drop the connections); a bus that has none returns false and that test is skipped. The kit holds
 * a bus to the SPI's Javadoc: delivery to every subscriber on every node, no message across
 * documents, unsubscribe, a large Unicode message intact, thousands of messages from two nodes to
 * four subscriptions on three nodes without a loss, and recovery (with the recovery listeners
 * called) after the transport restarts. With {@link #node} it also runs two engines over the bus,
 * with deliveries lost and duplicated on purpose, and checks that the engine fills the gaps.
 */
@org.junit.jupiter.api.extension.ExtendWith(KitReport.class)
@Tag("bus")
@org.junit.jupiter.api.DisplayNameGeneration(KitDisplayNames.class)
public abstract class ClusterBusContractKit {
  /**
   * The user the engine test creates and edits as: {@code ann}, with the role {@code
   * collab-writer} (the role Collab's default policy gives write access).
   */
  public static final User WRITER = new User("ann", "Ann", java.util.Set.of("collab-writer"));

  /** Messages each of the two publishing nodes sends in the volume test. */
  static final int VOLUME = 2_000;

  private ClusterBus first;
  private ClusterBus second;

  /**
   * A new bus instance, standing for one node. Called twice before every test (and once more in
   * the volume test, for a third node); the kit closes them after it.
   *
   * @return a connected bus; the instances made for one test must reach each other
   */
  protected abstract ClusterBus createBus();

  /**
   * Restarts the underlying transport (broker, connections), with both buses of the test
   * subscribed. Returns once the transport is back (the buses may still be reconnecting).
   *
   * @return true when the transport was restarted; false (the default) when there is none, which
   *     skips the recovery test
   * @throws Exception when the restart failed; the test fails with it
   */
  protected boolean restartTransport() throws Exception {
    return false;
  }

  /**
   * A Collab engine ("node") on {@code bus} and the shared {@code store}: the server's own engine
   * (for Collab, {@code EmbeddedEngine.builder().nodeId(nodeId).bus(bus).store(store).build().collab()}).
   * Empty by default, which skips the test that runs engines over the bus. The kit creates and
   * edits its document as {@link #WRITER}, who has the role {@code collab-writer}: Collab's default
   * policy lets her write; a node with another policy must let her too. The kit closes the node if
   * it is {@link AutoCloseable}.
   *
   * @param nodeId the node's id, distinct for the two nodes of the test
   * @param bus a bus made by {@link #createBus()} for this node
   * @param store the store both nodes share
   * @return the node's {@link Collab}, or empty to skip the test
   */
  protected Optional<Collab> node(String nodeId, ClusterBus bus, DocumentStore store) {
    return Optional.empty();
  }

  /** The buses' class, for {@link KitReport}. */
  String implementationName() {
    return "bus " + (first == null ? "(not made)" : first.getClass().getName());
  }

  @BeforeEach
  void createBuses() {
    first = createBus();
    second = createBus();
  }

  @AfterEach
  void closeBuses() {
    first.close();
    second.close();
  }

  static String next(LinkedBlockingQueue<String> queue) throws InterruptedException {
    String message = queue.poll(10, TimeUnit.SECONDS);
    assertThat(message).as("a message within 10 s").isNotNull();
    return message;
  }

  /** Whether {@code bus} says it is connected within {@code seconds}, asking every 50 ms. */
  static boolean connectedWithin(ClusterBus bus, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!bus.isConnected()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  @Test
  @DisplayName("a bus that was just created says it is connected (ClusterBus.isConnected, for readiness probes)")
  void connectedWhenCreated() {
    assertThat(first.isConnected()).as("first bus").isTrue();
    assertThat(second.isConnected()).as("second bus").isTrue();
  }

  @Test
  @DisplayName("a message reaches every subscription to its document on every node, the publishing node's own included")
  void deliversToEverySubscriber() throws Exception {
    LinkedBlockingQueue<String> a = new LinkedBlockingQueue<>();
    LinkedBlockingQueue<String> b = new LinkedBlockingQueue<>();
    LinkedBlockingQueue<String> c = new LinkedBlockingQueue<>();
    first.subscribe("doc-1", a::add);
    first.subscribe("doc-1", b::add);
    second.subscribe("doc-1", c::add);
    first.publish("doc-1", "hello");
    assertThat(next(a)).isEqualTo("hello");
    assertThat(next(b)).isEqualTo("hello");
    assertThat(next(c)).isEqualTo("hello");
  }

  @Test
  @DisplayName("a message for one document never reaches a subscriber of another")
  void isolatesDocuments() throws Exception {
    LinkedBlockingQueue<String> one = new LinkedBlockingQueue<>();
    LinkedBlockingQueue<String> two = new LinkedBlockingQueue<>();
    second.subscribe("doc.a", one::add);
    second.subscribe("doc.b", two::add);
    first.publish("doc.a", "for a");
    first.publish("doc.b", "for b");
    assertThat(next(one)).isEqualTo("for a");
    assertThat(next(two)).isEqualTo("for b");
    assertThat(one.poll(200, TimeUnit.MILLISECONDS)).isNull();
    assertThat(two.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  @DisplayName("after unsubscribe nothing more is delivered to that listener")
  void unsubscribes() throws Exception {
    LinkedBlockingQueue<String> kept = new LinkedBlockingQueue<>();
    LinkedBlockingQueue<String> dropped = new LinkedBlockingQueue<>();
    second.subscribe("doc-u", kept::add);
    ClusterBus.Subscription subscription = second.subscribe("doc-u", dropped::add);
    first.publish("doc-u", "1");
    assertThat(next(dropped)).isEqualTo("1");
    assertThat(next(kept)).isEqualTo("1");
    subscription.close();
    subscription.close();
    first.publish("doc-u", "2");
    assertThat(next(kept)).isEqualTo("2");
    assertThat(dropped.poll(300, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  @DisplayName("a large message (1 MB, with Unicode) arrives intact")
  void largeMessage() throws Exception {
    LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    second.subscribe("doc-big", received::add);
    String big = "x\uD83D\uDE00\u00e9".repeat(250_000);
    first.publish("doc-big", big);
    assertThat(next(received)).isEqualTo(big);
  }

  @Test
  @DisplayName("volume: 2 x 2,000 messages from two nodes reach 4 subscriptions on 3 nodes, none lost (losses, duplicates and reorders counted)")
  void volume() throws Exception {
    ClusterBus third = createBus();
    try {
      BusVolume volume = new BusVolume("doc-volume", VOLUME);
      volume.subscribe("node 1, subscription a", first);
      volume.subscribe("node 1, subscription b", first);
      volume.subscribe("node 2", second);
      volume.subscribe("node 3", third);
      volume.publish("p1", first);
      volume.publish("p2", second);
      volume.awaitAll();
      System.out.println("ClusterBusContractKit.volume on " + first.getClass().getName() + ": " + volume.report());
      assertThat(volume.losses()).as("messages lost on a healthy transport: %s", volume.report()).isEmpty();
    } finally {
      third.close();
    }
  }

  @Test
  @Tag("faults")
  @DisplayName("after the transport restarts, the bus delivers again and tells its recovery listeners")
  void recoversAfterRestart() throws Exception {
    CountDownLatch recovered = new CountDownLatch(1);
    second.addRecoveryListener(recovered::countDown);
    LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    second.subscribe("doc-r", received::add);
    first.publish("doc-r", "before");
    assertThat(next(received)).isEqualTo("before");
    org.junit.jupiter.api.Assumptions.assumeTrue(restartTransport(), "this bus has no transport to restart");
    assertThat(recovered.await(30, TimeUnit.SECONDS)).as("recovery listener called").isTrue();
    assertThat(connectedWithin(second, 30)).as("isConnected() after the recovery").isTrue();
    // Publishing may race the reconnect of the publishing side: retry until one gets through.
    String got = null;
    for (int i = 0; i < 50 && got == null; i++) {
      first.publish("doc-r", "after");
      got = received.poll(200, TimeUnit.MILLISECONDS);
    }
    assertThat(got).isEqualTo("after");
  }

  @Test
  @Tag("faults")
  @DisplayName("two engines over this bus, with 10 % of deliveries lost and 10 % duplicated: a listener on one node gets every op of the other once, in version order")
  void enginesFillTheGaps() throws Exception {
    long seed = Long.getLong("collab.seed", new Random().nextLong());
    System.out.println("ClusterBusContractKit.enginesFillTheGaps seed: " + seed + " (rerun with -Dcollab.seed=" + seed + ")");
    DocumentStore store = new ReferenceStore();
    List<Collab> nodes = new ArrayList<>();
    try {
      Optional<Collab> writerNode = node("kit-a", unreliable(first, new Random(seed)), store);
      Assumptions.assumeTrue(writerNode.isPresent(), "no node(): the engine-over-bus test needs an engine");
      nodes.add(writerNode.get());
      Collab writer = writerNode.get();
      Collab reader = node("kit-b", unreliable(second, new Random(seed + 1)), store).orElseThrow();
      nodes.add(reader);
      User ann = WRITER;
      writer.create("kit-doc", "rich-text", "Kit", Map.of(), ann);
      LinkedBlockingQueue<CommittedOp> seen = new LinkedBlockingQueue<>();
      reader.listen("kit-doc", seen::add);
      int ops = 100;
      for (int i = 0; i < ops; i++) {
        writer.edit("kit-doc", ann, "[{\"insert\":\"x\"}]").toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
      for (long version = 1; version <= ops; version++) {
        CommittedOp op = seen.poll(15, TimeUnit.SECONDS);
        assertThat(op).as("version %d on the other node within 15 s", version).isNotNull();
        assertThat(op.version()).as("the next op on the other node").isEqualTo(version);
      }
      assertThat(seen.poll(500, TimeUnit.MILLISECONDS)).as("nothing after version " + ops).isNull();
    } finally {
      for (Collab node : nodes) {
        if (node instanceof AutoCloseable closeable) {
          closeable.close();
        }
      }
    }
  }

  /** {@code bus} whose deliveries are lost (10 %) or made twice (10 %), at random from {@code random}. */
  private static ClusterBus unreliable(ClusterBus bus, Random random) {
    return new ClusterBus() {
      @Override
      public void publish(String documentId, String message) {
        bus.publish(documentId, message);
      }

      @Override
      public Subscription subscribe(String documentId, java.util.function.Consumer<String> listener) {
        return bus.subscribe(documentId, message -> {
          double roll;
          synchronized (random) {
            roll = random.nextDouble();
          }
          if (roll < 0.1) {
            return;
          }
          listener.accept(message);
          if (roll >= 0.9) {
            listener.accept(message);
          }
        });
      }

      @Override
      public void addRecoveryListener(Runnable listener) {
        bus.addRecoveryListener(listener);
      }
    };
  }
}
