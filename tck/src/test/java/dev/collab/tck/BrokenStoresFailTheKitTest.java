package dev.collab.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.spi.DocumentStore;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;

/**
 * The kit must catch broken stores: runs it through the JUnit Platform Launcher against a correct
 * store (every test passes) and against each broken one (the tests aimed at its mistake fail).
 *
 * <p>The kit subclasses are static nested classes, which Surefire does not run by itself.
 */
class BrokenStoresFailTheKitTest {
  /** Runs of the race against the check-then-write store: each one must catch it. */
  static final int LOST_UPDATE_RUNS = 20;

  static class Simple extends DocumentStoreContractKit {
    @Override
    protected DocumentStore createStore() {
      return new ReferenceStore();
    }
  }

  static class LostUpdate extends DocumentStoreContractKit {
    @Override
    protected DocumentStore createStore() {
      return new BrokenStores.LostUpdateStore();
    }
  }

  static class NoSubmitKey extends DocumentStoreContractKit {
    @Override
    protected DocumentStore createStore() {
      return new BrokenStores.NoSubmitKeyStore();
    }
  }

  static class PartialBatch extends DocumentStoreContractKit {
    @Override
    protected DocumentStore createStore() {
      return new BrokenStores.PartialBatchStore();
    }
  }

  static class LiveView extends DocumentStoreContractKit {
    @Override
    protected DocumentStore createStore() {
      return new BrokenStores.LiveViewStore();
    }
  }

  static class WriteBehind extends DocumentStoreContractKit {
    @Override
    protected DocumentStore createStore() {
      return new BrokenStores.WriteBehindStore();
    }

    @Override
    protected DocumentStore crashAndReopen(DocumentStore crashed) {
      return ((BrokenStores.WriteBehindStore) crashed).reopen();
    }
  }

  static class LeakyGrants extends DocumentStoreContractKit {
    @Override
    protected DocumentStore createStore() {
      return new BrokenStores.LeakyGrantsStore();
    }
  }

  @Test
  @DisplayName("a store whose grants outlive their document fails the grant tests of deletion and unknown documents, and only those")
  void leakyGrantsFail() {
    assertThat(failed(run(LeakyGrants.class)))
        .containsExactlyInAnyOrder("Grants.deleteTakesTheGrants", "Grants.unknownDocument");
  }

  static class CorrectComments extends DocumentStoreContractKit {
    @Override
    protected DocumentStore createStore() {
      return new BrokenCommentStores.CorrectComments();
    }
  }

  static class CheckThenWriteComments extends DocumentStoreContractKit {
    @Override
    protected DocumentStore createStore() {
      return new BrokenCommentStores.CheckThenWriteComments();
    }
  }

  static class LeakyComments extends DocumentStoreContractKit {
    @Override
    protected DocumentStore createStore() {
      return new BrokenCommentStores.LeakyComments();
    }
  }

  @Test
  @DisplayName("a correct comment store passes every comment test")
  void correctCommentsPass() {
    Map<String, TestExecutionResult> results = run(CorrectComments.class);
    assertThat(results.keySet().stream().filter(name -> name.startsWith("CommentThreads."))).hasSizeGreaterThan(10);
    assertThat(failed(results)).isEmpty();
  }

  @Test
  @DisplayName("a comment store that checks the revision and writes in two steps fails the racing saves, and only that")
  void checkThenWriteCommentsFail() {
    assertThat(failed(run(CheckThenWriteComments.class))).containsExactly("CommentThreads.racingSaves");
  }

  @Test
  @DisplayName("a comment store whose threads outlive their document fails the deletion tests, and only those")
  void leakyCommentsFail() {
    assertThat(failed(run(LeakyComments.class)))
        .containsExactlyInAnyOrder("CommentThreads.deleteTakesTheThreads", "CommentThreads.savesRacingDocumentDelete");
  }

  /** A store whose health probe always fails, as one whose database cannot be reached would. */
  static class Unreachable extends DocumentStoreContractKit {
    @Override
    protected DocumentStore createStore() {
      return new dev.collab.tck.deployment.DelegatingStore(new ReferenceStore()) {
        @Override
        public void checkHealth() {
          throw new IllegalStateException("unreachable");
        }
      };
    }
  }

  @Test
  @DisplayName("a store whose health probe fails fails the health test, and only that")
  void failingProbeFails() {
    assertThat(failed(run(Unreachable.class))).containsExactly("Health.healthyStorePasses");
  }

  @Test
  @DisplayName("a store that acknowledges appends before they are durable fails the crash tests, and only those")
  void writeBehindFails() {
    assertThat(failed(run(WriteBehind.class)))
        .containsExactlyInAnyOrder("Faults.lostAcknowledgement", "Faults.crashWhileWriting");
  }

  @Test
  @DisplayName("a correct store passes every test of the kit")
  void correctStorePasses() {
    Map<String, TestExecutionResult> results = run(Simple.class);
    assertThat(results).hasSizeGreaterThan(40);
    assertThat(failed(results)).isEmpty();
    TestExecutionResult retention = results.get("Retention.pruneKeepsASuffixAndTheHead");
    assertThat(retention.getStatus()).as("retention of a store without pruning").isEqualTo(TestExecutionResult.Status.ABORTED);
    assertThat(retention.getThrowable().orElseThrow()).hasMessageContaining("leaves pruneHistory at its default");
  }

  @Test
  @DisplayName("a store that checks the head and writes in two steps fails the race for each version, and nothing but the race tests")
  void lostUpdateFails() {
    // raceForEachVersion starts every round's appends together (SpinBarrier): it catches the lost
    // update every time (lostUpdateCaughtEveryTime). The other race tests start once and may or
    // may not collide in the window; nothing else may fail.
    assertThat(failed(run(LostUpdate.class)))
        .contains("Concurrency.raceForEachVersion")
        .isSubsetOf("Concurrency.raceForEachVersion", "Concurrency.writersWithRetries",
            "AppendingToSeveralDocuments.racingBatches", "Faults.crashWhileWriting");
  }

  @RepeatedTest(LOST_UPDATE_RUNS)
  @DisplayName("the race for each version catches a check-then-write store in every run")
  void lostUpdateCaughtEveryTime() {
    assertThat(failed(KitRunner.run(LostUpdate.class, StoreKitConcurrency.Concurrency.class, "raceForEachVersion")))
        .containsExactly("Concurrency.raceForEachVersion");
  }

  @Test
  @DisplayName("a store that ignores (client, seq) fails the resubmission tests (a resubmission after a lost acknowledgement too)")
  void noSubmitKeyFails() {
    assertThat(failed(run(NoSubmitKey.class)))
        .containsExactlyInAnyOrder("ConditionalAppend.duplicateSubmit", "ConditionalAppend.duplicateSubmitInBatch",
            "AppendingToSeveralDocuments.resubmissionInABatch", "Faults.lostAcknowledgement");
  }

  @Test
  @DisplayName("a store whose readOps returns a live view of its log fails the snapshot test, and only that")
  void liveViewFails() {
    assertThat(failed(run(LiveView.class))).containsExactly("Reading.unmodifiableSnapshots");
  }

  @Test
  @DisplayName("a store that writes part of a batch fails the all-or-nothing test")
  void partialBatchFails() {
    assertThat(failed(run(PartialBatch.class))).containsExactly("ConditionalAppend.duplicateSubmitInBatch");
  }

  private static Map<String, TestExecutionResult> run(Class<?> kit) {
    return KitRunner.run(kit);
  }

  private static java.util.List<String> failed(Map<String, TestExecutionResult> results) {
    return KitRunner.failed(results);
  }
}
