package dev.collab.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ServerMessage;
import dev.collab.tck.WireSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Collab's own idle timeout over the real wire ({@code collab.idle-timeout}, 2 s here): the
 * container's is off (its timer misfired on Payara, see {@code ConnectionStormIT}), so this is the
 * one that closes a silent connection.
 */
class IdleTimeoutIT {
  private static SettingsApp app;

  @BeforeAll
  static void boot() throws Exception {
    app = SettingsApp.start(Map.of("collab.idle-timeout", "PT2S"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) {
      app.closeClients();
      app.close();
    }
  }

  @Test
  @DisplayName("a client silent for more than collab.idle-timeout is closed with 1000 naming the setting; one that pings every 500 ms stays open past it")
  void silentClientIsClosed() throws Exception {
    WireSocket silent = app.connect("ann");
    silent.hello("silent");
    WireSocket chatty = app.connect("bob");
    chatty.hello("chatty");
    for (int i = 0; i < 12; i++) {
      chatty.send(new ClientMessage.Ping());
      chatty.next(ServerMessage.Pong.class);
      TimeUnit.MILLISECONDS.sleep(500);
    }
    assertThat(chatty.isClosed()).as("the client that pings, after 6 s").isFalse();
    assertThat(silent.closeCode()).isEqualTo(1000);
    assertThat(silent.closeReason()).contains("collab.idle-timeout");
  }
}
