package dev.collab.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.Access;
import dev.collab.User;
import dev.collab.spi.AccessPolicy;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;

/**
 * The policy kit must catch broken policies: a correct one passes its decisions, one that caches
 * for ever and one that ignores the document fail. (Without an engine here the revocation tests
 * are skipped; collab-impl's tests run them through the real engine, the broken policy included.)
 */
class BrokenPoliciesFailTheKitTest {

  abstract static class OverTable extends AccessPolicyContractKit {
    final GrantTable table = new GrantTable();

    @Override
    protected User grant(String userId, String documentId, Access access) {
      return table.grant(userId, documentId, access);
    }
  }

  static class Correct extends OverTable {
    @Override
    protected AccessPolicy createPolicy() {
      return table.policy();
    }
  }

  static class CachingForever extends OverTable {
    @Override
    protected AccessPolicy createPolicy() {
      return table.cachingForever();
    }
  }

  static class IgnoringDocument extends OverTable {
    @Override
    protected AccessPolicy createPolicy() {
      return table.ignoringDocument();
    }
  }

  @Test
  @DisplayName("a correct policy passes every decision test; the revocation tests are skipped without an engine")
  void correctPolicyPasses() {
    Map<String, TestExecutionResult> results = KitRunner.run(Correct.class);
    assertThat(results).hasSize(10);
    assertThat(KitRunner.failed(results)).isEmpty();
    assertThat(results.entrySet().stream().filter(e -> e.getValue().getStatus() == TestExecutionResult.Status.ABORTED))
        .extracting(Map.Entry::getKey)
        .containsExactlyInAnyOrder("Revocation.writerRevoked", "Revocation.readerCutOff", "Revocation.upgradeSeen",
            "Revocation.othersUntouched");
  }

  @Test
  @DisplayName("a policy that remembers its first answer for ever fails the test of changes")
  void cachingForeverFails() {
    assertThat(KitRunner.failed(KitRunner.run(CachingForever.class))).containsExactly("Decisions.changesAreSeen");
  }

  @Test
  @DisplayName("a policy that ignores the document fails the per-document test")
  void ignoringDocumentFails() {
    assertThat(KitRunner.failed(KitRunner.run(IgnoringDocument.class))).containsExactly("Decisions.perDocumentGrants");
  }
}
