package dev.collab.server;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: the "one writer per document"
 * of a sequencer. At most {@link #BURST} tasks run per turn before the executor yields its pool
 * thread, so one busy document cannot starve the others.
 */
final class SerialExecutor implements Executor {
  private static final int BURST = 16;

  private final Executor pool;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  /** True while a turn is scheduled or running; guards that only one turn runs at a time. */
  private final AtomicBoolean scheduled = new AtomicBoolean();
  /** The thread running the current turn, for {@link #inTurn()} assertions. */
  private volatile Thread runner;

  SerialExecutor(Executor pool) {
    this.pool = pool;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    schedule();
  }

  /** True on the thread currently running this executor's task. */
  boolean inTurn() {
    return runner == Thread.currentThread();
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      try {
        pool.execute(this::turn);
      } catch (java.util.concurrent.RejectedExecutionException stopped) {
        // The engine stopped its pool: nothing runs any more, so the queued tasks are dropped.
        tasks.clear();
      }
    }
  }

  private void turn() {
    runner = Thread.currentThread();
    try {
      for (int i = 0; i < BURST; i++) {
        Runnable task = tasks.poll();
        if (task == null) {
          break;
        }
        try {
          task.run();
        } catch (RuntimeException | Error e) {
          // A task's failure is its own: it reported it to whoever waits; the document goes on.
          Thread t = Thread.currentThread();
          t.getUncaughtExceptionHandler().uncaughtException(t, e);
        }
      }
    } finally {
      runner = null;
      scheduled.set(false);
      if (!tasks.isEmpty()) {
        schedule();
      }
    }
  }
}
