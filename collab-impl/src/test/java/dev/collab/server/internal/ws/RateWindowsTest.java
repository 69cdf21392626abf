package dev.collab.server.internal.ws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateWindowsTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aUsersMessagesShareOneWindowWhicheverConnectionSendsThem() {
    RateWindows windows = new RateWindows(3);
    long now = 10 * SECOND;
    assertThat(windows.count("ann", now)).isEqualTo(RateWindow.Verdict.ACCEPT);
    assertThat(windows.count("ann", now + 1)).isEqualTo(RateWindow.Verdict.ACCEPT);
    assertThat(windows.count("bob", now + 2)).isEqualTo(RateWindow.Verdict.ACCEPT);
    assertThat(windows.count("ann", now + 3)).isEqualTo(RateWindow.Verdict.ACCEPT);
    assertThat(windows.count("ann", now + 4)).isEqualTo(RateWindow.Verdict.REFUSE);
    assertThat(windows.count("ann", now + SECOND)).isEqualTo(RateWindow.Verdict.ACCEPT);
  }

  @Test
  void windowsOfUsersGoneQuietAreSweptAndNothingChangesForThem() {
    RateWindows windows = new RateWindows(2);
    long start = System.nanoTime();
    for (int i = 0; i < 10_000; i++) {
      windows.count("user-" + i, start + i);
    }
    assertThat(windows.size()).isEqualTo(10_000);

    long later = start + 3 * SECOND;
    windows.count("ann", later);
    assertThat(windows.size()).as("only the user active in the last seconds is held").isEqualTo(1);

    // A swept user starts from a fresh window: the limit applies as it always did.
    assertThat(windows.count("user-7", later)).isEqualTo(RateWindow.Verdict.ACCEPT);
    assertThat(windows.count("user-7", later + 1)).isEqualTo(RateWindow.Verdict.ACCEPT);
    assertThat(windows.count("user-7", later + 2)).isEqualTo(RateWindow.Verdict.REFUSE);
  }

  @Test
  void aWindowStillInUseIsNotSwept() {
    RateWindows windows = new RateWindows(1);
    long start = System.nanoTime();
    windows.count("quiet", start);
    windows.count("busy", start + SECOND + SECOND / 2);
    // The sweep at start + 2.5 s drops "quiet" (idle 2.5 s) and keeps "busy" (window 1 s old),
    // whose second message in the same window is still refused.
    assertThat(windows.count("busy", start + 2 * SECOND + SECOND / 2 - 1)).isEqualTo(RateWindow.Verdict.REFUSE);
    assertThat(windows.size()).isEqualTo(1);
  }
}
