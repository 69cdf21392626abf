package dev.collab.server.internal.engine;

import dev.collab.CollabException;
import dev.collab.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many documents each user created in the current period of {@link EngineConfig#createWindow()}
 * (fixed periods per user, starting with the user's first create): past {@link
 * EngineConfig#maxCreatesPerUser()} a create is refused with {@code rate-limited} until the period
 * ends. Periods that ended are swept out (at most once per period, by whichever create comes
 * along), so the map holds the users who created something lately. Thread-safe.
 */
final class CreateQuota {
  private record Period(long startMillis, int count) {}

  private final int max;
  private final Duration window;
  private final long windowMillis;
  private final Clock clock;
  private final ConcurrentHashMap<String, Period> periods = new ConcurrentHashMap<>();
  private final AtomicLong lastSweep;

  CreateQuota(EngineConfig config, Clock clock) {
    this.max = config.maxCreatesPerUser();
    this.window = config.createWindow();
    this.windowMillis = Math.max(1, window.toMillis());
    this.clock = clock;
    this.lastSweep = new AtomicLong(clock.millis());
  }

  /** Counts one create of {@code userId}, or refuses it with {@code rate-limited} past the quota. */
  void take(String userId) {
    long now = clock.millis();
    long last = lastSweep.get();
    if (now - last >= windowMillis && lastSweep.compareAndSet(last, now)) {
      periods.values().removeIf(p -> now - p.startMillis() >= windowMillis);
    }
    boolean[] refused = new boolean[1];
    periods.compute(userId, (id, p) -> {
      if (p == null || now - p.startMillis() >= windowMillis) {
        return new Period(now, 1);
      }
      if (p.count() >= max) {
        refused[0] = true;
        return p;
      }
      return new Period(p.startMillis(), p.count() + 1);
    });
    if (refused[0]) {
      throw new CollabException(ErrorCode.RATE_LIMITED, "user " + userId + " created " + max
          + " documents within " + window + ", the most allowed (collab.max-creates-per-user); try again later");
    }
  }

  /** Gives back a create that {@link #take} counted but that did not happen (the id existed, the store failed). */
  void giveBack(String userId) {
    periods.computeIfPresent(userId, (id, p) -> new Period(p.startMillis(), Math.max(0, p.count() - 1)));
  }
}
