package dev.collab.server.internal.ws;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SessionTransportTest {
  /** Stands for the web application's class loader. */
  private final ClassLoader application = new URLClassLoader(new URL[0], getClass().getClassLoader());
  private ClassLoader before;

  /** What the container saw as the context class loader inside sendText. */
  private final List<ClassLoader> duringSend = new ArrayList<>();
  private @Nullable RuntimeException sendFails;
  private boolean completeAtOnce = true;
  private @Nullable SendHandler pending;

  @BeforeEach
  void useApplicationLoader() {
    before = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(application);
  }

  @AfterEach
  void restore() {
    Thread.currentThread().setContextClassLoader(before);
  }

  private Session session() {
    RemoteEndpoint.Async async = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
          if (!method.getName().equals("sendText")) {
            throw new UnsupportedOperationException(method.getName());
          }
          duringSend.add(Thread.currentThread().getContextClassLoader());
          if (sendFails != null) {
            throw sendFails;
          }
          SendHandler handler = (SendHandler) args[1];
          if (completeAtOnce) {
            handler.onResult(new SendResult());
          } else {
            pending = handler;
          }
          return null;
        });
    return (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getAsyncRemote" -> async;
          case "getId" -> "s1";
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  @Test
  @DisplayName("the container's send runs with the platform class loader; the caller's is back afterwards and in the callback")
  void sendRunsOutsideTheApplicationLoader() {
    AtomicReference<ClassLoader> inCallback = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>(new AssertionError("no callback"));

    new SessionTransport(session(), true).send("{}", error -> {
      inCallback.set(Thread.currentThread().getContextClassLoader());
      failure.set(error);
    });

    assertThat(duringSend).containsExactly(ClassLoader.getPlatformClassLoader());
    assertThat(inCallback.get()).isSameAs(application);
    assertThat(failure.get()).isNull();
    assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(application);
  }

  @Test
  @DisplayName("a callback on another thread runs with the loader of the thread that sent")
  void laterCallbackGetsTheSendersLoader() throws Exception {
    completeAtOnce = false;
    AtomicReference<ClassLoader> inCallback = new AtomicReference<>();
    new SessionTransport(session(), true).send("{}", error -> inCallback.set(Thread.currentThread().getContextClassLoader()));
    assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(application);

    Thread container = new Thread(() -> pending.onResult(new SendResult()), "container-writer");
    container.setContextClassLoader(ClassLoader.getSystemClassLoader());
    container.start();
    container.join(10_000);

    assertThat(inCallback.get()).isSameAs(application);
  }

  @Test
  @DisplayName("a send the container refuses is reported to the caller, with the caller's loader restored")
  void refusedSendIsReported() {
    sendFails = new IllegalStateException("The connection has been closed.");
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicReference<ClassLoader> inCallback = new AtomicReference<>();

    new SessionTransport(session(), true).send("{}", error -> {
      failure.set(error);
      inCallback.set(Thread.currentThread().getContextClassLoader());
    });

    assertThat(failure.get()).isSameAs(sendFails);
    assertThat(inCallback.get()).isSameAs(application);
    assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(application);
  }
}
