package dev.collab.server.internal.metrics;

import dev.collab.server.internal.engine.CollabEngine;
import dev.collab.server.internal.engine.EngineObserver;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

/**
 * The engine's meters in one Micrometer registry: the counters, timers and summaries of a
 * {@link MicrometerObserver}, and the gauges that read the engine and the transport. Loaded only
 * when Micrometer is on the class path ({@link MeterBinding#find}).
 */
public final class MicrometerBinding implements MeterBinding {
  private static final System.Logger LOG = System.getLogger(MicrometerBinding.class.getName());

  private final MeterRegistry registry;
  private final MicrometerObserver observer;
  /** Every meter registered here, removed again by {@link #close}. */
  private final List<Meter> meters = new CopyOnWriteArrayList<>();

  /** Binds to {@code registry} (the CDI wiring finds it with {@link #find}; the benchmark server makes one). */
  public MicrometerBinding(MeterRegistry registry) {
    this.registry = registry;
    this.observer = new MicrometerObserver(registry, meters::add);
  }

  /** The application's {@code MeterRegistry} bean, bound; {@link MeterBinding#NONE} when it has none. */
  static MeterBinding find(jakarta.enterprise.inject.Instance<Object> beans) {
    jakarta.enterprise.inject.Instance<MeterRegistry> registries = beans.select(MeterRegistry.class);
    if (registries.isUnsatisfied()) {
      LOG.log(System.Logger.Level.DEBUG, "collab: Micrometer is on the class path but the application has no"
          + " MeterRegistry bean; no meters are bound");
      return MeterBinding.NONE;
    }
    // An ambiguous choice fails here, naming the candidates: better than binding to an arbitrary one.
    MeterRegistry registry = registries.get();
    if (registry == null) {
      // a @Dependent producer may decide at run time that there is nothing to export
      LOG.log(System.Logger.Level.DEBUG, "collab: the application's MeterRegistry producer gave null; no meters are bound");
      return MeterBinding.NONE;
    }
    LOG.log(System.Logger.Level.INFO, "collab: binding the collab.* meters to {0}", registry.getClass().getName());
    return new MicrometerBinding(registry);
  }

  @Override
  public EngineObserver observer() {
    return observer;
  }

  @Override
  public void bind(CollabEngine engine, IntSupplier openConnections) {
    gauge(Gauge.builder("collab.connections.open", openConnections, IntSupplier::getAsInt)
        .description("WebSocket connections open on this node"));
    gauge(Gauge.builder("collab.sessions.joined", engine, CollabEngine::joinedSessions)
        .description("Sessions joined to a document on this node (one per session and document)"));
    gauge(Gauge.builder("collab.documents.loaded", engine, CollabEngine::loadedDocuments)
        .description("Documents loaded in memory on this node"));
    gauge(Gauge.builder("collab.draining", engine, e -> e.isDraining() ? 1 : 0)
        .description("1 while this node drains (refuses joins and submits before it stops), else 0"));
  }

  private void gauge(Gauge.Builder<?> builder) {
    // Strong references: the engine is held by the application anyway, and close() removes them.
    meters.add(builder.strongReference(true).register(registry));
  }

  @Override
  public void close() {
    for (Meter meter : meters) {
      registry.remove(meter);
    }
    meters.clear();
  }
}
