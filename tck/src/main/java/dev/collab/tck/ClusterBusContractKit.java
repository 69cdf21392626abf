package dev.collab.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.spi.ClusterBus;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
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
 * documents, unsubscribe, a large Unicode message intact, and recovery (with the recovery listeners
 * called) after the transport restarts.
 */
@Tag("bus")
public abstract class ClusterBusContractKit {
  private ClusterBus first;
  private ClusterBus second;

  /** A new bus instance; instances made for one test talk to each other. */
  protected abstract ClusterBus createBus();

  /** Restarts the underlying transport (broker, connections); false when there is none. */
  protected boolean restartTransport() throws Exception {
    return false;
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

  @Test
  @DisplayName("a message reaches every subscriber of its document, on every node")
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
    // Publishing may race the reconnect of the publishing side: retry until one gets through.
    String got = null;
    for (int i = 0; i < 50 && got == null; i++) {
      first.publish("doc-r", "after");
      got = received.poll(200, TimeUnit.MILLISECONDS);
    }
    assertThat(got).isEqualTo("after");
  }
}
