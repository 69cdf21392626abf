package dev.collab.client;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one event thread of a {@link CollabClient} ({@code collab-client-<id>}), which owns all
 * protocol state: handing work to it from other threads, waiting for it, scheduling on it, and
 * checking that a caller is on it. A task that throws is logged, never lost silently.
 */
final class EventLoop {
  private static final System.Logger LOG = System.getLogger(CollabClient.class.getName());

  private final String clientId;
  /** True once the client stopped; {@link #onLoop} then refuses work. */
  private final BooleanSupplier closed;
  private final ScheduledThreadPoolExecutor loop;
  private final Thread loopThread;

  EventLoop(String clientId, BooleanSupplier closed) {
    this.clientId = clientId;
    this.closed = closed;
    Thread[] thread = new Thread[1];
    this.loop = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "collab-client-" + clientId);
      t.setDaemon(true);
      thread[0] = t;
      return t;
    }, new ThreadPoolExecutor.AbortPolicy());
    loop.setRemoveOnCancelPolicy(true);
    loop.prestartCoreThread();
    this.loopThread = thread[0];
  }

  boolean isLoopThread() {
    return Thread.currentThread() == loopThread;
  }

  void assertLoop() {
    if (Thread.currentThread() != loopThread) {
      throw new IllegalStateException("must run on " + loopThread.getName() + ", not " + Thread.currentThread().getName());
    }
  }

  /** Runs {@code task} on the event thread and waits for it (at once when already there). */
  <T> T onLoop(Supplier<T> task) {
    if (Thread.currentThread() == loopThread) {
      return task.get();
    }
    if (closed.getAsBoolean()) {
      throw new IllegalStateException("the client is closed");
    }
    Future<T> result;
    try {
      result = loop.submit(task::get);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("the client is closed", e);
    }
    try {
      return result.get();
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the client's event thread", e);
    }
  }

  /** Like {@link #onLoop} but does nothing when the client is closed. */
  void onLoopIfOpen(Runnable task) {
    if (Thread.currentThread() == loopThread) {
      task.run();
      return;
    }
    try {
      loop.submit(task).get();
    } catch (RejectedExecutionException e) {
      // closed
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs {@code task} on the event thread later, or {@code ifClosed} if the client is closed. */
  void execute(Runnable task, Runnable ifClosed) {
    try {
      loop.execute(guarded(task));
    } catch (RejectedExecutionException e) {
      ifClosed.run();
    }
  }

  ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
    return loop.schedule(guarded(task), delayMillis, TimeUnit.MILLISECONDS);
  }

  ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, long everyMillis) {
    return loop.scheduleWithFixedDelay(guarded(task), everyMillis, everyMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Runs {@code shutdown} on the event thread (at once when already there) and waits briefly for
   * the thread to end; does nothing when it has already ended.
   */
  void shutdownFromOutside(Runnable shutdown) {
    if (Thread.currentThread() == loopThread) {
      shutdown.run();
      return;
    }
    try {
      loop.execute(shutdown);
      loop.awaitTermination(5, TimeUnit.SECONDS);
    } catch (RejectedExecutionException e) {
      // already stopped
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Ends the thread once the tasks already queued have run. */
  void shutdown() {
    loop.shutdown();
  }

  void log(System.Logger.Level level, String message) {
    LOG.log(level, "collab client " + clientId + ": " + message);
  }

  private Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        LOG.log(System.Logger.Level.ERROR, "collab client " + clientId + ": unexpected failure", e);
      }
    };
  }

  static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof RuntimeException) {
      throw (RuntimeException) cause;
    }
    if (cause instanceof Error) {
      throw (Error) cause;
    }
    throw new IllegalStateException(cause);
  }
}
