package dev.collab.server.internal.cdi;

import dev.collab.server.internal.engine.CollabEngine;
import dev.collab.server.internal.ws.ConnectionRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The drain of the engines of this application, whichever shutdown signal comes first: the
 * servlet context being destroyed ({@link dev.collab.server.internal.cdi.CollabServletInitializer} registers
 * a listener) or the CDI container disposing the engine. Some containers stop the web layer without
 * disposing CDI beans first (seen with Jetty and Weld), so relying on either alone would skip it.
 * Idempotent: the first caller drains, the others find nothing left.
 */
public final class GracefulShutdown {
  private static final System.Logger LOG = System.getLogger(GracefulShutdown.class.getName());

  /** Live engines of this class loader (this application) and their connections. */
  private static final Map<CollabEngine, ConnectionRegistry> ENGINES = new ConcurrentHashMap<>();

  private GracefulShutdown() {}

  static void register(CollabEngine engine, ConnectionRegistry connections) {
    ENGINES.put(engine, connections);
  }

  /** Drains every live engine of this application. */
  public static void drainAll() {
    for (CollabEngine engine : ENGINES.keySet()) {
      drain(engine);
    }
  }

  /**
   * Refuses new joins and submits, waits (at most 30 s) until the queued submits are committed and
   * acknowledged, closes the connections with 1001, and closes the engine.
   */
  static void drain(CollabEngine engine) {
    ConnectionRegistry connections = ENGINES.remove(engine);
    if (connections == null) {
      return;
    }
    LOG.log(System.Logger.Level.INFO, "collab: draining: refusing new joins and submits, finishing queued ones");
    try {
      engine.drain().get(30, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      LOG.log(System.Logger.Level.WARNING, "collab: drain did not finish within 30 s; closing anyway:"
          + " submits still queued are not acknowledged (their clients resubmit on reconnect)", e);
    } catch (ExecutionException e) {
      LOG.log(System.Logger.Level.WARNING, "collab: drain failed; closing anyway: submits still queued are not"
          + " acknowledged (their clients resubmit on reconnect)", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.log(System.Logger.Level.WARNING, "collab: drain interrupted; closing anyway", e);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "collab: drain failed; closing anyway: submits still queued are not"
          + " acknowledged (their clients resubmit on reconnect)", e);
    }
    LOG.log(System.Logger.Level.INFO, "collab: drained; closing " + connections.size() + " connection(s) with 1001");
    connections.closeAll();
    engine.close();
  }
}
