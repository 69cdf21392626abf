package dev.collab.server.internal.health;

import dev.collab.server.internal.threads.DaemonThreads;
import dev.collab.internal.log.ThrottledWarning;
import dev.collab.spi.DocumentStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The readiness check of the store: {@link DocumentStore#checkHealth} on a thread of its own, never
 * on the caller's (a request thread), bounded by a timeout, and at most one call at a time, its
 * answer reused for a short while, so that a storm of probes makes one store call per cache period
 * at most, and a store that hangs holds one thread, not one per probe.
 *
 * <p>A check within the cache period of the last probe's start takes that probe's answer (waiting
 * for it if it is under way); a later one starts a new probe, unless the last one has not ended: a
 * probe older than the timeout reports DOWN at once, and no second one starts until it ends.
 *
 * <p>A probe's failure is logged (WARNING, with the exception) when the store goes from UP to
 * DOWN, its recovery (INFO) when it comes back; a probe that fails after its check stopped waiting
 * logs its exception then (at most once a minute). The answer itself carries only fixed text.
 * Thread-safe.
 */
public final class StoreProbe implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(StoreProbe.class.getName());
  static final String NAME = "store";

  private final DocumentStore store;
  private final long timeoutNanos;
  private final long cacheNanos;
  private final LongSupplier nanoTime;
  private final ExecutorService thread;
  /** Failures of probes that ended after their timeout: at most one line a minute. */
  private final ThrottledWarning late = new ThrottledWarning(LOG, "collab: health: ", Duration.ofMinutes(1));

  // Guarded by this.
  /** The last probe started, done or not, and when it started. */
  private @Nullable CompletableFuture<Long> running;
  private long runningSince;
  /** The store's state as last logged: a change is logged once. */
  private boolean down;

  /**
   * @param store the store to probe
   * @param timeout how long a check waits for the store's answer
   * @param cache how long an answer is reused; zero probes at every check
   * @param nanoTime the clock, {@code System::nanoTime} but in tests
   */
  public StoreProbe(DocumentStore store, Duration timeout, Duration cache, LongSupplier nanoTime) {
    this.store = store;
    this.timeoutNanos = timeout.toNanos();
    this.cacheNanos = cache.toNanos();
    this.nanoTime = nanoTime;
    this.thread = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1),
        DaemonThreads.named("collab-health-store-probe"));
  }

  /**
   * The store's state: from the probe under way, or from the last one if it started less than the
   * cache period ago, or else from a new probe; waits at most what is left of the probe's timeout.
   */
  public Check check() {
    CompletableFuture<Long> probe;
    long started;
    synchronized (this) {
      long now = nanoTime.getAsLong();
      if (running == null || (running.isDone() && now - runningSince >= cacheNanos)) {
        running = start(now);
        runningSince = now;
      }
      probe = running;
      started = runningSince;
    }
    return await(probe, started);
  }

  private CompletableFuture<Long> start(long now) {
    try {
      CompletableFuture<Long> probe = CompletableFuture.supplyAsync(() -> {
        store.checkHealth();
        return nanoTime.getAsLong() - now;
      }, thread);
      probe.whenComplete((took, failure) -> {
        // A probe that failed after its check gave up waiting: the DOWN line had no cause; this has it.
        if (failure != null && nanoTime.getAsLong() - now > timeoutNanos) {
          late.warn("the store's health probe failed after the " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
              + " ms its check waited", failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure);
        }
      });
      return probe;
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new IllegalStateException("the health checks are closed", e));
    }
  }

  private Check await(CompletableFuture<Long> probe, long started) {
    long waited = nanoTime.getAsLong() - started;
    long timeoutMs = TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
    try {
      long took = probe.get(Math.max(0, timeoutNanos - waited), TimeUnit.NANOSECONDS);
      if (took > timeoutNanos) {
        return changed(Check.down(NAME, "answered only after " + TimeUnit.NANOSECONDS.toMillis(took)
            + " ms, over the " + timeoutMs + " ms allowed"), null);
      }
      return changed(Check.up(NAME, "answered in " + TimeUnit.NANOSECONDS.toMillis(took) + " ms"), null);
    } catch (TimeoutException e) {
      return changed(Check.down(NAME, "no answer within " + timeoutMs + " ms"), null);
    } catch (ExecutionException e) {
      return changed(Check.down(NAME, "the store failed (the server log has the cause)"), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Check.down(NAME, "the check was interrupted");
    }
  }

  /** Logs a change of the store's state, once. */
  private Check changed(Check check, @Nullable Throwable cause) {
    boolean wasDown;
    synchronized (this) {
      wasDown = down;
      down = !check.up();
    }
    if (!wasDown && !check.up()) {
      LOG.log(System.Logger.Level.WARNING, "collab: health: the store is DOWN (" + check.reason()
          + "); this node reports itself not ready until it answers again", cause);
    } else if (wasDown && check.up()) {
      LOG.log(System.Logger.Level.INFO, "collab: health: the store is UP again (" + check.reason() + ")");
    }
    return check;
  }

  /** Stops the probe thread, interrupting a probe under way. */
  @Override
  public void close() {
    thread.shutdownNow();
  }
}
