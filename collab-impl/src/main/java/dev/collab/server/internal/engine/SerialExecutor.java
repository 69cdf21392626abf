package dev.collab.server.internal.engine;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: the "one writer per document"
 * of a sequencer. At most {@link #BURST} tasks run per turn before the executor yields its pool
 * thread, so one busy document cannot starve the others.
 *
 * <p>A task may {@link #suspend} the executor while it waits for something asynchronous (an append
 * handed to the group committer): later tasks stay queued, no pool thread is held, and
 * {@link #resume} runs a continuation before them. To the tasks it looks as if the suspending task
 * had blocked until the continuation, which is what keeps the sequencer's state single-writer.
 */
final class SerialExecutor implements Executor {
  private static final int BURST = 16;

  private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());
  /** Set on a thread while it runs a turn of any executor: such a thread never runs another here. */
  private static final ThreadLocal<Boolean> IN_TURN = new ThreadLocal<>();
  private final Executor pool;
  /** Names the executor in log lines (the document id). */
  private final String name;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  /** True while a turn is scheduled or running; guards that only one turn runs at a time. */
  private final AtomicBoolean scheduled = new AtomicBoolean();
  /** The thread running the current turn, for {@link #inTurn()} assertions. */
  private volatile @Nullable Thread runner;
  /** Set by {@link #suspend} (in a turn), cleared by {@link #resume}: no task runs meanwhile. */
  private volatile boolean suspended;
  /** The continuation {@link #resume} hands over; runs before any queued task. */
  private volatile @Nullable Runnable resumed;

  SerialExecutor(Executor pool, String name) {
    this.pool = pool;
    this.name = name;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    schedule();
  }

  /**
   * Like {@link #execute}, but when no turn is scheduled and the caller runs no turn of any
   * executor (it is a container thread delivering a client's message), the turn runs here, on the
   * caller's thread, instead of on the pool: one hand-off between threads less per message, and
   * the container reads the connection's next message only after this one was handled. A turn
   * that suspends (an append handed to the group committer) returns at once, so the caller blocks
   * only where a turn on the pool would: a document loaded from the store on a submit (after an
   * idle unload), or a store without a committer.
   */
  void executeHere(Runnable task) {
    tasks.add(task);
    if (IN_TURN.get() == null && !suspended && !stopped() && scheduled.compareAndSet(false, true)) {
      turn();
    } else {
      schedule();
    }
  }

  /** Whether the pool was shut down: then nothing runs any more, not here either. */
  private boolean stopped() {
    return pool instanceof ExecutorService service && service.isShutdown();
  }

  /** True when no turn is scheduled or running and nothing waits: what tests wait for. */
  boolean idle() {
    return !scheduled.get() && !suspended && resumed == null && tasks.isEmpty();
  }

  /** True on the thread currently running this executor's task. */
  boolean inTurn() {
    return runner == Thread.currentThread();
  }

  /**
   * Stops running tasks after the current one until {@link #resume}. Only from a task of this
   * executor; exactly one {@link #resume} must follow.
   */
  void suspend() {
    if (!inTurn()) {
      throw new IllegalStateException("suspend outside a task of this executor");
    }
    if (suspended) {
      throw new IllegalStateException("suspended already");
    }
    suspended = true;
  }

  /** Ends a {@link #suspend}: {@code continuation} runs next, then the queued tasks. Any thread. */
  void resume(Runnable continuation) {
    if (!suspended) {
      throw new IllegalStateException("resume without suspend");
    }
    resumed = continuation;
    suspended = false;
    schedule();
  }

  private void schedule() {
    if (suspended) {
      return; // resume() schedules
    }
    if (scheduled.compareAndSet(false, true)) {
      try {
        pool.execute(this::turn);
      } catch (java.util.concurrent.RejectedExecutionException stopped) {
        // The engine stopped its pool: nothing runs any more, so the queued tasks are dropped.
        LOG.log(System.Logger.Level.DEBUG, "collab: the engine stopped; {0} queued task(s) of document {1} dropped",
            tasks.size(), name);
        tasks.clear();
        resumed = null;
        scheduled.set(false);
      }
    }
  }

  private void turn() {
    runner = Thread.currentThread();
    IN_TURN.set(Boolean.TRUE);
    try {
      for (int i = 0; i < BURST && !suspended; i++) {
        Runnable task = resumed;
        if (task != null) {
          resumed = null;
        } else {
          task = tasks.poll();
          if (task == null) {
            break;
          }
        }
        try {
          task.run();
        } catch (RuntimeException | Error e) {
          // A task's failure is its own: it reported it to whoever waits; the document goes on. What
          // escapes a task is a bug: it goes to the thread's uncaught-exception handler (which the
          // tests watch), not to a log line here.
          Thread t = Thread.currentThread();
          t.getUncaughtExceptionHandler().uncaughtException(t, e);
        }
      }
    } finally {
      IN_TURN.remove();
      runner = null;
      scheduled.set(false);
      // A resume() or execute() that found the turn still scheduled relies on this look.
      if (!suspended && (resumed != null || !tasks.isEmpty())) {
        schedule();
      }
    }
  }
}
