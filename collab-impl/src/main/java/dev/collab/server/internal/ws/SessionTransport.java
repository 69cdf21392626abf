package dev.collab.server.internal.ws;

import dev.collab.server.internal.threads.DaemonThreads;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Connection}'s way out: sends through the WebSocket session's async remote, pings on a
 * thread of its own, closes through the session.
 *
 * <p><b>The class loader during a send.</b> Tyrus (Payara, GlassFish) restarts the session's idle
 * timer on every frame it sends. Where that timer still runs on the application server's managed
 * scheduled executor ({@link TyrusIdleTimer} could not replace it, or
 * {@code collab.tyrus-own-timer=false}), Payara's executor captures the caller's context for each
 * such task and, doing so, runs a {@link java.util.ServiceLoader} over the thread's context class
 * loader, which for the web application's loader means reading every jar of the server's and the
 * application's class path, once per frame (docs/PERFORMANCE.md, "Payara per frame"). For such a
 * session ({@code outsideApplicationLoader}), a send runs with the platform class loader as the
 * context class loader: the look-up then finds nothing quickly, and nothing in a container's send
 * path needs the application's classes. The completion callback runs with the caller's loader
 * again. Any other session sends as it is.
 */
final class SessionTransport implements Connection.Transport {
  private static final System.Logger LOG = System.getLogger(SessionTransport.class.getName());
  private static final ClassLoader SEND_LOADER = ClassLoader.getPlatformClassLoader();

  /**
   * Sends the flow control's pings. Some containers block {@code sendPing} until the frame is
   * written (Jetty, Undertow), which a client that stops reading can make last: never on an engine
   * or container thread. Bounded; a ping that finds every thread busy is tried again later.
   * Threads end after 30 s without work, so an undeployed application leaves none behind.
   */
  private static final ExecutorService PINGS = new ThreadPoolExecutor(0, 64, 30, TimeUnit.SECONDS,
      new SynchronousQueue<>(), DaemonThreads.named("collab-ws-ping"), new ThreadPoolExecutor.AbortPolicy());

  private final Session session;
  /** Send with the platform class loader as context loader: a Tyrus session on the managed timer. */
  private final boolean outsideApplicationLoader;

  SessionTransport(Session session, boolean outsideApplicationLoader) {
    this.session = session;
    this.outsideApplicationLoader = outsideApplicationLoader;
  }

  @Override
  public void send(String frame, Consumer<@Nullable Throwable> done) {
    try {
      if (outsideApplicationLoader) {
        ClassLoader caller = Thread.currentThread().getContextClassLoader();
        withLoader(SEND_LOADER, () -> session.getAsyncRemote().sendText(frame,
            result -> withLoader(caller, () -> done.accept(failureOf(result)))));
      } else {
        session.getAsyncRemote().sendText(frame, result -> done.accept(failureOf(result)));
      }
    } catch (RuntimeException e) {
      done.accept(e); // with the caller's loader: withLoader has restored it
    }
  }

  private static @Nullable Throwable failureOf(SendResult result) {
    return result.isOK() ? null : result.getException();
  }

  @Override
  public boolean ping(byte[] payload) {
    try {
      Runnable ping = () -> {
        try {
          session.getAsyncRemote().sendPing(ByteBuffer.wrap(payload));
        } catch (IOException | RuntimeException e) {
          // The connection is going: its close or error callback ends it.
          LOG.log(System.Logger.Level.DEBUG, "collab: a ping to session " + session.getId() + " failed", e);
        }
      };
      PINGS.execute(outsideApplicationLoader ? () -> withLoader(SEND_LOADER, ping) : ping);
      return true;
    } catch (RejectedExecutionException busy) {
      return false; // the caller tries again after the next send (Connection.Transport#ping)
    }
  }

  @Override
  public void close(int code, String reason) {
    CollabEndpoint.close(session, code, reason);
  }

  /** Runs {@code task} with {@code loader} as the context class loader, then restores the thread's own. */
  private static void withLoader(@Nullable ClassLoader loader, Runnable task) {
    Thread thread = Thread.currentThread();
    ClassLoader own = thread.getContextClassLoader();
    if (own == loader) {
      task.run();
      return;
    }
    thread.setContextClassLoader(loader);
    try {
      task.run();
    } finally {
      thread.setContextClassLoader(own);
    }
  }
}
