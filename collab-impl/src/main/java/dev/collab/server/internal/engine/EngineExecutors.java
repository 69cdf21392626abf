package dev.collab.server.internal.engine;

import dev.collab.server.internal.threads.DaemonThreads;
import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.spi.DocumentStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The threads of one engine, each pool named after the node and owned here: the workers that run
 * the documents' turns, one background thread (snapshot saves, {@code readAt}, {@code history}),
 * one timer, and the group committer's threads. Also the engine's "closed" flag: once set, timers
 * run nothing and no document is loaded any more. {@link #stop} and {@link #crash} end them all.
 */
final class EngineExecutors {
  private static final System.Logger LOG = System.getLogger(EngineExecutors.class.getName());
  /** Tasks the background thread queues at most. */
  static final int BACKGROUND_QUEUE = 10_000;

  private final ExecutorService workers;
  private final ExecutorService background;
  private final ScheduledExecutorService timer;
  /**
   * Writes the documents' appends, many documents per store call (group commit across documents);
   * null when the store keeps the default {@code appendAll}: see {@link GroupCommitter#pays}.
   */
  private final @Nullable GroupCommitter committer;
  /** See {@link #submitsOnCaller()}. */
  private final boolean submitsOnCaller;
  private final AtomicBoolean closed = new AtomicBoolean();

  EngineExecutors(String nodeId, DocumentStore store, EngineConfig config, EngineMetrics metrics) {
    this.workers = new ThreadPoolExecutor(config.workerThreads(), config.workerThreads(), 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), DaemonThreads.numbered("collab-" + nodeId + "-worker"), new ThreadPoolExecutor.AbortPolicy());
    this.background = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(BACKGROUND_QUEUE),
        DaemonThreads.numbered("collab-" + nodeId + "-snapshots"), new ThreadPoolExecutor.AbortPolicy());
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, DaemonThreads.numbered("collab-" + nodeId + "-timer"));
    scheduler.setRemoveOnCancelPolicy(true);
    this.timer = scheduler;
    this.committer = GroupCommitter.pays(store)
        ? new GroupCommitter(store, config, metrics, DaemonThreads.numbered("collab-" + nodeId + "-committer"))
        : null;
    this.submitsOnCaller = committer != null || store instanceof InMemoryDocumentStore;
  }

  /**
   * Whether a client's submit may run its document's turn on the container thread that delivered
   * it ({@link SerialExecutor#executeHere}): only where an append never blocks the turn (the group
   * committer takes it, or the store is the in-memory one), so a store that blocks on each append
   * blocks the engine's workers, never the container's threads.
   */
  boolean submitsOnCaller() {
    return submitsOnCaller;
  }

  ExecutorService workers() {
    return workers;
  }

  ExecutorService background() {
    return background;
  }

  @Nullable GroupCommitter committer() {
    return committer;
  }

  boolean isClosed() {
    return closed.get();
  }

  /**
   * True while the engine is open and its threads take work: not closed or crashed, and neither
   * the workers nor the timer shut down (a pool that died some other way shows here too).
   */
  boolean isRunning() {
    return !closed.get() && !workers.isShutdown() && !background.isShutdown() && !timer.isShutdown();
  }

  /** Sets the closed flag; true for the one caller that set it (close is idempotent). */
  boolean markClosed() {
    return closed.compareAndSet(false, true);
  }

  /** Runs {@code task} after a delay, unless the engine stopped meanwhile. */
  void schedule(Runnable task, long delay, TimeUnit unit) {
    try {
      timer.schedule(() -> {
        if (!closed.get()) {
          task.run();
        }
      }, delay, unit);
    } catch (RejectedExecutionException stopped) {
      LOG.log(System.Logger.Level.DEBUG, "collab: the engine is closing; a timer task was dropped");
    }
  }

  /** Runs {@code task} every {@code delayMs}; a run that fails is logged, and the next one comes all the same. */
  void scheduleWithFixedDelay(Runnable task, long delayMs) {
    timer.scheduleWithFixedDelay(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "collab: a periodic task failed; it runs again in " + delayMs + " ms", e);
      }
    }, delayMs, delayMs, TimeUnit.MILLISECONDS);
  }

  /**
   * Runs {@code task} on the background thread; when its queue is full (or the engine stopped) the
   * result fails at once with {@code rate-limited} (or {@code draining}) and a log line, rather than
   * never completing.
   */
  <T> CompletableFuture<T> inBackground(String what, String documentId, Supplier<T> task) {
    try {
      return CompletableFuture.supplyAsync(task, background);
    } catch (RejectedExecutionException e) {
      boolean stopped = background.isShutdown();
      LOG.log(System.Logger.Level.WARNING, "collab: {0} of document {1} refused: {2}", what, documentId,
          stopped ? "the engine is stopping" : BACKGROUND_QUEUE + " background tasks are queued");
      return CompletableFuture.failedFuture(stopped
          ? new CollabException(ErrorCode.DRAINING, "the server is stopping: " + what + " of document " + documentId + " refused")
          : new CollabException(ErrorCode.RATE_LIMITED, "the server is busy: " + what + " of document " + documentId
              + " refused; try again later"));
    }
  }

  /**
   * Stops every thread: queued appends fail (nothing of them was written), a store call in progress
   * finishes; the documents then answer their submits before the workers stop (up to 10 s).
   */
  void stop() {
    if (committer != null) {
      committer.close(10_000);
    }
    timer.shutdownNow();
    workers.shutdown();
    background.shutdown();
    try {
      if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.log(System.Logger.Level.WARNING, "collab: the engine's workers did not finish within 10 s; interrupted");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.shutdownNow();
  }

  /** Stops at once, waiting for nothing (a simulated crash in tests). */
  void crash() {
    closed.set(true);
    if (committer != null) {
      committer.crash();
    }
    timer.shutdownNow();
    workers.shutdownNow();
    background.shutdownNow();
  }
}
