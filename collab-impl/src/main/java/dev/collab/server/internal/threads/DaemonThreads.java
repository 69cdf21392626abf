package dev.collab.server.internal.threads;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thread factories of Collab's own pools. Every thread is a daemon, so that a pool an
 * application forgot to stop never keeps the JVM alive, and is named so that a thread dump says
 * whose it is.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** Threads all called {@code name} (a pool of one, or one whose threads need no number). */
  public static ThreadFactory named(String name) {
    return task -> daemon(task, name);
  }

  /** Threads called {@code prefix-1}, {@code prefix-2}, ... in the order they are made. */
  public static ThreadFactory numbered(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> daemon(task, prefix + "-" + count.incrementAndGet());
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }
}
