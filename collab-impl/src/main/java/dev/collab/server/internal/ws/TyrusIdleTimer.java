package dev.collab.server.internal.ws;

import dev.collab.server.internal.threads.DaemonThreads;
import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Gives a Tyrus session (Payara, GlassFish) Collab's scheduler for its idle timer, in place of the
 * application server's managed one (setting {@code collab.tyrus-own-timer}, on by default).
 *
 * <p><b>Why.</b> Tyrus 2 restarts a session's idle timer on every frame it receives or sends, by
 * scheduling a task with the idle timeout as the delay, also when the timeout is off (a delay of
 * 0, a task that then does nothing). In a Jakarta EE server that scheduler is the default
 * {@code ManagedScheduledExecutorService}, which captures the caller's context for each task;
 * Payara's capture runs a {@code ServiceLoader} over the web application's class loader, i.e.
 * looks into every jar of the server and the application, and hands the task to another thread.
 * Measured with the same Collab classes and load, that was most of the difference between Payara
 * Micro and Jetty per CPU-second (docs/PERFORMANCE.md, "Payara per frame"). Collab turns the
 * container's idle timeout off and keeps its own ({@code collab.idle-timeout}), so the session's
 * timer has nothing to do: {@link #EXECUTOR} runs a task scheduled without delay at once on the
 * caller's thread (Tyrus's idle task, which with the timeout off returns at once) and any later
 * one on one daemon thread of its own, removing cancelled tasks.
 *
 * <p><b>How.</b> Tyrus has no API for it: the session's {@code service} field is set by
 * reflection. Where the session is not Tyrus's, or the field is missing, of another type, or
 * cannot be set (a later Tyrus, a JDK that refuses to change final fields), nothing changes and
 * the first such session is logged once as a warning: the connection works as before, only at
 * the container's cost per frame.
 */
final class TyrusIdleTimer {
  private static final System.Logger LOG = System.getLogger(TyrusIdleTimer.class.getName());
  private static final String TYRUS_SESSION = "org.glassfish.tyrus.core.TyrusSession";
  private static final String FIELD = "service";

  /** The scheduler Tyrus sessions get: zero delay at once on the caller, later ones on its thread. */
  static final ScheduledExecutorService EXECUTOR = new ZeroDelayAtOnce();

  private static final AtomicBoolean TOLD = new AtomicBoolean();
  private static volatile @Nullable Field field;

  private TyrusIdleTimer() {}

  /**
   * Gives {@code session} Collab's scheduler if it is a Tyrus session.
   *
   * @return whether the session now uses {@link #EXECUTOR}
   */
  static boolean adopt(Session session) {
    if (!isTyrus(session)) {
      return false;
    }
    Class<?> type = session.getClass();
    try {
      Field service = field;
      if (service == null || service.getDeclaringClass() != type) {
        service = serviceField(type);
        field = service;
      }
      service.set(session, EXECUTOR);
      if (TOLD.compareAndSet(false, true)) {
        LOG.log(System.Logger.Level.INFO, "collab: Tyrus sessions use Collab's scheduler for their idle timer,"
            + " not the container's managed one (collab.tyrus-own-timer); Collab keeps the idle timeout itself"
            + " (collab.idle-timeout)");
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      if (TOLD.compareAndSet(false, true)) {
        LOG.log(System.Logger.Level.WARNING, "collab: could not give Tyrus session " + session.getId()
            + " Collab's idle-timer scheduler; Tyrus sessions keep the container's managed scheduler, which costs"
            + " CPU on every frame (set collab.tyrus-own-timer=false to not try)", e);
      }
      return false;
    }
  }

  /**
   * Gives {@code session} Collab's scheduler when it is Tyrus's and {@code ownTimer} (the setting)
   * allows.
   *
   * @return whether the session is Tyrus's and still restarts its idle timer on the container's
   *     managed scheduler (the setting off, or {@link #adopt} refused): its sends then need
   *     {@link SessionTransport}'s class-loader swap
   */
  static boolean keepsManagedTimer(Session session, boolean ownTimer) {
    return isTyrus(session) && !(ownTimer && adopt(session));
  }

  /** Whether {@code session} is Tyrus's (Payara, GlassFish). */
  private static boolean isTyrus(Session session) {
    return session.getClass().getName().equals(TYRUS_SESSION);
  }

  /** The session's scheduler field, made writable; fails if it is not a ScheduledExecutorService instance field. */
  static Field serviceField(Class<?> type) throws NoSuchFieldException {
    Field service = type.getDeclaredField(FIELD);
    if (service.getType() != ScheduledExecutorService.class || Modifier.isStatic(service.getModifiers())) {
      throw new NoSuchFieldException(type.getName() + "." + FIELD + " is " + service
          + ", not an instance field of type ScheduledExecutorService");
    }
    service.setAccessible(true);
    return service;
  }

  /**
   * Runs a {@link Runnable} scheduled without delay at once, on the caller's thread (what Tyrus
   * schedules); any other task on its one daemon thread (which ends after 30 s without work),
   * dropping cancelled tasks from its queue.
   */
  static final class ZeroDelayAtOnce extends ScheduledThreadPoolExecutor {
    ZeroDelayAtOnce() {
      super(1, DaemonThreads.named("collab-tyrus-timer"));
      setRemoveOnCancelPolicy(true);
      setKeepAliveTime(30, TimeUnit.SECONDS);
      allowCoreThreadTimeOut(true);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      if (delay > 0) {
        return super.schedule(command, delay, unit);
      }
      try {
        command.run();
      } catch (RuntimeException e) {
        // as a pool thread would: the failure stays with the task, the caller goes on
        LOG.log(System.Logger.Level.WARNING, "collab: a Tyrus timer task failed", e);
      }
      return Ran.INSTANCE;
    }
  }

  /** The future of a task that has run. */
  private static final class Ran implements ScheduledFuture<Object> {
    static final Ran INSTANCE = new Ran();

    @Override
    public long getDelay(TimeUnit unit) {
      return 0;
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(0, other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return false;
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public boolean isDone() {
      return true;
    }

    @Override
    public @Nullable Object get() {
      return null;
    }

    @Override
    public @Nullable Object get(long timeout, TimeUnit unit) {
      return null;
    }
  }
}
