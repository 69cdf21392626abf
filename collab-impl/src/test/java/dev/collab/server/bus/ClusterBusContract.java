package dev.collab.server.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.spi.ClusterBus;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ClusterBus} must do, for the local, Redis and JMS buses alike. (This moves to
 * the TCK as a contract kit.) Two bus instances stand for two nodes.
 */
abstract class ClusterBusContract {
  ClusterBus first;
  ClusterBus second;

  /** A new bus instance; instances made by one test talk to each other. */
  abstract ClusterBus createBus();

  /** Restarts the underlying transport (broker, Redis connections); false when not supported. */
  boolean restartTransport() throws Exception {
    return false;
  }

  @BeforeEach
  void buses() {
    first = createBus();
    second = createBus();
  }

  @AfterEach
  void close() {
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
