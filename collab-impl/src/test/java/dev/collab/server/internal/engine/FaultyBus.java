package dev.collab.server.internal.engine;

import dev.collab.server.defaults.LocalClusterBus;

import dev.collab.spi.ClusterBus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * An in-JVM {@link ClusterBus} that loses, duplicates and reorders messages at seeded random rates,
 * as the SPI allows, until {@link #heal()} stops the faults and delivers what it held back.
 */
final class FaultyBus implements ClusterBus {
  /** Delivery itself is the in-JVM bus's; this class only decides what reaches it, and when. */
  private final LocalClusterBus delivery = new LocalClusterBus();
  private final Random random;
  private final double drop;
  private final double duplicate;
  private final double hold;
  /** Messages held back to be delivered after later ones (reordering); guarded by this. */
  private final List<Map.Entry<String, String>> held = new ArrayList<>();
  private volatile boolean healed;
  int dropped;
  int duplicated;
  int reordered;

  FaultyBus(Random random, double drop, double duplicate, double hold) {
    this.random = random;
    this.drop = drop;
    this.duplicate = duplicate;
    this.hold = hold;
  }

  @Override
  public void publish(String documentId, String message) {
    List<Map.Entry<String, String>> now = new ArrayList<>();
    synchronized (this) {
      if (healed) {
        now.add(Map.entry(documentId, message));
      } else {
        double roll = random.nextDouble();
        if (roll < drop) {
          dropped++;
        } else if (roll < drop + hold) {
          reordered++;
          held.add(Map.entry(documentId, message));
        } else {
          now.add(Map.entry(documentId, message));
          if (random.nextDouble() < duplicate) {
            duplicated++;
            now.add(Map.entry(documentId, message));
          }
          // Release some held messages after this one: they arrive out of order.
          if (!held.isEmpty() && random.nextBoolean()) {
            now.add(held.remove(random.nextInt(held.size())));
          }
        }
      }
    }
    now.forEach(m -> deliver(m.getKey(), m.getValue()));
  }

  /** Stops the faults and delivers everything held back. */
  void heal() {
    List<Map.Entry<String, String>> release;
    synchronized (this) {
      healed = true;
      release = new ArrayList<>(held);
      held.clear();
    }
    release.forEach(m -> deliver(m.getKey(), m.getValue()));
  }

  private void deliver(String documentId, String message) {
    delivery.publish(documentId, message);
  }

  @Override
  public Subscription subscribe(String documentId, Consumer<String> listener) {
    return delivery.subscribe(documentId, listener);
  }
}
