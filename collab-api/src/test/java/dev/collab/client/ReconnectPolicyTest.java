package dev.collab.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The reconnect decisions CollabClient delegates: backoff steps, overload floor, give-up, failover. */
class ReconnectPolicyTest {
  private static final long SEED = Long.getLong("collab.seed", new Random().nextLong());
  private static final URI A = URI.create("ws://a/collab/ws");
  private static final URI B = URI.create("ws://b/collab/ws");

  static {
    System.out.println("ReconnectPolicyTest seed: " + SEED + " (rerun with -Dcollab.seed=" + SEED + ")");
  }

  private static ReconnectPolicy policy(List<URI> uris, int maxAttempts) {
    return new ReconnectPolicy(uris, new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30)), new Random(SEED),
        maxAttempts);
  }

  @Test
  @DisplayName("consecutive losses back off exponentially within [step/2, step], and give up after the limit")
  void backsOffThenGivesUp() {
    ReconnectPolicy p = policy(List.of(A), 3);
    assertThat(p.nextDelay(1006, false)).isBetween(250L, 500L);
    assertThat(p.nextDelay(1006, false)).isBetween(500L, 1000L);
    assertThat(p.nextDelay(1006, false)).isBetween(1000L, 2000L);
    assertThat(p.nextDelay(1006, false)).isEqualTo(-1);
    assertThat(p.attempts()).isEqualTo(3);
  }

  @Test
  @DisplayName("a stable connection starts the backoff over; an overload close never starts below step 2")
  void stableResetsAndOverloadFloors() {
    ReconnectPolicy p = policy(List.of(A), 30);
    p.nextDelay(1006, false);
    p.nextDelay(1006, false);
    assertThat(p.nextDelay(1006, true)).isBetween(250L, 500L);
    assertThat(p.nextDelay(ReconnectPolicy.TRY_LATER, true)).isBetween(1000L, 2000L);
    assertThat(p.nextDelay(ReconnectPolicy.TOO_BIG, true)).isBetween(1000L, 2000L);
  }

  @Test
  @DisplayName("a draining server (1001) gets a prompt reconnect that counts no attempt, even at the limit")
  void goingAwayIsPrompt() {
    ReconnectPolicy p = policy(List.of(A), 0);
    assertThat(p.nextDelay(ReconnectPolicy.GOING_AWAY, false)).isBetween(0L, 500L);
    assertThat(p.attempts()).isZero();
    assertThat(p.nextDelay(1006, false)).isEqualTo(-1);
  }

  @Test
  @DisplayName("failover dials the configured servers round robin; with one server it stays")
  void failoverRoundRobin() {
    ReconnectPolicy two = policy(List.of(A, B), 30);
    assertThat(two.uri()).isEqualTo(A);
    two.advance();
    assertThat(two.uri()).isEqualTo(B);
    two.advance();
    assertThat(two.uri()).isEqualTo(A);
    ReconnectPolicy one = policy(List.of(A), 30);
    one.advance();
    assertThat(one.uri()).isEqualTo(A);
  }
}
