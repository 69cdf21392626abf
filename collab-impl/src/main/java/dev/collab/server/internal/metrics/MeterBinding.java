package dev.collab.server.internal.metrics;

import dev.collab.server.internal.engine.CollabEngine;
import dev.collab.server.internal.engine.EngineObserver;
import java.util.function.IntSupplier;

/**
 * The engine's meters as the CDI wiring sees them, in plain Java: what to give the engine
 * ({@link #observer}), what to bind once it is built ({@link #bind}) and what to remove when it
 * stops ({@link #close}). {@link #find} returns {@link #NONE} when Micrometer is not on the class
 * path or the application has no {@code MeterRegistry} bean; this class loads no Micrometer class,
 * so a deployment without Micrometer never links one.
 */
public interface MeterBinding extends AutoCloseable {
  /** Binds nothing. */
  MeterBinding NONE = new MeterBinding() {
    @Override
    public EngineObserver observer() {
      return EngineObserver.NONE;
    }

    @Override
    public void bind(CollabEngine engine, IntSupplier openConnections) {}

    @Override
    public void close() {}
  };

  /** The class whose presence says Micrometer is on the class path. */
  String REGISTRY_CLASS = "io.micrometer.core.instrument.MeterRegistry";

  /** What the engine reports its counts to. */
  EngineObserver observer();

  /** Registers the gauges that read the built engine and the transport's connection count. */
  void bind(CollabEngine engine, IntSupplier openConnections);

  /** Removes every meter this binding registered (the application stops; the registry may outlive it). */
  @Override
  void close();

  /**
   * The binding to the application's registry, if there is one.
   *
   * @param beans the application's beans (CDI's {@code Instance<Object>}), asked for a
   *     {@code MeterRegistry} only when Micrometer is on the class path
   * @return a binding to that registry, or {@link #NONE}
   */
  static MeterBinding find(jakarta.enterprise.inject.Instance<Object> beans) {
    return micrometerPresent() ? MicrometerBinding.find(beans) : NONE;
  }

  /** Whether Micrometer is on the class path of collab-impl, found without loading it. */
  static boolean micrometerPresent() {
    try {
      Class.forName(REGISTRY_CLASS, false, MeterBinding.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError absent) {
      return false;
    }
  }
}
