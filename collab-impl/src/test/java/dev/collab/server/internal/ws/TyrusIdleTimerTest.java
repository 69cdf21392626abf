package dev.collab.server.internal.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TyrusIdleTimerTest {

  /** Shaped like Tyrus 2's session: a private final scheduler field named service. */
  static final class SessionLike {
    private final ScheduledExecutorService service = new ScheduledThreadPoolExecutor(1);
  }

  static final class WrongType {
    private final Object service = new Object();
  }

  @Test
  @DisplayName("a task without delay runs at once on the caller's thread; its future is done")
  void zeroDelayRunsAtOnce() throws Exception {
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    ScheduledFuture<?> future = TyrusIdleTimer.EXECUTOR.schedule(() -> ranOn.set(Thread.currentThread()), 0,
        TimeUnit.MILLISECONDS);

    assertThat(ranOn.get()).isSameAs(Thread.currentThread());
    assertThat(future.isDone()).isTrue();
    assertThat(future.isCancelled()).isFalse();
    assertThat(future.get()).isNull();
  }

  @Test
  @DisplayName("a failing task without delay is logged, not thrown at the caller (as a pool thread would)")
  void zeroDelayFailureStaysWithTheTask() {
    Runnable failing = () -> {
      throw new IllegalStateException("the timer task failed");
    };
    ScheduledFuture<?> future = TyrusIdleTimer.EXECUTOR.schedule(failing, 0, TimeUnit.MILLISECONDS);
    assertThat(future.isDone()).isTrue();
  }

  @Test
  @DisplayName("a task with a delay runs later on the timer's own thread; a cancelled one leaves the queue and never runs")
  void laterTasksRunOnTheTimerThread() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    TyrusIdleTimer.EXECUTOR.schedule(() -> {
      ranOn.set(Thread.currentThread());
      ran.countDown();
    }, 20, TimeUnit.MILLISECONDS);
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ranOn.get().getName()).isEqualTo("collab-tyrus-timer");
    assertThat(ranOn.get().isDaemon()).isTrue();

    CountDownLatch never = new CountDownLatch(1);
    ScheduledFuture<?> idle = TyrusIdleTimer.EXECUTOR.schedule(never::countDown, 1, TimeUnit.HOURS);
    ScheduledThreadPoolExecutor pool = (ScheduledThreadPoolExecutor) TyrusIdleTimer.EXECUTOR;
    assertThat(pool.getQueue()).contains((Runnable) idle);
    assertThat(idle.cancel(false)).isTrue();
    assertThat(pool.getQueue()).doesNotContain((Runnable) idle); // no heap kept per cancelled restart
    assertThat(never.getCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("the scheduler field of a session shaped like Tyrus's is found and can be set; another shape is refused")
  void findsTheSchedulerField() throws Exception {
    SessionLike session = new SessionLike();
    var field = TyrusIdleTimer.serviceField(SessionLike.class);
    field.set(session, TyrusIdleTimer.EXECUTOR);
    assertThat(session.service).isSameAs(TyrusIdleTimer.EXECUTOR);

    assertThatThrownBy(() -> TyrusIdleTimer.serviceField(WrongType.class))
        .isInstanceOf(NoSuchFieldException.class).hasMessageContaining("not an instance field of type ScheduledExecutorService");
    assertThatThrownBy(() -> TyrusIdleTimer.serviceField(Object.class)).isInstanceOf(NoSuchFieldException.class);
  }

  @Test
  @DisplayName("a session that is not Tyrus's is left alone")
  void otherSessionsAreLeftAlone() {
    Session jetty = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
        (proxy, method, args) -> {
          throw new AssertionError("not to be called: " + method.getName());
        });
    assertThat(TyrusIdleTimer.adopt(jetty)).isFalse();
  }
}
