package dev.collab.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link CollabClient.Builder} collects (each value checked by the builder's setter), and
 * the wiring of a client's parts from it. Mutable, confined to the thread that builds the client.
 */
final class ClientSettings {
  final URI uri;
  final List<URI> failover = new ArrayList<>();
  final Map<String, String> headers = new LinkedHashMap<>();
  final List<CollabClient.Listener> listeners = new ArrayList<>();
  @Nullable String clientId;
  @Nullable Transport transport;
  Duration initialBackoff = Duration.ofMillis(500);
  Duration maxBackoff = Duration.ofSeconds(30);
  int maxReconnectAttempts = 30;
  int maxSubmitRetries = 5;
  Duration timeout = Duration.ofSeconds(30);
  Duration pingInterval = Duration.ofSeconds(30);
  @Nullable Long seed;

  ClientSettings(URI uri) {
    this.uri = uri;
  }

  /** The connection's state machine with its policies, transport and listeners, not started. */
  Connector connector() {
    List<URI> all = new ArrayList<>();
    all.add(uri);
    all.addAll(failover);
    Random random = seed != null ? new Random(seed) : new Random(); // one Random: seeded jitter keeps its order
    String id = clientId != null ? clientId : CollabClient.newClientId();
    Transport wire = transport != null ? transport : new JdkTransport(timeout);
    ReconnectPolicy reconnects = new ReconnectPolicy(all, new Backoff(initialBackoff, maxBackoff), random,
        maxReconnectAttempts);
    ResubmitPolicy resubmits = new ResubmitPolicy(new Backoff(initialBackoff, maxBackoff), random, maxSubmitRetries);
    return new Connector(id, headers, wire, reconnects, resubmits, timeout, pingInterval,
        new CopyOnWriteArrayList<>(listeners));
  }
}
