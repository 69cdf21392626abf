package dev.collab.tck;

import dev.collab.spi.ClusterBus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The volume test of {@link ClusterBusContractKit}: publishers send numbered messages, each
 * subscription counts what it received (per publisher: the messages, duplicates and messages that
 * came before an earlier-numbered one), and the test waits until every subscription has every
 * message or nothing has arrived for 10 s.
 */
final class BusVolume {
  private final String documentId;
  private final int perPublisher;
  private final List<String> publishers = new ArrayList<>();
  private final Map<String, Received> subscriptions = new LinkedHashMap<>();

  BusVolume(String documentId, int perPublisher) {
    this.documentId = documentId;
    this.perPublisher = perPublisher;
  }

  /** What one subscription received. */
  private static final class Received {
    final Map<String, boolean[]> seen = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> last = new ConcurrentHashMap<>();
    final AtomicInteger distinct = new AtomicInteger();
    final AtomicInteger duplicates = new AtomicInteger();
    final AtomicInteger reorders = new AtomicInteger();
    final AtomicInteger foreign = new AtomicInteger();

    /** Called one message at a time for the subscription (the SPI's threading rule); synchronized anyway. */
    synchronized void accept(String message, int perPublisher) {
      int colon = message.indexOf(':');
      String publisher = colon < 0 ? "" : message.substring(0, colon);
      boolean[] bits = seen.get(publisher);
      int index;
      try {
        index = Integer.parseInt(message.substring(colon + 1));
      } catch (NumberFormatException e) {
        foreign.incrementAndGet();
        return;
      }
      if (bits == null || index < 0 || index >= perPublisher) {
        foreign.incrementAndGet();
        return;
      }
      if (bits[index]) {
        duplicates.incrementAndGet();
        return;
      }
      bits[index] = true;
      distinct.incrementAndGet();
      AtomicLong previous = last.get(publisher);
      if (index < previous.get()) {
        reorders.incrementAndGet();
      }
      previous.set(Math.max(previous.get(), index));
    }
  }

  void subscribe(String name, ClusterBus bus) {
    Received received = new Received();
    subscriptions.put(name, received);
    bus.subscribe(documentId, message -> received.accept(message, perPublisher));
  }

  /** Sends this publisher's messages {@code publisher:0 .. publisher:n-1}, after every subscription is made. */
  void publish(String publisher, ClusterBus bus) {
    publishers.add(publisher);
    for (Received received : subscriptions.values()) {
      received.seen.put(publisher, new boolean[perPublisher]);
      received.last.put(publisher, new AtomicLong(-1));
    }
    for (int i = 0; i < perPublisher; i++) {
      bus.publish(documentId, publisher + ":" + i);
    }
  }

  /** Waits until every subscription has every message, or until nothing new arrived for 10 s. */
  void awaitAll() throws InterruptedException {
    int expected = perPublisher * publishers.size() * subscriptions.size();
    long quietLimit = Duration.ofSeconds(10).toNanos();
    int before = -1;
    long lastProgress = System.nanoTime();
    while (true) {
      int now = subscriptions.values().stream().mapToInt(r -> r.distinct.get()).sum();
      if (now >= expected) {
        return;
      }
      if (now != before) {
        before = now;
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress > quietLimit) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  /** The subscriptions that miss messages, each with how many and the first few missing. */
  Map<String, String> losses() {
    Map<String, String> losses = new LinkedHashMap<>();
    subscriptions.forEach((name, received) -> {
      List<String> missing = new ArrayList<>();
      int count = 0;
      for (String publisher : publishers) {
        boolean[] bits = received.seen.get(publisher);
        for (int i = 0; i < perPublisher; i++) {
          if (!bits[i]) {
            count++;
            if (missing.size() < 5) {
              missing.add(publisher + ":" + i);
            }
          }
        }
      }
      if (count > 0) {
        losses.put(name, count + " of " + perPublisher * publishers.size() + " lost, first " + missing);
      }
    });
    return losses;
  }

  /** One line per subscription: received, lost, duplicated, reordered. */
  String report() {
    StringBuilder report = new StringBuilder();
    int total = perPublisher * publishers.size();
    subscriptions.forEach((name, received) -> report.append(String.format(
        "%n  %s: %d of %d received, %d lost, %d duplicated, %d out of order, %d unknown", name,
        received.distinct.get(), total, total - received.distinct.get(), received.duplicates.get(),
        received.reorders.get(), received.foreign.get())));
    return report.toString();
  }
}
