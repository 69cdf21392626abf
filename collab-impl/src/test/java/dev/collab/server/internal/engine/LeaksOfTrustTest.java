package dev.collab.server.internal.engine;

import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.RoleAccessPolicy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.ot.RichText;
import dev.collab.spi.ClusterBus;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What a user without access, or another node, can learn or break: a join tells a principal without
 * read access nothing about which documents exist; a malformed message from the cluster bus is
 * dropped and logged, and the document goes on.
 */
class LeaksOfTrustTest {
  static final User ANN = new User("ann", "Ann", Set.of(RoleAccessPolicy.WRITER));
  static final User NOBODY = new User("nobody", "Nobody", Set.of());

  @Test
  @DisplayName("a principal without read access gets the same answer for a document that exists and one that does not")
  void noExistenceLeakOnJoin() {
    try (CollabEngine engine = CollabEngine.builder().store(new InMemoryDocumentStore()).build()) {
      engine.create("exists", RichText.NAME, "Secret", Map.of(), ANN);
      RecordingListener listener = new RecordingListener();
      Session session = engine.openSession(NOBODY, "tab-1", listener);
      session.join("exists", null);
      RecordingListener.Event existing = listener.next("error");
      session.join("missing", null);
      RecordingListener.Event missing = listener.next("error");
      assertThat(existing.b()).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
      assertThat(missing.b()).isEqualTo(existing.b());
      assertThat(missing.c()).isEqualTo(String.valueOf(existing.c()).replace("exists", "missing"));
    }
  }

  /** A bus on which the test plays another node. */
  static final class InjectingBus implements ClusterBus {
    final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public void publish(String documentId, String message) {}

    @Override
    public Subscription subscribe(String documentId, Consumer<String> listener) {
      listeners.add(listener);
      return () -> listeners.remove(listener);
    }

    void inject(String message) {
      for (Consumer<String> listener : listeners) {
        listener.accept(message);
      }
    }
  }

  @Test
  @DisplayName("malformed bus messages are dropped without an uncaught failure; the document keeps working")
  void malformedBusMessagesAreDropped() throws Exception {
    List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, error) -> uncaught.add(error));
    InjectingBus bus = new InjectingBus();
    try (CollabEngine engine = CollabEngine.builder().store(new InMemoryDocumentStore()).bus(bus).build()) {
      engine.create("doc", RichText.NAME, "Doc", Map.of(), ANN);
      RecordingListener listener = new RecordingListener();
      Session session = engine.openSession(ANN, "tab-1", listener);
      session.join("doc", null);
      listener.next("joined");
      for (String bad : List.of("not json", "[1,2]", "{\"t\":\"ops\"}", "{\"t\":\"ops\",\"ops\":[{\"doc\":\"doc\",\"v\":1}]}",
          "{\"t\":\"ops\",\"ops\":[{\"doc\":\"doc\",\"v\":\"one\",\"op\":[]}]}", "{\"t\":\"head\",\"v\":\"x\"}",
          "{\"t\":\"presence\",\"node\":\"other\"}", "{\"t\":\"revoke\",\"user\":7}")) {
        bus.inject(bad);
      }
      engine.edit("doc", ANN, "[{\"insert\":\"still works\"}]").toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(listener.next("op").kind()).isEqualTo("op");
      assertThat(uncaught).as("no bus message escaped the sequencer").isEmpty();
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(before);
    }
  }
}
