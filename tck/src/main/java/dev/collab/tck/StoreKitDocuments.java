package dev.collab.tck;

import static dev.collab.tck.StoreFixtures.assertSameInfo;
import static dev.collab.tck.StoreFixtures.assertSameOp;
import static dev.collab.tck.StoreFixtures.assertSameOps;
import static dev.collab.tck.StoreFixtures.document;
import static dev.collab.tck.StoreFixtures.op;
import static dev.collab.tck.StoreFixtures.ops;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.collab.CommittedOp;
import dev.collab.DocumentInfo;
import dev.collab.spi.AppendResult.Appended;
import dev.collab.spi.AppendResult.Conflict;
import dev.collab.spi.AppendResult.NoSuchDocument;
import dev.collab.spi.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Part of {@link DocumentStoreContractKit}: documents, appends, and the conditional append's refusals.
 *
 * <p>The kit's {@code @Nested} capabilities are spread over this chain of package-private
 * superclasses ({@link StoreKitFixtures} first); an implementer extends
 * {@link DocumentStoreContractKit} alone, and JUnit runs nested classes of superclasses too.
 */
abstract class StoreKitDocuments extends StoreKitFixtures {

  @Nested
  @KitGroup("Documents")
  class Documents {

    @Test
    @DisplayName("a created document is found with the metadata it was created with")
    void createAndFind() {
      DocumentInfo info = created("tck-doc");
      assertSameInfo(store.find("tck-doc").orElseThrow(), info);
    }

    @Test
    @DisplayName("creating a document whose id exists returns false and changes nothing")
    void createTwice() {
      DocumentInfo info = created("tck-doc");
      appended("tck-doc", 0, List.of(op("tck-doc", 1, "c1", 1)));
      DocumentInfo other = new DocumentInfo("tck-doc", "plain", "Other", Map.of(), "bob", info.created());

      assertThat(store.create(other)).isFalse();
      assertSameInfo(store.find("tck-doc").orElseThrow(), info);
      assertThat(store.head("tck-doc")).isEqualTo(1);
    }

    @Test
    @DisplayName("a new document has head 0, no ops and no snapshot")
    void newDocument() {
      created("tck-doc");
      assertThat(store.head("tck-doc")).isZero();
      assertThat(store.readOps("tck-doc", 0, 100)).isEmpty();
      assertThat(store.readOpsAfter("tck-doc", 0)).isEmpty();
      assertThat(store.loadSnapshot("tck-doc", Long.MAX_VALUE)).isEmpty();
    }

    @Test
    @DisplayName("an unknown document is not found and has head -1, no ops, no snapshot and no op to look up")
    void unknownDocument() {
      assertThat(store.find("tck-nothing")).isEmpty();
      assertThat(store.head("tck-nothing")).isEqualTo(-1);
      assertThat(store.readOps("tck-nothing", 0, 100)).isEmpty();
      assertThat(store.loadSnapshot("tck-nothing", 100)).isEmpty();
      assertThat(store.findOp("tck-nothing", "c1", 1)).isEmpty();
    }

    @Test
    @DisplayName("documents are listed in id order, skipping offset, at most limit")
    void list() {
      for (String id : List.of("tck-c", "tck-a", "tck-e", "tck-b", "tck-d")) {
        created(id);
      }
      assertThat(store.list(0, 100)).extracting(DocumentInfo::id)
          .containsExactly("tck-a", "tck-b", "tck-c", "tck-d", "tck-e");
      assertThat(store.list(1, 2)).extracting(DocumentInfo::id).containsExactly("tck-b", "tck-c");
      assertThat(store.list(4, 10)).extracting(DocumentInfo::id).containsExactly("tck-e");
      assertThat(store.list(5, 10)).isEmpty();
      assertSameInfo(store.list(0, 1).get(0), document("tck-a"));
    }

    @Test
    @DisplayName("deleting a document removes it with its log and snapshots")
    void delete() {
      created("tck-doc");
      appended("tck-doc", 0, ops("tck-doc", 1, 3, "c1", 1));
      store.saveSnapshot("tck-doc", new Snapshot(2, "[{\"insert\":\"x\"}]"));

      assertThat(store.delete("tck-doc")).isTrue();

      assertThat(store.find("tck-doc")).isEmpty();
      assertThat(store.head("tck-doc")).isEqualTo(-1);
      assertThat(store.readOps("tck-doc", 0, 100)).isEmpty();
      assertThat(store.loadSnapshot("tck-doc", 100)).isEmpty();
      assertThat(store.findOp("tck-doc", "c1", 1)).isEmpty();
      assertThat(store.list(0, 10)).isEmpty();
    }

    @Test
    @DisplayName("deleting an unknown document returns false")
    void deleteUnknown() {
      assertThat(store.delete("tck-nothing")).isFalse();
      created("tck-doc");
      assertThat(store.delete("tck-doc")).isTrue();
      assertThat(store.delete("tck-doc")).isFalse();
    }

    @Test
    @DisplayName("a deleted document's id can be created again, with an empty log")
    void recreate() {
      created("tck-doc");
      appended("tck-doc", 0, ops("tck-doc", 1, 2, "c1", 1));
      store.delete("tck-doc");

      created("tck-doc");
      assertThat(store.head("tck-doc")).isZero();
      assertThat(store.findOp("tck-doc", "c1", 1)).isEmpty();
      appended("tck-doc", 0, List.of(op("tck-doc", 1, "c1", 1)));
    }

    @Test
    @DisplayName("deleting one document leaves the others alone")
    void deleteIsolated() {
      created("tck-a");
      created("tck-b");
      List<CommittedOp> log = ops("tck-b", 1, 2, "c1", 1);
      appended("tck-a", 0, ops("tck-a", 1, 2, "c1", 1));
      appended("tck-b", 0, log);

      store.delete("tck-a");

      assertLog("tck-b", log);
      assertThat(store.findOp("tck-b", "c1", 2)).isPresent();
    }
  }

  @Nested
  @KitGroup("Appending")
  class Appending {

    @Test
    @DisplayName("one op appended at head 0 becomes version 1 and reads back unchanged")
    void appendOne() {
      created("tck-doc");
      CommittedOp first = op("tck-doc", 1, "c1", 1);

      assertThat(store.append("tck-doc", 0, List.of(first))).isEqualTo(new Appended(1, 1));

      assertThat(store.head("tck-doc")).isEqualTo(1);
      assertLog("tck-doc", List.of(first));
    }

    @Test
    @DisplayName("several consecutive ops appended in one call become consecutive versions")
    void appendSeveral() {
      created("tck-doc");
      appended("tck-doc", 0, List.of(op("tck-doc", 1, "c1", 1)));
      List<CommittedOp> batch =
          List.of(op("tck-doc", 2, "c2", 1), op("tck-doc", 3, "c1", 2), op("tck-doc", 4, "c2", 2));

      assertThat(store.append("tck-doc", 1, batch)).isEqualTo(new Appended(2, 4));

      assertThat(store.head("tck-doc")).isEqualTo(4);
      assertSameOps(store.readOps("tck-doc", 1, 4), batch);
    }

    @Test
    @DisplayName("successive appends extend the log without gaps")
    void appendMany() {
      created("tck-doc");
      List<CommittedOp> log = new ArrayList<>();
      for (int v = 1; v <= 50; v++) {
        CommittedOp next = op("tck-doc", v, "c" + (v % 3), v);
        appended("tck-doc", v - 1, List.of(next));
        log.add(next);
      }
      assertLog("tck-doc", log);
    }

    @Test
    @DisplayName("appending to an unknown document is NoSuchDocument and creates nothing")
    void appendUnknown() {
      assertThat(store.append("tck-nothing", 0, List.of(op("tck-nothing", 1, "c1", 1))))
          .isInstanceOf(NoSuchDocument.class);
      assertThat(store.find("tck-nothing")).isEmpty();
      assertThat(store.head("tck-nothing")).isEqualTo(-1);
    }

    @Test
    @DisplayName("appending to a deleted document is NoSuchDocument")
    void appendDeleted() {
      created("tck-doc");
      appended("tck-doc", 0, List.of(op("tck-doc", 1, "c1", 1)));
      store.delete("tck-doc");

      assertThat(store.append("tck-doc", 1, List.of(op("tck-doc", 2, "c1", 2))))
          .isInstanceOf(NoSuchDocument.class);
      assertThat(store.head("tck-doc")).isEqualTo(-1);
    }

    @Test
    @DisplayName("the same (client, seq) may be committed once in each of two documents")
    void submitKeyIsPerDocument() {
      created("tck-a");
      created("tck-b");
      appended("tck-a", 0, List.of(op("tck-a", 1, "c1", 1)));
      appended("tck-b", 0, List.of(op("tck-b", 1, "c1", 1)));
      assertThat(store.findOp("tck-a", "c1", 1)).get().extracting(CommittedOp::document).isEqualTo("tck-a");
      assertThat(store.findOp("tck-b", "c1", 1)).get().extracting(CommittedOp::document).isEqualTo("tck-b");
    }
  }

  @Nested
  @KitGroup("Conditional append")
  class ConditionalAppend {

    @Test
    @DisplayName("an append at a stale head is a Conflict carrying the current head and writes nothing")
    void staleHead() {
      created("tck-doc");
      List<CommittedOp> log = ops("tck-doc", 1, 3, "c1", 1);
      appended("tck-doc", 0, log);

      assertThat(store.append("tck-doc", 1, List.of(op("tck-doc", 2, "c2", 1)))).isEqualTo(new Conflict(3));

      assertLog("tck-doc", log);
      assertThat(store.findOp("tck-doc", "c2", 1)).isEmpty();
    }

    @Test
    @DisplayName("an append at a head beyond the log is a Conflict carrying the current head and leaves no gap")
    void headBeyondLog() {
      created("tck-doc");
      List<CommittedOp> log = ops("tck-doc", 1, 2, "c1", 1);
      appended("tck-doc", 0, log);

      assertThat(store.append("tck-doc", 5, List.of(op("tck-doc", 6, "c2", 1)))).isEqualTo(new Conflict(2));

      assertLog("tck-doc", log);
    }

    @Test
    @DisplayName("a multi-op append at a stale head writes none of its ops")
    void staleHeadBatch() {
      created("tck-doc");
      List<CommittedOp> log = ops("tck-doc", 1, 2, "c1", 1);
      appended("tck-doc", 0, log);

      assertThat(store.append("tck-doc", 1, ops("tck-doc", 2, 3, "c2", 1))).isEqualTo(new Conflict(2));

      assertLog("tck-doc", log);
    }

    @Test
    @DisplayName("a resubmitted (client, seq) at the current head is a Conflict carrying the head and writes nothing")
    void duplicateSubmit() {
      created("tck-doc");
      List<CommittedOp> log = List.of(op("tck-doc", 1, "c1", 1), op("tck-doc", 2, "c2", 1));
      appended("tck-doc", 0, log);

      CommittedOp again = op("tck-doc", 3, "c1", 1, "[{\"insert\":\"again\"}]");
      assertThat(store.append("tck-doc", 2, List.of(again))).isEqualTo(new Conflict(2));

      assertLog("tck-doc", log);
      assertSameOp(store.findOp("tck-doc", "c1", 1).orElseThrow(), log.get(0));
    }

    @Test
    @DisplayName("a multi-op append whose last op repeats a committed (client, seq) writes none of its ops")
    void duplicateSubmitInBatch() {
      created("tck-doc");
      List<CommittedOp> log = List.of(op("tck-doc", 1, "c1", 1));
      appended("tck-doc", 0, log);

      List<CommittedOp> batch =
          List.of(op("tck-doc", 2, "c2", 1), op("tck-doc", 3, "c2", 2), op("tck-doc", 4, "c1", 1));
      assertThat(store.append("tck-doc", 1, batch)).isEqualTo(new Conflict(1));

      assertLog("tck-doc", log);
      assertThat(store.findOp("tck-doc", "c2", 1)).isEmpty();
      assertThat(store.findOp("tck-doc", "c2", 2)).isEmpty();
    }

    @Test
    @DisplayName("an append of no ops is rejected with IllegalArgumentException")
    void noOps() {
      created("tck-doc");
      assertThatThrownBy(() -> store.append("tck-doc", 0, List.of()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(store.head("tck-doc")).isZero();
    }

    @Test
    @DisplayName("ops whose versions do not start at expectedHead + 1 are rejected with IllegalArgumentException and nothing is written")
    void versionNotNext() {
      created("tck-doc");
      assertThatThrownBy(() -> store.append("tck-doc", 0, List.of(op("tck-doc", 2, "c1", 1))))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.append("tck-doc", 0, List.of(op("tck-doc", 1, "c1", 1), op("tck-doc", 3, "c1", 2))))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.append("tck-doc", 0, List.of(op("tck-doc", 1, "c1", 1), op("tck-doc", 1, "c1", 2))))
          .isInstanceOf(IllegalArgumentException.class);
      assertLog("tck-doc", List.of());
    }

    @Test
    @DisplayName("ops of another document are rejected with IllegalArgumentException and nothing is written")
    void wrongDocument() {
      created("tck-doc");
      created("tck-other");
      assertThatThrownBy(() -> store.append("tck-doc", 0, List.of(op("tck-other", 1, "c1", 1))))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.append("tck-doc", 0, List.of(op("tck-doc", 1, "c1", 1), op("tck-other", 2, "c1", 2))))
          .isInstanceOf(IllegalArgumentException.class);
      assertLog("tck-doc", List.of());
      assertLog("tck-other", List.of());
    }

    @Test
    @DisplayName("one (client, seq) twice in one append is rejected with IllegalArgumentException and nothing is written")
    void duplicateWithinBatch() {
      created("tck-doc");
      assertThatThrownBy(() -> store.append("tck-doc", 0, List.of(op("tck-doc", 1, "c1", 7), op("tck-doc", 2, "c1", 7))))
          .isInstanceOf(IllegalArgumentException.class);
      assertLog("tck-doc", List.of());
    }
  }
}
