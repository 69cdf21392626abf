package dev.collab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

  @Test
  @DisplayName("steps double from the initial delay up to the max, without overflow at any attempt")
  void steps() {
    assertThat(backoff.stepMillis(0)).isEqualTo(500);
    assertThat(backoff.stepMillis(1)).isEqualTo(1000);
    assertThat(backoff.stepMillis(5)).isEqualTo(16_000);
    assertThat(backoff.stepMillis(6)).isEqualTo(30_000);
    long previous = 0;
    for (int attempt = 0; attempt < 200; attempt++) {
      long step = backoff.stepMillis(attempt);
      assertThat(step).isBetween(previous, 30_000L);
      previous = step;
    }
    assertThat(backoff.stepMillis(Integer.MAX_VALUE)).isEqualTo(30_000);
  }

  @Test
  @DisplayName("a delay is jittered within [step/2, step]; a prompt one within [0, initial]; both spread out")
  void jitter() {
    Random random = new Random(42);
    for (int attempt = 0; attempt < 40; attempt++) {
      long step = backoff.stepMillis(attempt);
      for (int i = 0; i < 50; i++) {
        assertThat(backoff.delayMillis(attempt, random)).isBetween(step / 2, step);
        assertThat(backoff.promptMillis(random)).isBetween(0L, 500L);
      }
    }
    java.util.Set<Long> distinct = new java.util.HashSet<>();
    for (int i = 0; i < 100; i++) {
      distinct.add(backoff.delayMillis(10, random));
    }
    assertThat(distinct.size()).isGreaterThan(50);
  }

  @Test
  @DisplayName("bad bounds are refused")
  void bounds() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
  }
}
