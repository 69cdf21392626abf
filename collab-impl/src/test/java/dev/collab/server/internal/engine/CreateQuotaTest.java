package dev.collab.server.internal.engine;

import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.RoleAccessPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.ot.RichText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Documents created per user per window: past maxCreatesPerUser, rate-limited until the window ends. */
class CreateQuotaTest {
  static final User ANN = new User("ann", "Ann", Set.of(RoleAccessPolicy.WRITER));
  static final User BOB = new User("bob", "Bob", Set.of(RoleAccessPolicy.WRITER));

  /** A clock the test moves. */
  static final class TestClock extends Clock {
    volatile Instant now = Instant.parse("2026-12-01T10:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  final TestClock clock = new TestClock();
  final InMemoryDocumentStore store = new InMemoryDocumentStore();
  final CollabEngine engine = CollabEngine.builder().store(store).clock(clock)
      .config(EngineConfig.DEFAULTS.withMaxCreatesPerUser(2, Duration.ofMinutes(10))).build();

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  @DisplayName("a user's create past maxCreatesPerUser in the window is rate-limited and stores nothing")
  void pastTheQuota() {
    engine.createWithinQuota("a1", RichText.NAME, "", Map.of(), ANN);
    engine.createWithinQuota("a2", RichText.NAME, "", Map.of(), ANN);
    assertThatThrownBy(() -> engine.createWithinQuota("a3", RichText.NAME, "", Map.of(), ANN))
        .isInstanceOfSatisfying(CollabException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
          assertThat(e.getMessage()).contains("ann").contains("2").contains("PT10M");
        });
    assertThat(store.find("a3")).isEmpty();
    // Another user has a quota of their own.
    engine.createWithinQuota("b1", RichText.NAME, "", Map.of(), BOB);
  }

  @Test
  @DisplayName("the quota comes back when the window has passed")
  void nextWindow() {
    engine.createWithinQuota("a1", RichText.NAME, "", Map.of(), ANN);
    engine.createWithinQuota("a2", RichText.NAME, "", Map.of(), ANN);
    clock.now = clock.now.plus(Duration.ofMinutes(10));
    engine.createWithinQuota("a3", RichText.NAME, "", Map.of(), ANN);
    assertThat(store.find("a3")).isPresent();
  }

  @Test
  @DisplayName("a create refused for another reason (the id exists) does not use the quota")
  void failedCreatesDoNotCount() {
    engine.createWithinQuota("a1", RichText.NAME, "", Map.of(), ANN);
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> engine.createWithinQuota("a1", RichText.NAME, "", Map.of(), ANN))
          .isInstanceOf(dev.collab.DocumentExistsException.class);
    }
    engine.createWithinQuota("a2", RichText.NAME, "", Map.of(), ANN);
  }

  @Test
  @DisplayName("the application's own creates (Collab.create) are not counted")
  void applicationCreatesAreNotCounted() {
    for (int i = 0; i < 5; i++) {
      engine.create("app" + i, RichText.NAME, "", Map.of(), ANN);
    }
    engine.createWithinQuota("a1", RichText.NAME, "", Map.of(), ANN);
  }
}
