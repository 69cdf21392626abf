package dev.collab.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.collab.Collab;
import dev.collab.CollabException;
import dev.collab.CommittedOp;
import dev.collab.DocumentInfo;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.ot.OtType;
import dev.collab.server.internal.engine.CollabEngine;
import dev.collab.server.defaults.InMemoryDocumentStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link Restorer} on a real engine with the in-memory store. */
class RestorerTest {
  private static final User ANN = new User("ann", "Ann", Set.of("collab-writer"));
  private static final User BOB = new User("bob", "Bob", Set.of("collab-writer"));

  private final CollabEngine engine = CollabEngine.builder().store(new InMemoryDocumentStore()).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private CommittedOp edit(Collab collab, User user, String op) throws Exception {
    return collab.edit("doc", user, op).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private String contentAt(long version) throws Exception {
    return engine.readAt("doc", version).toCompletableFuture().get(10, TimeUnit.SECONDS).data();
  }

  private void threeVersions() throws Exception {
    engine.create("doc", "rich-text", "Doc", Map.of(), ANN);
    edit(engine, ANN, "[{\"insert\":\"Hello world\\n\"}]");
    edit(engine, ANN, "[{\"retain\":5},{\"insert\":\", dear\",\"attributes\":{\"italic\":true}}]");
    edit(engine, ANN, "[{\"delete\":5},{\"retain\":6,\"attributes\":{\"bold\":true}}]");
  }

  @Test
  @DisplayName("restoring version 1 of 3 makes version 4, by the restoring user, with version 1's content")
  void restoresAsNewVersion() throws Exception {
    threeVersions();
    Restorer.Restored restored = new Restorer(engine).restore("doc", 1, BOB);
    assertThat(restored).isEqualTo(new Restorer.Restored(4, true));
    assertThat(contentAt(4)).isEqualTo(contentAt(1)).isEqualTo("[{\"insert\":\"Hello world\\n\"}]");
    CommittedOp op = engine.history("doc", 3, 1).toCompletableFuture().get(10, TimeUnit.SECONDS).get(0);
    assertThat(op.userId()).isEqualTo("bob");
    assertThat(contentAt(3)).as("the history keeps what came between").contains("dear");
  }

  @Test
  @DisplayName("restoring the content the head already has makes no new version; version 0 empties the document")
  void noChangeAndEmpty() throws Exception {
    threeVersions();
    assertThat(new Restorer(engine).restore("doc", 3, BOB)).isEqualTo(new Restorer.Restored(3, false));
    assertThat(new Restorer(engine).restore("doc", 0, BOB)).isEqualTo(new Restorer.Restored(4, true));
    assertThat(contentAt(4)).isEqualTo("[]");
  }

  @Test
  @DisplayName("unknown documents and versions past the head are refused with their codes")
  void refusals() throws Exception {
    threeVersions();
    assertThatThrownBy(() -> new Restorer(engine).restore("nope", 1, BOB))
        .isInstanceOfSatisfying(CollabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT));
    assertThatThrownBy(() -> new Restorer(engine).restore("doc", 4, BOB))
        .isInstanceOfSatisfying(CollabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VERSION_AHEAD));
  }

  @Test
  @DisplayName("an edit by someone else between reading the head and the restore's edit: the restore diffs again and still ends at the old content")
  void racingEdit() throws Exception {
    threeVersions();
    AtomicInteger races = new AtomicInteger();
    Collab racing = new Racing(engine, () -> {
      if (races.getAndIncrement() == 0) {
        // lands first: the restore's difference was made on version 3, applies to version 4
        edit(engine, ANN, "[{\"insert\":\"Breaking: \"}]");
      }
    });
    Restorer.Restored restored = new Restorer(racing).restore("doc", 1, BOB);
    assertThat(races.get()).as("the race happened, and the restore went round again").isGreaterThanOrEqualTo(2);
    assertThat(contentAt(restored.version())).isEqualTo(contentAt(1));
  }

  /** Something to run just before each edit the restore makes. */
  @FunctionalInterface
  interface Interference {
    void run() throws Exception;
  }

  /** The engine, with another user's edit slipped in before the restore's edit. */
  private record Racing(Collab engine, Interference before) implements Collab {
    @Override
    public DocumentInfo create(String id, String type, String title, Map<String, String> metadata, User creator) {
      return engine.create(id, type, title, metadata, creator);
    }

    @Override
    public DocumentInfo find(String documentId) {
      return engine.find(documentId);
    }

    @Override
    public CompletionStage<CommittedOp> edit(String documentId, User user, String op) {
      try {
        before.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return engine.edit(documentId, user, op);
    }

    @Override
    public <O> CompletionStage<CommittedOp> edit(String documentId, User user, OtType<O> type, O op) {
      return edit(documentId, user, type.encodeToString(op));
    }

    @Override
    public CompletionStage<DocumentContent> read(String documentId) {
      return engine.read(documentId);
    }

    @Override
    public CompletionStage<DocumentContent> readAt(String documentId, long version) {
      return engine.readAt(documentId, version);
    }

    @Override
    public CompletionStage<List<CommittedOp>> history(String documentId, long afterVersion, int limit) {
      return engine.history(documentId, afterVersion, limit);
    }

    @Override
    public Registration listen(String documentId, Consumer<CommittedOp> listener) {
      return engine.listen(documentId, listener);
    }

    @Override
    public void revoke(String userId, String documentId) {
      engine.revoke(userId, documentId);
    }
  }
}
