package dev.collab.server.internal.ws;

import dev.collab.server.internal.config.WireConfig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.User;
import dev.collab.ot.JsonLimits;
import dev.collab.ot.RichText;
import dev.collab.protocol.ProtocolCodec;
import dev.collab.protocol.ServerMessage;
import dev.collab.server.internal.engine.CollabEngine;
import dev.collab.server.defaults.RoleAccessPolicy;
import dev.collab.spi.DocumentStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A graceful drain: new joins and submits are refused with {@code draining}, the submit whose append
 * is in flight is still committed and acknowledged, and only then are connections closed with 1001.
 */
class DrainTest {

  /** Records frames and close codes. */
  static final class Recorder implements Connection.Transport {
    final LinkedBlockingQueue<ServerMessage> received = new LinkedBlockingQueue<>();
    final List<Integer> closes = new ArrayList<>();

    @Override
    public void send(String frame, Consumer<@Nullable Throwable> done) {
      received.addAll(ProtocolCodec.decodeServerFrame(frame, JsonLimits.STORAGE));
      done.accept(null);
    }

    @Override
    public boolean ping(byte[] payload) {
      return true; // no pong: these tests stay far below the flow control's bound
    }

    @Override
    public synchronized void close(int code, String reason) {
      closes.add(code);
    }

    @SuppressWarnings("unchecked")
    <M extends ServerMessage> M next(Class<M> type) throws InterruptedException {
      while (true) {
        ServerMessage m = received.poll(10, TimeUnit.SECONDS);
        assertThat(m).as("a " + type.getSimpleName() + " within 10 s").isNotNull();
        if (type.isInstance(m)) {
          return (M) m;
        }
      }
    }
  }

  @Test
  @DisplayName("drain refuses new work, finishes the append in flight, then closes with 1001")
  void drain() throws Exception {
    dev.collab.server.defaults.InMemoryDocumentStore memory = new dev.collab.server.defaults.InMemoryDocumentStore();
    CountDownLatch appendStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    DocumentStore slow = (DocumentStore) java.lang.reflect.Proxy.newProxyInstance(
        DocumentStore.class.getClassLoader(), new Class<?>[] {DocumentStore.class}, (proxy, method, args) -> {
          // the engine's group committer calls appendAll (whose default calls the delegate's append)
          if (method.getName().equals("append") || method.getName().equals("appendAll")) {
            appendStarted.countDown();
            assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
          }
          try {
            return method.invoke(memory, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
    CollabEngine engine = CollabEngine.builder().store(slow).policy(new RoleAccessPolicy(true)).build();
    ConnectionRegistry registry = new ConnectionRegistry();
    try {
      engine.create("d", RichText.NAME, "Doc", Map.of(), User.of("ann"));
      Recorder transport = new Recorder();
      Connection ann = new Connection(engine, WireConfig.DEFAULTS, User.of("ann"), transport, registry.opFrames(),
          registry.rateWindows(WireConfig.DEFAULTS));
      registry.add(ann, null);
      ann.onMessage("{\"t\":\"hello\",\"protocol\":1,\"client\":\"tab\"}");
      transport.next(ServerMessage.Welcome.class);
      ann.onMessage("{\"t\":\"join\",\"doc\":\"d\"}");
      transport.next(ServerMessage.Snapshot.class);
      ann.onMessage("{\"t\":\"submit\",\"doc\":\"d\",\"base\":0,\"seq\":1,\"op\":[{\"insert\":\"kept\"}]}");
      assertThat(appendStarted.await(10, TimeUnit.SECONDS)).isTrue();

      CompletableFuture<Void> drained = engine.drain();
      ann.onMessage("{\"t\":\"submit\",\"doc\":\"d\",\"base\":0,\"seq\":2,\"op\":[{\"insert\":\"late\"}]}");
      ServerMessage.Error refused = transport.next(ServerMessage.Error.class);
      assertThat(refused.code().wire()).isEqualTo("draining");
      assertThat(refused.seq()).isEqualTo(2L);
      assertThat(drained).isNotDone();

      release.countDown();
      assertThat(transport.next(ServerMessage.Ack.class)).isEqualTo(new ServerMessage.Ack("d", 1, 1));
      drained.get(10, TimeUnit.SECONDS);
      registry.closeAll();
      assertThat(transport.closes).containsExactly(Connection.GOING_AWAY);
      assertThat(memory.head("d")).isEqualTo(1);
    } finally {
      release.countDown();
      engine.close();
    }
  }
}
