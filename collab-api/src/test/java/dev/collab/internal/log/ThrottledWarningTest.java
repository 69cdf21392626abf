package dev.collab.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ThrottledWarningTest {
  /** Keeps what was logged. */
  static final class Recorder implements System.Logger {
    final List<String> lines = new ArrayList<>();

    @Override public String getName() { return "recorder"; }
    @Override public boolean isLoggable(Level level) { return true; }
    @Override public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
      lines.add(level + " " + message);
    }
    @Override public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      lines.add(level + " " + format);
    }
    @Override public void log(Level level, Supplier<String> supplier, Throwable thrown) {
      lines.add(level + " " + supplier.get());
    }
  }

  @Test
  void theFirstLossIsLoggedAndTheNextOnesWithinTheIntervalAreCountedIntoTheNextLine() {
    Recorder log = new Recorder();
    AtomicLong clock = new AtomicLong(1_000);
    ThrottledWarning warning = new ThrottledWarning(log, "collab: test bus: ", Duration.ofMillis(200), clock::get);
    assertThat(warning.warn("lost one", null)).isTrue();
    assertThat(warning.warn("lost two", null)).isFalse();
    assertThat(warning.warn("lost three", null)).isFalse();
    assertThat(log.lines).containsExactly(
        "WARNING collab: test bus: lost one (1 such losses since the last warning, at most one warning per PT0.2S)");
    clock.addAndGet(Duration.ofMillis(200).toNanos());
    assertThat(warning.warn("lost four", new IllegalStateException("down"))).isTrue();
    assertThat(log.lines).hasSize(2);
    assertThat(log.lines.get(1)).startsWith("WARNING collab: test bus: lost four (3 such losses since the last warning");
  }

  @Test
  void aMinuteReadsAsOne() {
    Recorder log = new Recorder();
    new ThrottledWarning(log, "p: ", Duration.ofMinutes(1)).warn("x", null);
    assertThat(log.lines).containsExactly("WARNING p: x (1 such losses since the last warning, at most one warning a minute)");
  }
}
