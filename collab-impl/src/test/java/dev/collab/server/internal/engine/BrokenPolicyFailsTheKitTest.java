package dev.collab.server.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.collab.Access;
import dev.collab.spi.AccessPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The policy kit must catch a policy that ignores revocation. Run through Collab's engine, a policy
 * that remembers its first decision for ever fails the kit's test of changes and every revocation
 * test in which a connected user's grant changes; the others pass.
 */
class BrokenPolicyFailsTheKitTest {

  /** Broken on purpose: the first decision for a (user, document) is kept for ever. */
  static class CachingForever extends GrantPolicyContractTest {
    @Override
    protected AccessPolicy createPolicy() {
      AccessPolicy reading = super.createPolicy();
      Map<String, Access> memo = new ConcurrentHashMap<>();
      return (user, documentId) -> memo.computeIfAbsent(user.id() + '\n' + documentId, k -> reading.access(user, documentId));
    }
  }

  @Test
  @DisplayName("a policy that caches for ever fails the changes test and the four revocation tests through the engine")
  void cachingForeverFails() {
    List<String> failed = new ArrayList<>();
    List<String> passed = new ArrayList<>();
    LauncherFactory.create().execute(
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(CachingForever.class)).build(),
        new TestExecutionListener() {
          @Override
          public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.isTest() && test.getSource().orElse(null) instanceof MethodSource method) {
              (result.getStatus() == TestExecutionResult.Status.FAILED ? failed : passed).add(method.getMethodName());
            }
          }
        });
    assertThat(failed).containsExactlyInAnyOrder("changesAreSeen", "writerRevoked", "readerCutOff", "upgradeSeen", "othersUntouched");
    assertThat(passed).hasSize(5);
  }
}
