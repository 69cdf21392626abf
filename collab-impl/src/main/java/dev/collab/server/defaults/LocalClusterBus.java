package dev.collab.server.defaults;

import dev.collab.internal.log.ThrottledWarning;
import dev.collab.spi.ClusterBus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A {@link ClusterBus} inside one JVM: a message is handed to every subscriber of its document, on
 * the publishing thread.
 *
 * <p><b>When it is enough:</b> a single node (where the engine delivers its own commits locally and
 * the bus has nobody else to tell), or several engines in one JVM (tests). Across processes use the
 * Redis or JMS bus.
 *
 * <p>Thread-safe; subscriber lists are copy-on-write. A listener that throws does not stop delivery
 * to the others; it loses that message (at-most-once), which is logged as a WARNING at most once a
 * minute with the count since the last one.
 */
public final class LocalClusterBus implements ClusterBus {
  private static final System.Logger LOG = System.getLogger(LocalClusterBus.class.getName());

  /** Listener failures: one WARNING a minute at most, with their count. */
  private final ThrottledWarning losses = new ThrottledWarning(LOG, "collab: in-JVM bus: ", Duration.ofMinutes(1));
  private final Map<String, List<Consumer<String>>> subscribers = new ConcurrentHashMap<>();
  private volatile boolean closed;

  @Override
  public void publish(String documentId, String message) {
    if (closed) {
      return;
    }
    List<Consumer<String>> listeners = subscribers.get(documentId);
    if (listeners == null) {
      return;
    }
    for (Consumer<String> listener : listeners) {
      try {
        listener.accept(message);
      } catch (RuntimeException e) {
        // At-most-once: a failing subscriber loses this message; the engine fills gaps from the store.
        losses.warn("a listener of document " + documentId + " failed on a message, which it lost", e);
      }
    }
  }

  @Override
  public Subscription subscribe(String documentId, Consumer<String> listener) {
    subscribers.computeIfAbsent(documentId, id -> new CopyOnWriteArrayList<>()).add(listener);
    return () ->
        subscribers.computeIfPresent(
            documentId,
            (id, list) -> {
              list.remove(listener);
              return list.isEmpty() ? null : list;
            });
  }

  @Override
  public void close() {
    closed = true;
    subscribers.clear();
  }
}
