package dev.collab.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.CommittedOp;
import dev.collab.DocumentInfo;
import dev.collab.spi.AppendRequest;
import dev.collab.spi.AppendResult;
import dev.collab.spi.AppendResult.Appended;
import dev.collab.spi.AppendResult.Conflict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * How {@link JpaDocumentStore#appendAll} uses transactions (the kit checks its results): one
 * transaction for a batch of many documents, and the fallback to one per document after a key
 * violation. Transactions are counted by wrapping {@link JpaTransactions}.
 */
class JpaGroupCommitTest {
  private static TestDatabase database;
  private final AtomicInteger transactions = new AtomicInteger();
  private final AtomicInteger failedTransactions = new AtomicInteger();
  private JpaDocumentStore store;

  @BeforeAll
  static void createDatabase() throws Exception {
    database = TestDatabase.h2();
  }

  @AfterAll
  static void dropDatabase() throws Exception {
    database.close();
  }

  @BeforeEach
  void emptyStore() {
    database.clear();
    JpaTransactions real = JpaTransactions.resourceLocal(database.factory());
    store = new JpaDocumentStore(new JpaTransactions() {
      @Override
      public <T> T inTransaction(Function<EntityManager, T> work) {
        transactions.incrementAndGet();
        try {
          return real.inTransaction(work);
        } catch (RuntimeException e) {
          failedTransactions.incrementAndGet();
          throw e;
        }
      }
    });
  }

  private static CommittedOp op(String document, long version, String client, long seq) {
    return new CommittedOp(document, version, "[{\"insert\":\"" + client + seq + "\"}]", client, seq, "u", "U",
        Instant.parse("2026-11-28T12:00:00Z"));
  }

  private void create(String id) {
    assertThat(store.create(new DocumentInfo(id, "rich-text", id, Map.of(), "u", Instant.parse("2026-11-28T12:00:00Z")))).isTrue();
  }

  @Test
  @DisplayName("appends to 50 documents, two ops each, are one transaction")
  void oneTransactionForManyDocuments() {
    List<AppendRequest> requests = new ArrayList<>();
    for (int d = 0; d < 50; d++) {
      create("d" + d);
      requests.add(new AppendRequest("d" + d, 0, List.of(op("d" + d, 1, "c", 1), op("d" + d, 2, "c", 2))));
    }
    transactions.set(0);

    List<AppendResult> results = store.appendAll(requests);

    assertThat(results).hasSize(50).allMatch(r -> r.equals(new Appended(1, 2)));
    assertThat(transactions).hasValue(1);
    assertThat(failedTransactions).hasValue(0);
    for (int d = 0; d < 50; d++) {
      assertThat(store.head("d" + d)).isEqualTo(2);
    }
  }

  @Test
  @DisplayName("a stale head in the batch is answered from the head query, still in one transaction")
  void staleHeadNeedsNoFallback() {
    create("a");
    create("b");
    assertThat(store.append("b", 0, List.of(op("b", 1, "c", 1)))).isEqualTo(new Appended(1, 1));
    transactions.set(0);

    List<AppendResult> results = store.appendAll(List.of(
        new AppendRequest("a", 0, List.of(op("a", 1, "c", 1))), new AppendRequest("b", 0, List.of(op("b", 1, "x", 1)))));

    assertThat(results).containsExactly(new Appended(1, 1), new Conflict(1));
    assertThat(transactions).hasValue(1);
  }

  @Test
  @DisplayName("a key violation rolls the batch back and each request is retried alone; only the conflicting one loses")
  void keyViolationFallsBackToOneTransactionEach() {
    for (String id : List.of("a", "b", "c")) {
      create(id);
    }
    assertThat(store.append("b", 0, List.of(op("b", 1, "c", 1)))).isEqualTo(new Appended(1, 1));
    transactions.set(0);

    // b's head is right, but (c, 1) is committed there already: only the unique key sees it
    List<AppendResult> results = store.appendAll(List.of(
        new AppendRequest("a", 0, List.of(op("a", 1, "c", 1))),
        new AppendRequest("b", 1, List.of(op("b", 2, "c", 1))),
        new AppendRequest("c", 0, List.of(op("c", 1, "c", 1)))));

    assertThat(results).containsExactly(new Appended(1, 1), new Conflict(1), new Appended(1, 1));
    // the batch (rolled back), one append per request, and the conflicting one's head read
    assertThat(failedTransactions.get()).isEqualTo(2);
    assertThat(transactions).hasValue(1 + 3 + 1);
    assertThat(store.head("a")).isEqualTo(1);
    assertThat(store.head("b")).isEqualTo(1);
    assertThat(store.head("c")).isEqualTo(1);
  }
}
